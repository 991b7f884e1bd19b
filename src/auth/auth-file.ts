// Karapace's registry auth file (`registry_authfile`):
//   {"users": [{"username", "algorithm": "scrypt"|"sha1"|"sha256"|"sha512", "salt", "password_hash"}],
//    "permissions": [{"username", "operation": "Read"|"Write", "resource": "<python regex>"}]}
// Parsing is strict (Karapace refuses a file whose entries miss a field); error messages never quote the file's
// text, which holds password hashes.
import { isHashAlgorithm, type PasswordEntry } from './passwords.ts';
import { Acl, type Operation, type Permission } from './permissions.ts';
import { compilePythonMatch } from './python-regex.ts';

export interface AuthUser extends PasswordEntry {
  readonly username: string;
}

export interface AuthData {
  readonly users: ReadonlyMap<string, AuthUser>;
  readonly acl: Acl;
  readonly permissions: readonly Permission[];
}

export class AuthFileError extends Error {
  override readonly name = 'AuthFileError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(entry: Record<string, unknown>, name: string, where: string): string {
  const value = entry[name];
  if (typeof value !== 'string') throw new AuthFileError(`${where}: "${name}" must be a string`);
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: keep only where it is.
    const at = /position (\d+)/.exec((error as Error).message);
    throw new AuthFileError(`not valid JSON${at ? ` (at position ${at[1]})` : ''}`);
  }
}

export function parseAuthFile(text: string): AuthData {
  const root = parseJson(text);
  if (!isObject(root)) throw new AuthFileError('must hold a JSON object');
  const { users, permissions } = root;
  if (!Array.isArray(users)) throw new AuthFileError('"users" must be a list');
  if (!Array.isArray(permissions)) throw new AuthFileError('"permissions" must be a list');
  const byName = new Map<string, AuthUser>();
  users.forEach((entry: unknown, i) => {
    const where = `users[${i}]`;
    if (!isObject(entry)) throw new AuthFileError(`${where} must be an object`);
    const username = field(entry, 'username', where);
    const algorithm = field(entry, 'algorithm', where);
    if (!isHashAlgorithm(algorithm)) throw new AuthFileError(`${where}: unknown algorithm "${algorithm}" (scrypt, sha1, sha256 or sha512)`);
    byName.set(username, { username, algorithm, salt: field(entry, 'salt', where), passwordHash: field(entry, 'password_hash', where) });
  });
  const parsed: Permission[] = permissions.map((entry: unknown, i) => {
    const where = `permissions[${i}]`;
    if (!isObject(entry)) throw new AuthFileError(`${where} must be an object`);
    const username = field(entry, 'username', where);
    const operation = field(entry, 'operation', where);
    if (operation !== 'Read' && operation !== 'Write') throw new AuthFileError(`${where}: operation must be Read or Write, got "${operation}"`);
    const pattern = field(entry, 'resource', where);
    let resource: RegExp;
    try {
      resource = compilePythonMatch(pattern);
    } catch (error) {
      throw new AuthFileError(`${where}: resource ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
    }
    return { username, operation: operation as Operation, resource, pattern };
  });
  return { users: byName, acl: new Acl(parsed), permissions: parsed };
}
