// Karapace's ACL (karapace/core/auth.py ACLAuthorizer): an entry {username, operation, resource} allows `Read` on
// every resource its pattern matches, and `Write` too when its operation is Write. Resources are `Config:` and
// `Subject:<name>`; patterns match as Python's re.match does (a prefix match, see python-regex.ts).

export type Operation = 'Read' | 'Write';

export interface Permission {
  readonly username: string;
  readonly operation: Operation;
  readonly resource: RegExp;
  /** The pattern as written in the file (for logs and docs). */
  readonly pattern: string;
}

export const CONFIG_RESOURCE = 'Config:';
export const subjectResource = (subject: string) => `Subject:${subject}`;

/** The permissions of one file, indexed by user so that a check scans only that user's entries. */
export class Acl {
  private readonly byUser = new Map<string, Permission[]>();

  constructor(permissions: readonly Permission[]) {
    for (const p of permissions) {
      const own = this.byUser.get(p.username);
      if (own) own.push(p);
      else this.byUser.set(p.username, [p]);
    }
  }

  allows(username: string, operation: Operation, resource: string): boolean {
    const entries = this.byUser.get(username);
    if (!entries) return false;
    for (const entry of entries) {
      if (operation === 'Write' && entry.operation !== 'Write') continue;
      if (entry.resource.test(resource)) return true;
    }
    return false;
  }

  /** A predicate for "may `username` read this subject", for filtering listings. */
  subjectReader(username: string): (subject: string) => boolean {
    const entries = this.byUser.get(username) ?? [];
    if (entries.length === 0) return () => false;
    return (subject) => {
      const resource = subjectResource(subject);
      return entries.some((entry) => entry.resource.test(resource));
    };
  }
}
