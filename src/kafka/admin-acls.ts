// ACLs for the REST proxy's v3 API (DescribeAcls, CreateAcls, DeleteAcls) with the names Confluent's Acl entity uses
// (resource_type TOPIC, pattern_type LITERAL, operation READ, permission ALLOW...). A broker without an authorizer
// answers SECURITY_DISABLED, which the HTTP layer turns into Confluent's 400 / 40002.
import {
  AclOperations, AclPermissionTypes, ResourcePatternTypes, ResourceTypes, type Acl, type Admin, type AclFilter,
} from '@platformatic/kafka';

export const RESOURCE_TYPES = ResourceTypes as Readonly<Record<string, number>>;
export const PATTERN_TYPES = ResourcePatternTypes as Readonly<Record<string, number>>;
export const OPERATIONS = AclOperations as Readonly<Record<string, number>>;
export const PERMISSIONS = AclPermissionTypes as Readonly<Record<string, number>>;

/** An ACL binding in Confluent's names; in a filter, null names match anything. */
export interface AclBinding {
  readonly resourceType: string;
  readonly resourceName: string;
  readonly patternType: string;
  readonly principal: string;
  readonly host: string;
  readonly operation: string;
  readonly permission: string;
}

export interface AclQuery {
  readonly resourceType: string;
  readonly resourceName: string | null;
  readonly patternType: string;
  readonly principal: string | null;
  readonly host: string | null;
  readonly operation: string;
  readonly permission: string;
}

const nameOf = (table: Readonly<Record<string, number>>, value: number) =>
  Object.entries(table).find(([, v]) => v === value)?.[0] ?? 'UNKNOWN';

const code = (table: Readonly<Record<string, number>>, name: string) => table[name] ?? 0;

function toFilter(q: AclQuery): AclFilter {
  return {
    resourceType: code(RESOURCE_TYPES, q.resourceType) as AclFilter['resourceType'],
    resourceName: q.resourceName,
    resourcePatternType: code(PATTERN_TYPES, q.patternType) as AclFilter['resourcePatternType'],
    principal: q.principal,
    host: q.host,
    operation: code(OPERATIONS, q.operation) as AclFilter['operation'],
    permissionType: code(PERMISSIONS, q.permission) as AclFilter['permissionType'],
  };
}

function fromAcl(acl: Acl): AclBinding {
  return {
    resourceType: nameOf(RESOURCE_TYPES, acl.resourceType), resourceName: acl.resourceName,
    patternType: nameOf(PATTERN_TYPES, acl.resourcePatternType), principal: acl.principal, host: acl.host,
    operation: nameOf(OPERATIONS, acl.operation), permission: nameOf(PERMISSIONS, acl.permissionType),
  };
}

export class AclAdmin {
  readonly #admin: () => Admin;

  constructor(admin: () => Admin) {
    this.#admin = admin;
  }

  async search(query: AclQuery): Promise<AclBinding[]> {
    const resources = await this.#admin().describeAcls({ filter: toFilter(query) });
    return resources.flatMap((r) => r.acls.map((a) => fromAcl({
      resourceType: r.resourceType, resourceName: r.resourceName, resourcePatternType: r.resourcePatternType, ...a,
    })));
  }

  async create(bindings: readonly AclBinding[]): Promise<void> {
    await this.#admin().createAcls({ creations: bindings.map((b) => toFilter(b) as Acl) });
  }

  async delete(query: AclQuery): Promise<AclBinding[]> {
    return (await this.#admin().deleteAcls({ filters: [toFilter(query)] })).map(fromAcl);
  }
}
