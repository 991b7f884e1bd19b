// Retries an assertion for a few seconds: what the REST proxy changes in Kafka (dynamic configs, group state)
// reaches every broker through the metadata log, a moment after the change is acknowledged.
export async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
