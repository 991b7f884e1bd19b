// The four commands of `karapace_schema_backup`, composed from the backup formats (src/backup) and Kafka
// (src/kafka/backup-topic.ts). Informational lines go to stderr, so `get --location -` keeps stdout for the backup.
import { buildConfig, readConfigFile, type Config } from '../config.ts';
import { AtomicFile, StagingDirectory, StdoutSink, type Sink } from '../backup/atomic-file.ts';
import { RunningChecksum, CHECKSUM_ALGORITHM } from '../backup/checksum.ts';
import { BackupError } from '../backup/errors.ts';
import { inspectBackup, verifyBackup, type VerifyLevel } from '../backup/inspect.ts';
import { openBackup, type BackupSource } from '../backup/open.ts';
import type { BackupRecord } from '../backup/record.ts';
import { encodeV2Line, V2_MARKER } from '../backup/v2.ts';
import { dataFileName, DataFileEncoder, encodeMetadata, metadataFileName } from '../backup/v3/writer.ts';
import { BackupKafka, type TopicState } from '../kafka/backup-topic.ts';
import { decodeRecord } from '../store/records.ts';
import { startProgress } from './backup-progress.ts';
import packageJson from '../../package.json' with { type: 'json' };

export interface Output {
  info(line: string): void;
  debug(line: string): void;
}

const TOOL_VERSION: string = packageJson.version;

const rate = (count: number, ms: number) => (ms > 0 ? Math.round((count * 1000) / ms) : count);

function loadConfig(file: string): Config {
  return buildConfig(readConfigFile(file), process.env, file);
}

function checkSinglePartition(topic: string, state: TopicState): void {
  if (state.partitions !== 1) {
    throw new BackupError(`topic "${topic}" has ${state.partitions} partitions; only single-partition topics (as the schemas topic must be) can be backed up and restored`);
  }
}

export interface GetOptions {
  readonly config: string;
  readonly location: string;
  readonly topic?: string;
  readonly overwrite: boolean;
  readonly pollTimeoutMs: number;
  readonly useFormatV3: boolean;
  readonly replicationFactor?: number;
}

/** `get`: reads the topic from its first offset to the end offset seen at start and writes it atomically. */
export async function getBackup(options: GetOptions, out: Output): Promise<void> {
  const config = loadConfig(options.config);
  const topic = options.topic ?? config.topic_name;
  const toStdout = options.location === '' || options.location === '-';
  if (options.useFormatV3 && options.replicationFactor === undefined) throw new BackupError('--use-format-v3 needs --replication-factor (it is stored in the backup and used to create the topic on restore)');
  if (options.useFormatV3 && toStdout) throw new BackupError('a v3 backup is a directory and cannot be written to standard output; pass --location');
  // The destination is checked (and its temporary created) before Kafka is asked anything.
  const staging = options.useFormatV3 ? new StagingDirectory(options.location, { overwrite: options.overwrite }) : undefined;
  const file = !options.useFormatV3 && !toStdout ? new AtomicFile(options.location, { overwrite: options.overwrite }) : undefined;
  const kafka = new BackupKafka(config);
  try {
    const startedAt = Date.now();
    const state = await kafka.describe(topic);
    if (!state) throw new BackupError(`topic "${topic}" does not exist (Kafka at ${config.bootstrap_uri})`);
    checkSinglePartition(topic, state);
    const total = state.latest - state.earliest;
    out.debug(`reading topic "${topic}" offsets ${state.earliest}..${state.latest - 1} (replication factor ${state.replicationFactor}, configs ${JSON.stringify(state.configs)})`);
    const progress = startProgress('get', total);
    const records = kafka.read(topic, { from: state.earliest, to: state.latest, pollTimeoutMs: options.pollTimeoutMs });
    let count = 0;
    if (staging) {
      const encoder = new DataFileEncoder(await RunningChecksum.create());
      const name = dataFileName(topic, 0);
      let dataFile: AtomicFile | undefined;
      for await (const batch of records) {
        dataFile ??= staging.file(name);
        for (const record of batch) dataFile.write(encoder.encode(record));
        count += batch.length;
        progress.add(batch.length);
      }
      dataFile?.commit();
      const entry = encoder.finish(name, 0);
      const metadata = staging.file(metadataFileName(topic));
      metadata.write(encodeMetadata({
        version: 3,
        tool_name: 'karapace-ts',
        tool_version: TOOL_VERSION,
        started_at: startedAt,
        finished_at: Date.now(),
        record_count: count,
        topic_name: topic,
        topic_id: null,
        partition_count: 1,
        replication_factor: options.replicationFactor as number,
        topic_configurations: state.configs,
        data_files: entry ? [entry] : [],
        checksum_algorithm: CHECKSUM_ALGORITHM,
      }));
      metadata.commit();
      progress.stop();
      staging.commit();
    } else {
      const stdout = file ? undefined : new StdoutSink();
      const sink: Sink = file ?? (stdout as StdoutSink);
      await sink.write(V2_MARKER);
      for await (const batch of records) {
        let text = '';
        for (const record of batch) text += encodeV2Line(record);
        await sink.write(text);
        count += batch.length;
        progress.add(batch.length);
      }
      progress.stop();
      file?.commit();
      await stdout?.flush();
    }
    const ms = Date.now() - startedAt;
    const where = staging?.target ?? file?.target ?? 'standard output';
    out.info(`Backed up ${count} records of topic "${topic}" to ${where} in format ${options.useFormatV3 ? 'v3' : 'v2'} in ${(ms / 1000).toFixed(1)} s (${rate(count, ms)} records/s)`);
  } catch (error) {
    staging?.abort();
    file?.abort();
    throw error;
  } finally {
    await kafka.close();
  }
}

