// `karapace_schema_backup get | restore | inspect | verify | export-anonymized-avro-schemas`: Karapace's backup CLI
// (src/karapace/backup/cli.py), same commands, options and exit codes: 0 success; 1 an error (one line: what failed
// and where; a stack trace only with --verbose) or a failed `verify`; 2 a usage error, as argparse exits, or an
// interruption (Ctrl-C removes any backup file still being written); 3 a restore whose data could not be restored
// (a corrupt backup, a missing topic with --skip-topic-creation, records Kafka refused), as Karapace exits for its
// BackupDataRestorationError.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { removePendingTemporaries } from '../backup/atomic-file.ts';
import { BackupError, CorruptBackupError, RestoreDataError } from '../backup/errors.ts';
import { DEFAULT_POLL_TIMEOUT_MS, parsePollTimeout } from '../backup/poll-timeout.ts';
import { ConfigError } from '../config.ts';
import { getBackup, inspectCommand, restoreBackup, verifyCommand, type GetOptions, type Output } from './backup-commands.ts';

const NAME = 'karapace_schema_backup';
const USAGE_ERROR = 2;
const RESTORE_DATA_ERROR = 3;
let verbose = false;
let restoreProgress: { produced: number } | undefined;

const output = (): Output => ({
  info: (line) => process.stderr.write(`${line}\n`),
  debug: (line) => {
    if (verbose) process.stderr.write(`[debug] ${line}\n`);
  },
});

function positiveInt(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 32767) throw new InvalidArgumentError('expected an integer between 1 and 32767');
  return Number(text);
}

