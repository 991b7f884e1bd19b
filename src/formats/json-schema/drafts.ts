// The JSON Schema drafts we accept, how a schema names its draft, and the ajv machinery per draft.
// Confluent picks the draft from `$schema` and defaults to draft 7 (JsonSchema.rawSchema: SpecificationVersion.DRAFT_7).
import AjvDraft07Module from 'ajv';
import type { ErrorObject, Options, SchemaObject, ValidateFunction } from 'ajv';
import Ajv2019Module from 'ajv/dist/2019.js';
import Ajv2020Module from 'ajv/dist/2020.js';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

export type Draft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

export const DEFAULT_DRAFT: Draft = 'draft-07';

const DRAFT_URLS: ReadonlyArray<readonly [RegExp, Draft]> = [
  [/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/, 'draft-04'],
  [/^https?:\/\/json-schema\.org\/draft-06\/schema#?$/, 'draft-06'],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, 'draft-07'],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, '2019-09'],
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, '2020-12'],
];

/** The draft a `$schema` value names; anything else (absent, unknown) is draft 7, as in Confluent. */
export function draftOf(schemaKeyword: unknown): Draft {
  if (typeof schemaKeyword !== 'string') return DEFAULT_DRAFT;
  for (const [pattern, draft] of DRAFT_URLS) if (pattern.test(schemaKeyword)) return draft;
  return DEFAULT_DRAFT;
}

/** The keyword that sets a schema's base URI. */
export const idKeyword = (draft: Draft): 'id' | '$id' => (draft === 'draft-04' ? 'id' : '$id');

export const isModernDraft = (draft: Draft): boolean => draft === '2019-09' || draft === '2020-12';

type AjvInstance = InstanceType<typeof AjvDraft07Module.default>;

const META_SCHEMA_IDS: Readonly<Record<Draft, string>> = {
  'draft-04': 'http://json-schema.org/draft-04/schema',
  'draft-06': 'http://json-schema.org/draft-06/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

function newAjv(draft: Draft, options: Options): AjvInstance {
  switch (draft) {
    case 'draft-04':
      return new AjvDraft04Module.default(options);
    case '2019-09':
      return new Ajv2019Module.default(options);
    case '2020-12':
      return new Ajv2020Module.default(options);
    case 'draft-06': {
      const ajv = new AjvDraft07Module.default(options);
      ajv.addMetaSchema(draft06MetaSchema);
      return ajv;
    }
    case 'draft-07':
      return new AjvDraft07Module.default(options);
  }
}

// One ajv per draft, used only to check schemas against the draft's meta-schema. `validate(metaSchemaId, x)`
// adds nothing to the instance, so schemas cannot leak into each other through it. Formats are not checked
// here: Confluent's loader accepts Java regular expressions and URIs that ajv's `regex`/`uri` formats reject.
const metaValidators = new Map<Draft, ValidateFunction>();

function metaValidator(draft: Draft): ValidateFunction {
  let validate = metaValidators.get(draft);
  if (!validate) {
    const ajv = newAjv(draft, { strict: false, logger: false, allErrors: true, validateFormats: false });
    const compiled = ajv.getSchema(META_SCHEMA_IDS[draft]);
    if (!compiled) throw new Error(`no meta-schema for ${draft}`);
    validate = compiled;
    metaValidators.set(draft, validate);
  }
  return validate;
}

// Draft 4's meta-schema demands a non-empty `required`; Confluent's loader (and schema generators) accept
// `"required": []`, and a schema Confluent accepted must replay here too.
const ignoredMetaErrors = (draft: Draft, error: ErrorObject): boolean =>
  draft === 'draft-04' && error.keyword === 'minItems' && error.schemaPath === '#/definitions/stringArray/minItems';

/** Why `schema` is not a valid schema of `draft`, one line per problem; empty when it is valid. */
export function metaSchemaErrors(draft: Draft, schema: unknown): string[] {
  const validate = metaValidator(draft);
  if (validate(schema)) return [];
  const errors = (validate.errors ?? []).filter((error) => !ignoredMetaErrors(draft, error));
  // `anyOf` and friends report every branch plus a summary; the summary alone says nothing, so prefer leaves.
  const leaves = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', '$ref'].includes(e.keyword));
  const shown = leaves.length > 0 ? leaves : errors;
  const lines = shown.map((e) => `#${e.instancePath} ${e.message ?? e.keyword} (meta-schema path ${e.schemaPath})`);
  return [...new Set(lines)].slice(0, 10);
}

/** The options of the ajv that compiles one schema into a validator (see validator.ts). */
const COMPILER_OPTIONS: Options = {
  strict: false,
  logger: false,
  allErrors: true,
  // The schema was checked against its meta-schema when parsed; checking again costs a meta-schema compile.
  validateSchema: false,
  // Confluent validates patterns with java.util.regex; without the `u` flag JavaScript accepts more of them.
  unicodeRegExp: false,
};

/** A fresh ajv for one compile: about 1 ms, and nothing registered in it outlives the validator. */
export function newCompiler(draft: Draft): AjvInstance {
  const ajv = newAjv(draft, COMPILER_OPTIONS);
  addFormatsModule.default(ajv);
  return ajv;
}

export type { AjvInstance, SchemaObject, ValidateFunction };
