// Confluent's metadata options (confluent/meta.proto: `doc`, `params`, `tags` under extension number 1088 of the
// file, message, field, enum and enum value options) are the one kind of custom option Confluent carries through
// the `serialized` form: its DynamicSchema writes them into the FileDescriptorProto (findMeta -> setMeta), and
// toProtoFile(FileDescriptorProto) turns them back into `(confluent.xxx_meta) = {...}` options (toOption). Other
// custom options are dropped both ways, as Confluent drops them.
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import type { OptionElement, OptionValue } from './ast.ts';

/** The options messages that carry a Meta, by their descriptor.proto name, with the option Confluent spells. */
const META_OPTIONS: Readonly<Record<string, string>> = {
  FileOptions: 'confluent.file_meta',
  MessageOptions: 'confluent.message_meta',
  FieldOptions: 'confluent.field_meta',
  EnumOptions: 'confluent.enum_meta',
  EnumValueOptions: 'confluent.enum_value_meta',
};

/** The field under which a decoded or encodable options object holds its Meta. */
export const META_FIELD = 'confluentMeta';

/** Meta as protobufjs's toObject/fromObject spell it. */
export interface MetaObject {
  doc?: string;
  params?: Record<string, string>;
  tags?: string[];
}

/**
 * descriptor.proto plus the Meta extension, in a Root of its own (protobufjs's shared descriptor types stay as they
 * are). An extension is a field like any other on the wire, so it is declared here as field 1088 of each options
 * message.
 */
const root = protobuf.Root.fromJSON(descriptor.FileDescriptorProto.root.toJSON());
root.define('confluent').add(
  new protobuf.Type('Meta')
    .add(new protobuf.Field('doc', 1, 'string'))
    .add(new protobuf.MapField('params', 2, 'string', 'string'))
    .add(new protobuf.Field('tags', 3, 'string', 'repeated')),
);
for (const options of Object.keys(META_OPTIONS)) {
  root.lookupType(`google.protobuf.${options}`).add(new protobuf.Field(META_FIELD, 1088, '.confluent.Meta'));
}

/** google.protobuf.FileDescriptorProto that also reads and writes Confluent's Meta options. */
export const FileDescriptorProto: protobuf.Type = root.lookupType('google.protobuf.FileDescriptorProto');

/** The Meta option name for an options message (`FieldOptions` -> `confluent.field_meta`), if it has one. */
export const metaOptionName = (optionsType: string): string | undefined => META_OPTIONS[optionsType];

/**
 * The Meta that `options` declare under `name`, merged the way Confluent's mergeOptions/findMeta do: every option of
 * that name (a leading dot ignored) counts, `(name).field = v` is `{field: v}`, and a key given twice collects its
 * values. `params` as a list of `{key, value}` or, as Confluent reads it, a map taken as is; `tags` a list or one.
 */
export function findMeta(options: readonly OptionElement[], name: string): MetaObject | undefined {
  let merged: Map<string, unknown> | undefined;
  for (const option of options) {
    if (option.name.replace(/^\./, '') !== name) continue;
    const entries = optionEntries(option);
    if (entries === undefined) continue;
    merged = merged === undefined ? entries : mergeEntries(merged, entries);
  }
  if (merged === undefined) return undefined;
  const meta: MetaObject = {};
  const doc = merged.get('doc');
  if (typeof doc === 'string') meta.doc = doc;
  const params = paramsOf(merged.get('params'));
  if (params !== undefined) meta.params = params;
  const tags = merged.get('tags');
  if (Array.isArray(tags)) meta.tags = tags.map(String);
  else if (tags !== undefined) meta.tags = [String(tags)];
  return meta;
}

/** Confluent's toOption: `(name) = { doc, params: [{key, value}], tags }` with only what is set, or nothing. */
export function metaOption(name: string, value: unknown): OptionElement | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const meta = value as MetaObject;
  const entries = new Map<string, OptionValue>();
  if (typeof meta.doc === 'string' && meta.doc !== '') entries.set('doc', str(meta.doc));
  const params = Object.entries(meta.params ?? {});
  if (params.length > 0) {
    entries.set('params', {
      kind: 'list',
      items: params.map(([key, v]) => ({
        kind: 'map',
        // Confluent writes precision and scale value first, "for backward compatibility".
        entries: new Map(key === 'precision' || key === 'scale'
          ? [['value', str(v)], ['key', str(key)]]
          : [['key', str(key)], ['value', str(v)]]),
      })),
    });
  }
  const tags = meta.tags ?? [];
  if (tags.length > 0) entries.set('tags', { kind: 'list', items: tags.map(str) });
  return entries.size === 0 ? undefined : { name, parenthesized: true, value: { kind: 'map', entries } };
}

const str = (value: string): OptionValue => ({ kind: 'string', value });

/** An option's value as plain entries: `{a: 1}` as is, `(name).a = 1` as `{a: 1}`, anything else not a Meta. */
function optionEntries(option: OptionElement): Map<string, unknown> | undefined {
  if (option.path !== undefined) {
    const [first, ...rest] = option.path.split('.');
    if (first === undefined || rest.length > 0) return undefined;
    return new Map([[first, plain(option.value)]]);
  }
  if (option.value.kind !== 'map') return undefined;
  return new Map([...option.value.entries].map(([key, value]) => [key, plain(value)]));
}

function plain(value: OptionValue): unknown {
  switch (value.kind) {
    case 'map':
      return Object.fromEntries([...value.entries].map(([key, v]) => [key, plain(v)]));
    case 'list':
      return value.items.map(plain);
    default:
      return value.value;
  }
}

/** Confluent's merge: keys of both, a key in both becomes the list of their distinct values. */
function mergeEntries(existing: Map<string, unknown>, replacement: Map<string, unknown>): Map<string, unknown> {
  const merged = new Map(existing);
  for (const [key, value] of replacement) {
    if (!merged.has(key)) {
      merged.set(key, value);
      continue;
    }
    const items = [merged.get(key), value].flatMap((v) => (Array.isArray(v) ? v : [v]));
    merged.set(key, items.filter((item, i) => items.findIndex((other) => sameValue(other, item)) === i));
  }
  return merged;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function paramsOf(value: unknown): Record<string, string> | undefined {
  if (Array.isArray(value)) {
    const params: Record<string, string> = {};
    for (const item of value) {
      if (item === null || typeof item !== 'object') continue;
      const { key, value: v } = item as Record<string, unknown>;
      params[String(key)] = String(v);
    }
    return params;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, String(v)]));
  }
  return undefined;
}
