// `karapace_schema_backup get | restore | inspect | verify`: Karapace's backup CLI, same commands and options.
// Errors an operator can act on print one line and exit 1 (a stack trace only with --verbose); Ctrl-C removes any
// backup file still being written and exits 2, as Karapace's tool does.
import { Command, InvalidArgumentError, Option } from 'commander';
import { removePendingTemporaries } from '../backup/atomic-file.ts';
import { BackupError } from '../backup/errors.ts';
import { DEFAULT_POLL_TIMEOUT_MS, parsePollTimeout } from '../backup/poll-timeout.ts';
import { ConfigError } from '../config.ts';
import { getBackup, inspectCommand, restoreBackup, verifyCommand, type Output } from './backup-commands.ts';

const NAME = 'karapace_schema_backup';
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

function program(): Command {
  const cli = new Command(NAME).description('Karapace schema backup tool').showHelpAfterError();
  const common = (command: Command) => command
    .option('--location <path>', 'backup file or directory ("-" or empty: standard output for get)', '')
    .option('--verbose', 'debug output and stack traces', false)
    .hook('preAction', (self) => {
      verbose = self.opts<{ verbose: boolean }>().verbose;
    });

  common(cli.command('get').description('store the schemas topic in a backup'))
    .requiredOption('--config <file>', 'Karapace configuration file (bootstrap_uri, topic_name, TLS/SASL)')
    .option('--topic <name>', 'topic to back up (default: topic_name of the config)')
    .option('--skip-topic-creation', 'accepted for compatibility; get creates no topic', false)
    .option('--overwrite', 'replace the backup at --location if it exists', false)
    .addOption(new Option('--poll-timeout <duration>', 'ISO 8601 duration to wait for records, at least PT1S').argParser(pollTimeout).default(DEFAULT_POLL_TIMEOUT_MS, 'PT1M'))
    .option('--use-format-v3', 'write format v3 (a directory with metadata, data file and checksums)', false)
    .option('--replication-factor <n>', 'replication factor stored in a v3 backup (required with --use-format-v3)', positiveInt)
    .action(async (o: { config: string; location: string; topic?: string; overwrite: boolean; pollTimeout: number; useFormatV3: boolean; replicationFactor?: number }) => {
      await getBackup({
        config: o.config, location: o.location, overwrite: o.overwrite, pollTimeoutMs: o.pollTimeout, useFormatV3: o.useFormatV3,
        ...(o.topic !== undefined ? { topic: o.topic } : {}),
        ...(o.replicationFactor !== undefined ? { replicationFactor: o.replicationFactor } : {}),
      }, output());
    });

  common(cli.command('restore').description('restore a backup into a topic'))
    .requiredOption('--config <file>', 'Karapace configuration file (bootstrap_uri, topic_name, TLS/SASL)')
    .option('--topic <name>', 'topic to restore into (default: topic_name of the config)')
    .option('--skip-topic-creation', 'do not create the topic; it must exist', false)
    .option('--override-replication-factor <n>', 'replication factor for the created topic instead of the backup\'s', positiveInt)
    .option('--allow-non-empty-topic', 'append the backup to a topic that already holds records', false)
    .action(async (o: { config: string; location: string; topic?: string; skipTopicCreation: boolean; overrideReplicationFactor?: number; allowNonEmptyTopic: boolean }) => {
      restoreProgress = { produced: 0 };
      const progress = restoreProgress;
      await restoreBackup({
        config: o.config, location: o.location, skipTopicCreation: o.skipTopicCreation, allowNonEmptyTopic: o.allowNonEmptyTopic,
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

  common(cli.command('verify').description('verify the checksums (file) and also every record (record) of a backup'))
    .addOption(new Option('--level <level>', 'file: checksums only; record: also parse every record, match counts and offsets').choices(['file', 'record']).makeOptionMandatory())
    .action(async (o: { location: string; level: 'file' | 'record' }) => {
      if (!(await verifyCommand(o.location, o.level))) process.exitCode = 1;
    });
  return cli;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  try {
    await program().parseAsync(process.argv);
  } catch (error) {
    removePendingTemporaries();
    if (error instanceof BackupError || error instanceof ConfigError) {
      process.stderr.write(`${NAME}: error: ${error.message}\n`);
      if (verbose) process.stderr.write(`${error.stack ?? ''}\n`);
    } else {
      process.stderr.write(`${NAME}: unexpected error: ${error instanceof Error ? (verbose ? error.stack : error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  }
  // Kafka clients may keep sockets open for a moment; the command is done.
  process.exit(process.exitCode ?? 0);
}

await main();