function pollTimeout(text: string): number {
  try {
    return parsePollTimeout(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function onSignal(signal: string): void {
  removePendingTemporaries();
  const produced = restoreProgress ? ` after producing ${restoreProgress.produced} records (the topic holds a partial restore)` : '';
  process.stderr.write(`${NAME}: interrupted by ${signal}${produced}; no partial backup file was left behind\n`);
  process.exit(2);
}

/**
 * Options a command cannot run without, checked before it runs and reported together in argparse's words ("the
 * following arguments are required: --config, --replication-factor"; Karapace's tests match them), exit 2.
 * `--replication-factor` is required when `--use-format-v3` is on the command line, as Karapace's parser decides.
 */
function requireOptions(command: Command, required: (opts: Record<string, unknown>) => readonly [flag: string, value: unknown][]): Command {
  return command.hook('preAction', (self) => {
    const missing = required(self.opts()).filter(([, value]) => value === undefined).map(([flag]) => flag);
    if (missing.length > 0) self.error(`error: the following arguments are required: ${missing.join(', ')}`, { exitCode: USAGE_ERROR, code: 'karapace.requiredArguments' });
  });
}

function program(): Command {
  const cli = new Command(NAME).description('Karapace schema backup tool').showHelpAfterError('(add --help for the options)').exitOverride();
  const common = (command: Command) => command
    .option('--location <path>', 'backup file or directory ("-" or empty: standard output for get)', '')
    .option('--verbose', 'debug output and stack traces', false)
    .hook('preAction', (self) => {
      verbose = self.opts<{ verbose: boolean }>().verbose;
    });
  const kafkaSide = (command: Command) => common(command)
    .option('--config <file>', 'Karapace configuration file (bootstrap_uri, topic_name, TLS/SASL); required')
    .option('--topic <name>', 'Kafka topic (default: topic_name of the config)');
  const reading = (command: Command) => kafkaSide(command)
    .option('--skip-topic-creation', 'accepted for compatibility; reading creates no topic', false)
    .option('--overwrite', 'replace the file at --location if it exists', false)
    .addOption(new Option('--poll-timeout <duration>', 'ISO 8601 duration to wait for records, at least PT1S').argParser(pollTimeout).default(DEFAULT_POLL_TIMEOUT_MS, 'PT1M'));
  type GetCli = { config: string; location: string; topic?: string; overwrite: boolean; pollTimeout: number; useFormatV3?: boolean; replicationFactor?: number };
  const get = (o: GetCli, format: GetOptions['format']) => getBackup({
    config: o.config, location: o.location, overwrite: o.overwrite, pollTimeoutMs: o.pollTimeout, format,
    ...(o.topic !== undefined ? { topic: o.topic } : {}),
    ...(o.replicationFactor !== undefined ? { replicationFactor: o.replicationFactor } : {}),
  }, output());

  requireOptions(reading(cli.command('get').description('store the schemas topic in a backup')), (o) => [
    ['--config', o.config],
    ...(process.argv.includes('--use-format-v3') ? [['--replication-factor', o.replicationFactor] as [string, unknown]] : []),
  ])
    .option('--use-format-v3', 'write format v3 (a directory with metadata, data file and checksums)', false)
    .option('--replication-factor <n>', 'replication factor stored in a v3 backup (required with --use-format-v3)', positiveInt)
    .action(async (o: GetCli) => {
      await get(o, o.useFormatV3 ? 'v3' : 'v2');
    });

  requireOptions(kafkaSide(cli.command('restore').description('restore a backup into a topic')), (o) => [['--config', o.config]])
    .option('--skip-topic-creation', 'do not create the topic; it must exist', false)
    .option('--override-replication-factor <n>', 'replication factor for the created topic instead of the backup\'s', positiveInt)
    // Accepted for scripts written for earlier versions of this tool, which refused a non-empty topic without it.
    .addOption(new Option('--allow-non-empty-topic', 'no effect: v1/v2 backups restore into a non-empty topic').default(false).hideHelp())
    .action(async (o: { config: string; location: string; topic?: string; skipTopicCreation: boolean; overrideReplicationFactor?: number }) => {
      restoreProgress = { produced: 0 };
      const progress = restoreProgress;
      await restoreBackup({
        config: o.config, location: o.location, skipTopicCreation: o.skipTopicCreation,
        ...(o.topic !== undefined ? { topic: o.topic } : {}),
        ...(o.overrideReplicationFactor !== undefined ? { overrideReplicationFactor: o.overrideReplicationFactor } : {}),
      }, output(), (n) => {
        progress.produced = n;
      });
    });

  common(cli.command('inspect').description('print the metadata of a backup as JSON'))
    .action(async (o: { location: string }) => {
      await inspectCommand(o.location);
    });

  requireOptions(common(cli.command('verify').description('verify the checksums (file) and also every record (record) of a v3 backup')), (o) => [['--level', o.level]])
    .addOption(new Option('--level <level>', 'file: checksums only; record: also parse every record, match counts and offsets; required').choices(['file', 'record']))
    .action(async (o: { location: string; level: 'file' | 'record' }) => {
      if (!(await verifyCommand(o.location, o.level))) process.exitCode = 1;
    });

  requireOptions(reading(cli.command('export-anonymized-avro-schemas').description('export the schemas topic with names and Avro schemas anonymized (v2 format)')), (o) => [['--config', o.config]])
    .action(async (o: GetCli) => {
      await get(o, 'anonymized-avro');
    });
  return cli;
}

/**
 * argparse (Karapace's parser) accepts any unambiguous prefix of a long option (`--loc` for `--location`, also as
 * `--loc=x`); commander does not. The arguments are expanded for the chosen command first; an ambiguous prefix is
 * argparse's usage error.
 */
function expandPrefixes(cli: Command, argv: readonly string[]): string[] {
  const command = cli.commands.find((c) => c.name() === argv[2]);
  if (!command) return [...argv];
  const names = [...command.options, ...cli.options].map((o) => o.long).filter((n): n is string => n !== undefined);
  const end = argv.indexOf('--');
  return argv.map((arg, i) => {
    if (i < 3 || (end !== -1 && i > end) || !arg.startsWith('--') || arg === '--') return arg;
    const [flag = arg, value] = arg.split(/=(.*)/s, 2);
    if (names.includes(flag)) return arg;
    const matches = names.filter((n) => n.startsWith(flag));
    if (matches.length > 1) command.error(`error: ambiguous option: ${flag} could match ${matches.join(', ')}`, { exitCode: USAGE_ERROR, code: 'karapace.ambiguousOption' });
    if (matches.length === 0) return arg;
    return value === undefined ? matches[0]! : `${matches[0]}=${value}`;
  });
}

let restoring = false;

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
  // (An unknown checksum algorithm is no data problem: Karapace exits 1 for it, as for any other refusal.)
  const unknownAlgorithm = error instanceof CorruptBackupError && error.karapace?.name === 'UnknownChecksumAlgorithm';
  if (restoring && (error instanceof RestoreDataError || error instanceof CorruptBackupError) && !unknownAlgorithm) return RESTORE_DATA_ERROR;
  return 1;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  restoring = process.argv[2] === 'restore';
  try {
    const cli = program();
    await cli.parseAsync(expandPrefixes(cli, process.argv));
  } catch (error) {
    removePendingTemporaries();
    process.exitCode = exitCodeOf(error);
    if (error instanceof CommanderError) {
      // commander has printed the usage error (or the help) already.
    } else if (error instanceof BackupError || error instanceof ConfigError) {
      process.stderr.write(`${NAME}: error: ${error.message}\n`);
      if (verbose) process.stderr.write(`${error.stack ?? ''}\n`);
    } else {
      process.stderr.write(`${NAME}: unexpected error: ${error instanceof Error ? (verbose ? error.stack : error.message) : String(error)}\n`);
    }
  }
  // Kafka clients may keep sockets open for a moment; the command is done.
  process.exit(process.exitCode ?? 0);
}

await main();
