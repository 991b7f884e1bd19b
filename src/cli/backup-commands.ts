// The four commands of `karapace_schema_backup`, composed from the backup formats (src/backup) and Kafka
// (src/kafka/backup-topic.ts). Informational lines go to stderr, so `get --location -` keeps stdout for the backup.
import { buildConfig, readConfigFile, type Config } from '../config.ts';
import { AtomicFile, StagingDirectory, StdoutSink, type Sink } from '../backup/atomic-file.ts';
import { RunningChecksum, CHECKSUM_ALGORITHM } from '../backup/checksum.ts';
import { anonymizeRecord } from '../backup/anonymize-avro.ts';
import { consoleWidth, richWrap } from '../backup/console-wrap.ts';
import { BackupError, RestoreDataError } from '../backup/errors.ts';
import { inspectBackup, karapaceVersion, pythonJsonDumps, verifyBackup, type VerifyLevel } from '../backup/inspect.ts';
import { correctsKeys, withCanonicalKey } from '../backup/key-format.ts';
import { openBackup, type BackupSource } from '../backup/open.ts';
import type { BackupRecord } from '../backup/record.ts';
import { encodeV2Line, V2_MARKER } from '../backup/v2.ts';
import { dataFileName, DataFileEncoder, encodeMetadata, metadataFileName } from '../backup/v3/writer.ts';
import { BackupKafka, type TopicState } from '../kafka/backup-topic.ts';
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
  /** v2 (the default), v3, or v2 with every record anonymized (`export-anonymized-avro-schemas`). */
  readonly format: 'v2' | 'v3' | 'anonymized-avro';
  readonly replicationFactor?: number;
}

/** Karapace's `normalize_topic_name`: `--topic` unless empty, else the config's `topic_name`. */
const topicName = (option: string | undefined, config: Config) => (option ? option : config.topic_name);

/** `get`: reads the topic from its first offset to the end offset seen at start and writes it atomically. */
export async function getBackup(options: GetOptions, out: Output): Promise<void> {
  const config = loadConfig(options.config);
  const topic = topicName(options.topic, config);
  const useFormatV3 = options.format === 'v3';
  const toStdout = options.location === '' || options.location === '-';
  if (useFormatV3 && options.replicationFactor === undefined) throw new BackupError('--use-format-v3 needs --replication-factor (it is stored in the backup and used to create the topic on restore)');
  if (useFormatV3 && toStdout) throw new BackupError('a v3 backup is a directory and cannot be written to standard output; pass --location');
  // The destination is checked (and its temporary created) before Kafka is asked anything.
  const staging = useFormatV3 ? new StagingDirectory(options.location, { overwrite: options.overwrite }) : undefined;
  const file = !useFormatV3 && !toStdout ? new AtomicFile(options.location, { overwrite: options.overwrite }) : undefined;
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
        // Karapace's own round-trip test compares every metadata field but the times and the tool version with
        // the backup it restored, tool_name included; its readers ignore both fields.
        tool_name: 'karapace',
        tool_version: TOOL_VERSION,
        started_at: startedAt,
        finished_at: Math.max(Date.now(), startedAt + 1),
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
      const line = options.format === 'anonymized-avro' ? (r: BackupRecord) => encodeV2Line(anonymizeRecord(r)) : encodeV2Line;
      await sink.write(V2_MARKER);
      for await (const batch of records) {
        let text = '';
        for (const record of batch) text += line(record);
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
    const what = options.format === 'anonymized-avro' ? 'Exported anonymized Avro schemas of' : 'Backed up';
    out.info(`${what} ${count} records of topic "${topic}" to ${where} in format ${useFormatV3 ? 'v3' : 'v2'} in ${(ms / 1000).toFixed(1)} s (${rate(count, ms)} records/s)`);
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
}

/**
 * Makes sure the topic to restore into exists, as Karapace's `_handle_restore_topic(_legacy)`: with
 * --skip-topic-creation it must exist already (else nothing can be produced: a data restoration error, exit 3);
 * a v3 backup refuses an existing topic ("Topic to restore 'T' already exists", Karapace's BackupTopicAlreadyExists),
 * since it carries the topic's own configuration; v1/v2 backups restore into an existing topic, even a non-empty one,
 * after its records (that is how Karapace's tests apply a backup of deletes to a running registry).
 */
async function prepareTopic(kafka: BackupKafka, topic: string, source: BackupSource, options: RestoreOptions, config: Config, out: Output): Promise<void> {
  const state = await kafka.describe(topic);
  if (state) {
    if (source.layout && !options.skipTopicCreation) throw new BackupError(`Topic to restore '${topic}' already exists`);
    checkSinglePartition(topic, state);
    if (state.latest > state.earliest) {
      out.info(`Topic "${topic}" already holds records (offsets ${state.earliest}..${state.latest - 1}); the backup's records are appended after them`);
    }
    return;
  }
  if (options.skipTopicCreation) {
    throw new RestoreDataError(`topic "${topic}" does not exist and --skip-topic-creation was given: nothing was restored (Kafka at ${config.bootstrap_uri})`);
  }
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
  const topic = topicName(options.topic, config);
  if (source.layout && source.layout.name !== topic) out.info(`Restoring the backup of topic "${source.layout.name}" into topic "${topic}"`);
  // Karapace rewrites the keys of v1/v2 backups into the canonical order for the schemas topic (key-format.ts).
  const fixKeys = source.format !== 'v3' && correctsKeys(topic, config.force_key_correction);
  const kafka = new BackupKafka(config);
  try {
    await prepareTopic(kafka, topic, source, options, config, out);
    const started = Date.now();
    const progress = startProgress('restore', total);
    let produced = 0;
    let pending: BackupRecord[] = [];
    const flush = async () => {
      try {
        await kafka.produce(topic, fixKeys ? pending.map(withCanonicalKey) : pending);
      } catch (error) {
        throw new RestoreDataError(`${(error as Error).message} (after ${produced} of ${total} records)`, { cause: error });
      }
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

/** `inspect`: the backup's metadata as JSON on stdout, as Karapace prints it (`json.dumps(indent=2)`). */
export async function inspectCommand(location: string): Promise<void> {
  const source = await openBackup(location);
  if (source.metadata?.checksum_algorithm === 'unknown') {
    const warning = 'Warning! This file has an unknown checksum algorithm and cannot be restored with this version of Karapace.';
    process.stderr.write(`${richWrap(warning, consoleWidth(process.stderr))}\n`);
  }
  process.stdout.write(`${pythonJsonDumps(inspectBackup(source))}\n`);
}

/** `verify`: Karapace's report on stdout; true when every data file is intact. Only v3 backups carry checksums. */
export async function verifyCommand(location: string, level: VerifyLevel): Promise<boolean> {
  const source = await openBackup(location);
  if (!source.metadata) {
    process.stderr.write(`Only backups using format V3 can be verified, found V${karapaceVersion(source)}.\n`);
    return false;
  }
  const progress = startProgress('verify', source.declaredCount);
  const results = await verifyBackup(source, level, (n) => progress.add(n));
  progress.stop();
  let report = '';
  for (const result of results) {
    report += `Integrity of ${result.file} is ${result.intact ? 'intact.' : 'not intact!'}\n`;
    if (result.problem !== undefined) report += `    ${result.problem}\n`;
  }
  const ok = results.every((r) => r.intact);
  report += ok ? `\u2705 Verified ${results.length} data files in backup OK.\n` : '\u{1F4A5} Failed to verify integrity of some data files.\n';
  process.stdout.write(report);
  return ok;
}
