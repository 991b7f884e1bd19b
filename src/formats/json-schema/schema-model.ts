// The shape Confluent's compatibility check sees. Confluent loads a schema with the everit library and diffs
// everit's schema objects (io.confluent.kafka.schemaregistry.json.diff.SchemaDiff), so its rules are written in
// terms of everit's classes: StringSchema, NumberSchema, ObjectSchema, CombinedSchema... These node kinds mirror
// them one to one; model-builder.ts reproduces how everit's SchemaLoader turns JSON into them.
import type { JsonNumber, JsonValue } from './json-text.ts';

/** What every everit schema carries (Schema#getId/getTitle/getDescription/getDefaultValue). */
export interface Common {
  readonly id: string | undefined;
  readonly title: string | undefined;
  readonly description: string | undefined;
  /** The `default` value; undefined when the schema has none. */
  readonly defaultValue: JsonValue | undefined;
}

interface Base<K extends string> {
  readonly kind: K;
  readonly common: Common;
}

/** `true` (TrueSchema), `{}` (EmptySchema), and schemas everit keeps no detail of. */
export type TrueNode = Base<'true'>;
export type EmptyNode = Base<'empty'>;
export type FalseNode = Base<'false'>;
export type BooleanNode = Base<'boolean'>;
export type NullNode = Base<'null'>;
/** `if`/`then`/`else` (ConditionalSchema): Confluent compares only the common attributes. */
export type ConditionalNode = Base<'conditional'>;

export interface StringNode extends Base<'string'> {
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly pattern: string | undefined;
}

export interface NumberNode extends Base<'number'> {
  readonly requiresInteger: boolean;
  readonly minimum: JsonNumber | undefined;
  readonly maximum: JsonNumber | undefined;
  /** Numeric `exclusiveMinimum` (draft 6+); draft 4's boolean form is a flag everit does not compare. */
  readonly exclusiveMinimum: JsonNumber | undefined;
  readonly exclusiveMaximum: JsonNumber | undefined;
  readonly multipleOf: JsonNumber | undefined;
}

export interface EnumNode extends Base<'enum'> {
  readonly values: readonly JsonValue[];
}

export interface ConstNode extends Base<'const'> {
  readonly value: JsonValue;
}

export interface NotNode extends Base<'not'> {
  readonly mustNotMatch: SchemaNode;
}

export type Criterion = 'allOf' | 'anyOf' | 'oneOf';

export interface CombinedNode extends Base<'combined'> {
  readonly criterion: Criterion;
  readonly subschemas: readonly SchemaNode[];
}

export interface ObjectNode extends Base<'object'> {
  readonly properties: ReadonlyMap<string, SchemaNode>;
  readonly required: readonly string[];
  readonly permitsAdditionalProperties: boolean;
  readonly additionalProperties: SchemaNode | undefined;
  readonly patternProperties: ReadonlyArray<readonly [string, SchemaNode]>;
  readonly propertyDependencies: ReadonlyMap<string, readonly string[]>;
  readonly schemaDependencies: ReadonlyMap<string, SchemaNode>;
  readonly minProperties: number | undefined;
  readonly maxProperties: number | undefined;
  /** 2019-09 and later. */
  readonly unevaluatedProperties: SchemaNode | undefined;
}

export interface ArrayNode extends Base<'array'> {
  /** `items` as one schema for every item. */
  readonly allItems: SchemaNode | undefined;
  /** `items` as a tuple (2020-12: `prefixItems`). */
  readonly itemSchemas: readonly SchemaNode[] | undefined;
  readonly permitsAdditionalItems: boolean;
  readonly additionalItems: SchemaNode | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly uniqueItems: boolean;
  readonly minContains: number | undefined;
  readonly maxContains: number | undefined;
  /** 2019-09 and later. */
  readonly unevaluatedItems: SchemaNode | undefined;
}

export interface ReferenceNode extends Base<'reference'> {
  /** The `$ref` resolved to an absolute URI: equal for references to the same place. */
  readonly target: string;
  /** The schema referred to, built on first use (references may be recursive). */
  referred(): SchemaNode;
}

export type SchemaNode =
  | TrueNode | EmptyNode | FalseNode | BooleanNode | NullNode | ConditionalNode
  | StringNode | NumberNode | EnumNode | ConstNode | NotNode | CombinedNode | ObjectNode | ArrayNode | ReferenceNode;

export type SchemaKind = SchemaNode['kind'];

export const NO_COMMON: Common = { id: undefined, title: undefined, description: undefined, defaultValue: undefined };