export interface RestoreOptions {
  readonly config: string;
  readonly location: string;
  readonly topic?: string;
  readonly skipTopicCreation: boolean;
  readonly overrideReplicationFactor?: number;
  readonly allowNonEmptyTopic: boolean;
}

/** What the topic already holds, in words, for the refusal to restore into it. */
async function describeContents(kafka: BackupKafka, topic: string, state: TopicState): Promise<string> {
  const total = state.latest - state.earliest;
  const parts: string[] = [];
  if (total <= 100_000) {
    const kinds = new Map<string, number>();
    const subjects = new Set<string>();
    for await (const batch of kafka.read(topic, { from: state.earliest, to: state.latest, pollTimeoutMs: 10_000 })) {
      for (const record of batch) {
        const decoded = decodeRecord(record.key, record.value);
        const kind = decoded?.keytype ?? 'other';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (decoded?.keytype === 'SCHEMA') subjects.add(decoded.subject);
      }
    }
    for (const [kind, n] of [...kinds].sort()) parts.push(`${n} ${kind}`);
    if (subjects.size > 0) parts.push(`schema records for ${subjects.size} subject(s)`);
  }
  return `offsets ${state.earliest}..${state.latest - 1}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

async function prepareTopic(kafka: BackupKafka, topic: string, source: BackupSource, options: RestoreOptions, config: Config, out: Output): Promise<void> {
  const state = await kafka.describe(topic);
  if (state) {
    checkSinglePartition(topic, state);
    if (state.latest > state.earliest && !options.allowNonEmptyTopic) {
      const contents = await describeContents(kafka, topic, state);
      throw new BackupError(`topic "${topic}" already holds records (${contents}); restoring would append the backup after them. `
        + 'Restore into a new topic (--topic), or pass --allow-non-empty-topic to append anyway');
    }
    out.debug(`topic "${topic}" exists with ${state.latest - state.earliest} records; its configuration is kept`);
    return;
  }
  if (options.skipTopicCreation) throw new BackupError(`topic "${topic}" does not exist and --skip-topic-creation was given`);
  const layout = source.layout;
  const replicationFactor = options.overrideReplicationFactor ?? layout?.replicationFactor ?? config.replication_factor;
  const configs = layout?.configs ?? { 'cleanup.policy': 'compact' };
  await kafka.create(topic, { replicationFactor, configs });
  out.info(`Created topic "${topic}" (1 partition, replication factor ${replicationFactor}, ${JSON.stringify(configs)})`);
}

/** `restore`: verifies the whole backup first, then creates the topic if needed and produces every record in order. */
export async function restoreBackup(options: RestoreOptions, out: Output, onProduced: (count: number) => void = () => {}): Promise<void> {
  const source = await openBackup(options.location);
  out.debug(`${source.file}: format ${source.format}`);
  // Every record is read and every checksum checked before anything is produced: a corrupt backup produces nothing.
  const verifying = startProgress('verify ', source.declaredCount);
  let total = 0;
  for (const batch of source.batches()) {
    total += batch.length;
    verifying.add(batch.length);
  }
  verifying.stop();
  const config = loadConfig(options.config);
  const topic = options.topic ?? config.topic_name;
  if (source.layout && source.layout.name !== topic) out.info(`Restoring the backup of topic "${source.layout.name}" into topic "${topic}"`);
  const kafka = new BackupKafka(config);
  try {
    await prepareTopic(kafka, topic, source, options, config, out);
    const started = Date.now();
    const progress = startProgress('restore', total);
    let produced = 0;
    let pending: BackupRecord[] = [];
    const flush = async () => {
      await kafka.produce(topic, pending);
      produced += pending.length;
      onProduced(produced);
      progress.add(pending.length);
      pending = [];
    };
    // The second read verifies again and hands out only records a checkpoint has vouched for.
    for (const batch of source.batches()) {
      pending.push(...batch);
      if (pending.length >= 2000) await flush();
    }
    if (pending.length > 0) await flush();
    progress.stop();
    const ms = Date.now() - started;
    out.info(`Restored ${produced} records from ${source.file} (format ${source.format}) to topic "${topic}" in ${(ms / 1000).toFixed(1)} s (${rate(produced, ms)} records/s)`);
  } finally {
    await kafka.close();
  }
}

/** `inspect`: the backup's metadata as JSON on stdout. */
export async function inspectCommand(location: string): Promise<void> {
  const source = await openBackup(location);
  process.stdout.write(`${JSON.stringify(inspectBackup(source), null, 2)}\n`);
}

/** `verify`: true when every file is intact. */
export async function verifyCommand(location: string, level: VerifyLevel): Promise<boolean> {
  const source = await openBackup(location);
  const progress = startProgress('verify', source.declaredCount);
  const results = await verifyBackup(source, level, (n) => progress.add(n));
  progress.stop();
  for (const result of results) {
    process.stdout.write(`Integrity of ${result.file} is ${result.intact ? 'intact' : 'not intact!'} (${result.detail})\n`);
  }
  const ok = results.every((r) => r.intact);
  process.stdout.write(ok ? `Verified ${results.length} data file(s) in backup OK (level ${level}).\n` : 'Failed to verify the integrity of some data files.\n');
  return ok;
}
