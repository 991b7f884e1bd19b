// The kinds of change Confluent's Protobuf differ reports (io.confluent.kafka.schemaregistry.protobuf.diff.
// Difference.Type), and which of them it lets through (SchemaDiff.COMPATIBLE_CHANGES).

export type DifferenceKind =
  | 'PACKAGE_CHANGED'
  | 'MESSAGE_ADDED'
  | 'MESSAGE_REMOVED'
  | 'MESSAGE_MOVED'
  | 'ENUM_ADDED'
  | 'ENUM_REMOVED'
  | 'ENUM_CONST_ADDED'
  | 'ENUM_CONST_CHANGED'
  | 'ENUM_CONST_REMOVED'
  | 'FIELD_ADDED'
  | 'FIELD_REMOVED'
  | 'FIELD_NAME_CHANGED'
  | 'FIELD_KIND_CHANGED'
  | 'FIELD_SCALAR_KIND_CHANGED'
  | 'FIELD_NAMED_TYPE_CHANGED'
  | 'FIELD_NUMERIC_LABEL_CHANGED'
  | 'FIELD_STRING_OR_BYTES_LABEL_CHANGED'
  | 'REQUIRED_FIELD_ADDED'
  | 'REQUIRED_FIELD_REMOVED'
  | 'ONEOF_ADDED'
  | 'ONEOF_REMOVED'
  | 'ONEOF_FIELD_ADDED'
  | 'ONEOF_FIELD_REMOVED'
  | 'MULTIPLE_FIELDS_MOVED_TO_ONEOF'
  | 'FIELD_MOVED_TO_EXISTING_ONEOF';

/**
 * Changes that do not break reading. A changed package is not among them: Confluent made it incompatible in
 * schema-registry PR #3004 ("Ensure package change for Protobuf is incompatible"), as the fully qualified
 * message names that clients look types up by change with it.
 */
export const COMPATIBLE_CHANGES: ReadonlySet<DifferenceKind> = new Set<DifferenceKind>([
  'MESSAGE_ADDED',
  'MESSAGE_MOVED',
  'ENUM_ADDED',
  'ENUM_REMOVED',
  'ENUM_CONST_ADDED',
  'ENUM_CONST_CHANGED',
  'ENUM_CONST_REMOVED',
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_NAME_CHANGED',
  'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
  'ONEOF_ADDED',
  'ONEOF_REMOVED',
  'ONEOF_FIELD_ADDED',
]);

export interface Difference {
  readonly kind: DifferenceKind;
  /** Confluent's path: `#/` then message names, oneof names and field or constant numbers, e.g. `#/Customer/2`. */
  readonly path: string;
  readonly message: string;
}

export const isCompatible = (differences: readonly Difference[]): boolean =>
  differences.every((d) => COMPATIBLE_CHANGES.has(d.kind));
