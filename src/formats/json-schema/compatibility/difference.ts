// Confluent's vocabulary of JSON Schema changes (io.confluent.kafka.schemaregistry.json.diff.Difference.Type)
// and which of them a reader tolerates (SchemaDiff.COMPATIBLE_CHANGES). A difference is always described from
// the writer ("original" in Confluent) to the reader ("update"): MAXIMUM_ADDED means the reader has a maximum
// the writer did not have.

/** The differences Confluent lists as compatible. Everything else makes the reader incompatible. */
const COMPATIBLE = [
  'ID_CHANGED', 'DESCRIPTION_CHANGED', 'TITLE_CHANGED', 'DEFAULT_CHANGED', 'SCHEMA_REMOVED', 'TYPE_EXTENDED',
  'MAX_LENGTH_INCREASED', 'MAX_LENGTH_REMOVED', 'MIN_LENGTH_DECREASED', 'MIN_LENGTH_REMOVED', 'PATTERN_REMOVED',
  'MAXIMUM_INCREASED', 'MAXIMUM_REMOVED', 'MINIMUM_DECREASED', 'MINIMUM_REMOVED', 'EXCLUSIVE_MAXIMUM_INCREASED',
  'EXCLUSIVE_MAXIMUM_REMOVED', 'EXCLUSIVE_MINIMUM_DECREASED', 'EXCLUSIVE_MINIMUM_REMOVED', 'MULTIPLE_OF_REDUCED',
  'MULTIPLE_OF_REMOVED',
  'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED', 'REQUIRED_ATTRIBUTE_REMOVED', 'DEPENDENCY_ARRAY_NARROWED',
  'DEPENDENCY_ARRAY_REMOVED', 'DEPENDENCY_SCHEMA_REMOVED', 'MAX_PROPERTIES_INCREASED', 'MAX_PROPERTIES_REMOVED',
  'MIN_PROPERTIES_DECREASED', 'MIN_PROPERTIES_REMOVED', 'ADDITIONAL_PROPERTIES_ADDED', 'ADDITIONAL_PROPERTIES_EXTENDED',
  'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'MAX_ITEMS_INCREASED', 'MAX_ITEMS_REMOVED', 'MIN_ITEMS_DECREASED', 'MIN_ITEMS_REMOVED', 'UNIQUE_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_ADDED', 'ADDITIONAL_ITEMS_EXTENDED', 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ENUM_ARRAY_EXTENDED', 'COMBINED_TYPE_EXTENDED', 'PRODUCT_TYPE_NARROWED', 'SUM_TYPE_EXTENDED', 'NOT_TYPE_NARROWED',
  // Not in the set we could read, but the mirror images of compatible ADDITIONAL_*/MAX_ITEMS_* changes, and
  // Confluent's Difference#error() writes no incompatibility message for them (it does for their opposites).
  'UNEVALUATED_PROPERTIES_ADDED', 'UNEVALUATED_PROPERTIES_EXTENDED', 'UNEVALUATED_ITEMS_ADDED',
  'UNEVALUATED_ITEMS_EXTENDED', 'MAX_CONTAINS_INCREASED', 'MAX_CONTAINS_REMOVED', 'MIN_CONTAINS_DECREASED',
  'MIN_CONTAINS_REMOVED',
] as const;

const INCOMPATIBLE = [
  'SCHEMA_ADDED', 'TYPE_NARROWED', 'TYPE_CHANGED',
  'MAX_LENGTH_ADDED', 'MAX_LENGTH_DECREASED', 'MIN_LENGTH_ADDED', 'MIN_LENGTH_INCREASED', 'PATTERN_ADDED',
  'PATTERN_CHANGED',
  'MAXIMUM_ADDED', 'MAXIMUM_DECREASED', 'MINIMUM_ADDED', 'MINIMUM_INCREASED', 'EXCLUSIVE_MAXIMUM_ADDED',
  'EXCLUSIVE_MAXIMUM_DECREASED', 'EXCLUSIVE_MINIMUM_ADDED', 'EXCLUSIVE_MINIMUM_INCREASED', 'MULTIPLE_OF_ADDED',
  'MULTIPLE_OF_EXPANDED', 'MULTIPLE_OF_CHANGED',
  'REQUIRED_ATTRIBUTE_ADDED', 'MAX_PROPERTIES_ADDED', 'MAX_PROPERTIES_DECREASED', 'MIN_PROPERTIES_ADDED',
  'MIN_PROPERTIES_INCREASED', 'ADDITIONAL_PROPERTIES_REMOVED', 'ADDITIONAL_PROPERTIES_NARROWED',
  'DEPENDENCY_ARRAY_ADDED', 'DEPENDENCY_ARRAY_EXTENDED', 'DEPENDENCY_ARRAY_CHANGED', 'DEPENDENCY_SCHEMA_ADDED',
  'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'UNEVALUATED_PROPERTIES_REMOVED',
  'UNEVALUATED_PROPERTIES_NARROWED',
  'MAX_ITEMS_ADDED', 'MAX_ITEMS_DECREASED', 'MIN_ITEMS_ADDED', 'MIN_ITEMS_INCREASED', 'MAX_CONTAINS_ADDED',
  'MAX_CONTAINS_DECREASED', 'MIN_CONTAINS_ADDED', 'MIN_CONTAINS_INCREASED', 'UNIQUE_ITEMS_ADDED',
  'ADDITIONAL_ITEMS_REMOVED', 'ADDITIONAL_ITEMS_NARROWED', 'UNEVALUATED_ITEMS_REMOVED', 'UNEVALUATED_ITEMS_NARROWED',
  'ITEM_ADDED_TO_OPEN_CONTENT_MODEL', 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ENUM_ARRAY_NARROWED', 'ENUM_ARRAY_CHANGED',
  'COMBINED_TYPE_CHANGED', 'PRODUCT_TYPE_EXTENDED', 'SUM_TYPE_NARROWED', 'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
  'NOT_TYPE_EXTENDED',
] as const;

