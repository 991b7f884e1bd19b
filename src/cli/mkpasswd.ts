// `karapace_mkpasswd [-u USER] [-a ALGORITHM] [-s SALT] [PASSWORD] [SALT]`: prints a user entry for the registry auth
// file (`registry_authfile`), as Karapace's tool of the same name does (the salt may be given as Karapace's second
// argument or with -s; a random one otherwise). Without a password argument it is read from the terminal, unechoed,
// or from the first line of standard input when that is not a terminal, so it need not appear in the process list.
import { Command, Option } from 'commander';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HASH_ALGORITHMS, hashPassword, randomSalt, type HashAlgorithm } from '../auth/passwords.ts';

async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input })[Symbol.asyncIterator]();
    const first = await lines.next();
    input.destroy();
    return first.done ? '' : first.value;
  }
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') {
          input.setRawMode(false);
          reject(new Error('interrupted'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('karapace_mkpasswd')
    .description('Karapace password hasher: prints a user entry for the registry auth file')
    .option('-u, --user <user>', 'username')
    .addOption(new Option('-a, --algorithm <algorithm>', 'hash algorithm').choices(HASH_ALGORITHMS).default('sha512'))
    .option('-s, --salt <salt>', 'salt for hashing, random if not given')
    .argument('[password]', 'password to hash (read from the terminal or standard input when absent)')
    .argument('[salt]', 'salt for hashing (as Karapace takes it), random if not given')
    .showHelpAfterError();
  program.parse([...argv], { from: 'user' });
  const options = program.opts<{ user?: string; algorithm: HashAlgorithm; salt?: string }>();
  const [givenPassword, givenSalt] = program.processedArgs as [string | undefined, string | undefined];
  if (options.salt !== undefined && givenSalt !== undefined) program.error('give the salt once: with -s or as the second argument');
  const password = givenPassword ?? (await readPassword());
  if (password === '') program.error('the password must not be empty');
  const salt = options.salt ?? givenSalt ?? randomSalt();
  const entry: Record<string, string> = {};
  if (options.user) entry.username = options.user;
  entry.algorithm = options.algorithm;
  entry.salt = salt;
  entry.password_hash = await hashPassword(options.algorithm, salt, password);
  process.stdout.write(`${JSON.stringify(entry, null, 4)}\n`);
}

// import.meta.main exists from Node 24.2; older Nodes compare the entry script.
if (import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