export type DifferenceType = (typeof COMPATIBLE)[number] | (typeof INCOMPATIBLE)[number];

const compatibleTypes: ReadonlySet<DifferenceType> = new Set(COMPATIBLE);

export const isCompatibleChange = (type: DifferenceType): boolean => compatibleTypes.has(type);

/** One change, at a path of segments (each already a JSON pointer fragment, e.g. 'properties', 'oneOf/0'). */
export interface Difference {
  readonly type: DifferenceType;
  readonly path: readonly string[];
}

/** Confluent's way of writing a path: '#/' then the segments ('#/' alone is the root). */
export const pathString = (path: readonly string[]): string => `#/${path.join('/')}`;

type Template = (path: string) => string;

// The wording follows Confluent's Difference#error(), with its two blanks filled in: the first is the reader
// schema (Confluent's "update"), the second the writer schema (Confluent's "original").
const keywordAdded: Template = (p) => `The keyword at path '${p}' in the reader schema is not present in the writer schema`;
const valueIncreased: Template = (p) => `The value at path '${p}' in the reader schema is more than its value in the writer schema`;
const valueDecreased: Template = (p) => `The value at path '${p}' in the reader schema is less than its value in the writer schema`;
const valueChanged: Template = (p) => `The value at path '${p}' is different between the reader and writer schema`;
const narrowed: Template = (p) =>
  `An array or combined type at path '${p}' has fewer elements in the reader schema than the writer schema`;
const extended: Template = (p) =>
  `An array or combined type at path '${p}' has more elements in the reader schema than the writer schema`;
const typeChanged: Template = (p) => `A type at path '${p}' is different between the reader schema and the writer schema`;
const addedToOpen: Template = (p) =>
  `The reader schema has an open content model and has a property or item at path '${p}' which is missing in the writer schema`;
const removedFromClosed: Template = (p) =>
  `The reader schema has a closed content model and is missing a property or item present at path '${p}' in the writer schema`;
const removedNotCovered: Template = (p) =>
  `A property or item is missing in the reader schema but present at path '${p}' in the writer schema and is not covered by its partially open content model`;
const addedNotCovered: Template = (p) =>
  `The reader schema has a property or item at path '${p}' which is missing in the writer schema and is not covered by its partially open content model`;

const MESSAGES: Partial<Record<DifferenceType, Template>> = {
  SCHEMA_ADDED: (p) => `The reader schema has a schema at path '${p}' which is not present in the writer schema`,
  TYPE_NARROWED: (p) => `The type at path '${p}' in the reader schema is narrower than in the writer schema`,
  TYPE_CHANGED: typeChanged,
  COMBINED_TYPE_CHANGED: typeChanged,
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: typeChanged,
  ENUM_ARRAY_CHANGED: typeChanged,
  MULTIPLE_OF_EXPANDED: valueIncreased,
  MIN_LENGTH_INCREASED: valueIncreased,
  MINIMUM_INCREASED: valueIncreased,
  EXCLUSIVE_MINIMUM_INCREASED: valueIncreased,
  MIN_PROPERTIES_INCREASED: valueIncreased,
  MIN_ITEMS_INCREASED: valueIncreased,
  MIN_CONTAINS_INCREASED: valueIncreased,
  MAX_LENGTH_DECREASED: valueDecreased,
  MAXIMUM_DECREASED: valueDecreased,
  EXCLUSIVE_MAXIMUM_DECREASED: valueDecreased,
  MAX_PROPERTIES_DECREASED: valueDecreased,
  MAX_ITEMS_DECREASED: valueDecreased,
  MAX_CONTAINS_DECREASED: valueDecreased,
  PATTERN_CHANGED: valueChanged,
  MULTIPLE_OF_CHANGED: valueChanged,
  DEPENDENCY_ARRAY_CHANGED: valueChanged,
  ADDITIONAL_ITEMS_NARROWED: narrowed,
  ADDITIONAL_PROPERTIES_NARROWED: narrowed,
  UNEVALUATED_PROPERTIES_NARROWED: narrowed,
  UNEVALUATED_ITEMS_NARROWED: narrowed,
  ENUM_ARRAY_NARROWED: narrowed,
  SUM_TYPE_NARROWED: narrowed,
  DEPENDENCY_ARRAY_EXTENDED: extended,
  PRODUCT_TYPE_EXTENDED: extended,
  NOT_TYPE_EXTENDED: extended,
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: addedToOpen,
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: addedToOpen,
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: (p) =>
    `The reader schema has an unopen content model and has a required property at path '${p}' which is missing in the writer schema`,
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: removedFromClosed,
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: removedFromClosed,
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: removedNotCovered,
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: removedNotCovered,
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: addedNotCovered,
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: addedNotCovered,
};

/** A sentence for an incompatible difference at `path` (Confluent's '#/...' form). */
export function messageFor(type: DifferenceType, path: string): string {
  const template = MESSAGES[type] ?? keywordAdded;
  return template(path);
}
