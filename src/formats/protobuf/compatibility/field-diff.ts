// Field comparison (Confluent's FieldSchemaDiff). Kinds: scalars (enums count as scalars), maps and messages.
// Scalars may change only within a wire-compatible group (protobuf's "updating a message type" rules):
// int32/uint32/int64/uint64/bool and enums; sint32/sint64; string/bytes; fixed32/sfixed32; fixed64/sfixed64;
// float; double. A label change (optional <-> repeated) breaks numeric fields, not string or bytes ones.
import type { FieldElement, Label } from '../ast.ts';
import { SCALAR_TYPES, mapTypes } from '../ast.ts';
import type { DiffContext, Side } from './context.ts';
import { isCompatible } from './difference.ts';
import { compareMessages } from './message-diff.ts';

type Kind = 'scalar' | 'map' | 'message';
type ScalarKind = 'general number' | 'signed number' | 'string or bytes' | 'fixed32' | 'fixed64' | 'float' | 'double';

const SCALAR_KINDS: ReadonlyMap<string, ScalarKind> = new Map(Object.entries({
  int32: 'general number', int64: 'general number', uint32: 'general number', uint64: 'general number',
  bool: 'general number', sint32: 'signed number', sint64: 'signed number', string: 'string or bytes',
  bytes: 'string or bytes', fixed32: 'fixed32', sfixed32: 'fixed32', fixed64: 'fixed64', sfixed64: 'fixed64',
  float: 'float', double: 'double',
} as const));

export function compareFields(ctx: DiffContext, original: FieldElement, update: FieldElement): void {
  if (original.name !== update.name) {
    ctx.add('FIELD_NAME_CHANGED', `The field is named '${update.name}' in the reader schema but '${original.name}' in the writer schema`);
  }
  compareLabelsAndTypes(ctx, original.label, update.label, original.type, update.type);
}

function compareLabelsAndTypes(
  ctx: DiffContext,
  originalLabel: Label | undefined,
  updateLabel: Label | undefined,
  originalType: string,
  updateType: string,
): void {
  const before = mapEntryAsMap(ctx, originalType, 'original');
  const after = mapEntryAsMap(ctx, updateType, 'update');
  const beforeKind = kindOf(ctx, before, 'original');
  const afterKind = kindOf(ctx, after, 'update');
  if (beforeKind !== afterKind) {
    ctx.add('FIELD_KIND_CHANGED',
      `The field is a ${afterKind} (${after}) in the reader schema but a ${beforeKind} (${before}) in the writer schema`);
    return;
  }
  if (beforeKind === 'scalar') {
    compareScalars(ctx, originalLabel, updateLabel, before, after);
  } else if (beforeKind === 'message') {
    compareMessageTypes(ctx, before, after);
  } else {
    const beforeMap = mapTypes(before);
    const afterMap = mapTypes(after);
    if (beforeMap !== undefined && afterMap !== undefined) {
      compareLabelsAndTypes(ctx, undefined, undefined, beforeMap.key, afterMap.key);
      compareLabelsAndTypes(ctx, undefined, undefined, beforeMap.value, afterMap.value);
    }
  }
}

/** A reference to a hand-written map entry message stands for the map itself. */
function mapEntryAsMap(ctx: DiffContext, type: string, side: Side): string {
  if (SCALAR_TYPES.has(type) || type.startsWith('map<')) return type;
  const element = ctx.resolve(type, side)?.info;
  if (element === undefined || !element.mapEntry || element.element.kind !== 'message') return type;
  const key = element.element.fields.find((f) => f.name === 'key');
  const value = element.element.fields.find((f) => f.name === 'value');
  return key === undefined || value === undefined ? type : `map<${key.type}, ${value.type}>`;
}

function kindOf(ctx: DiffContext, type: string, side: Side): Kind {
  if (SCALAR_TYPES.has(type)) return 'scalar';
  if (type.startsWith('map<')) return 'map';
  return ctx.resolve(type, side)?.info.element.kind === 'enum' ? 'scalar' : 'message';
}

/** Enums are varints, so they count as general numbers. */
const scalarKind = (type: string): ScalarKind => SCALAR_KINDS.get(type) ?? 'general number';

function compareScalars(
  ctx: DiffContext,
  originalLabel: Label | undefined,
  updateLabel: Label | undefined,
  before: string,
  after: string,
): void {
  const beforeKind = scalarKind(before);
  const afterKind = scalarKind(after);
  if (beforeKind !== afterKind) {
    ctx.add('FIELD_SCALAR_KIND_CHANGED',
      `The field has type ${after} in the reader schema but ${before} in the writer schema, which is not wire-compatible`);
    return;
  }
  // Only labels written on both sides count: a proto3 field without a label is neither optional nor repeated.
  if (originalLabel === undefined || updateLabel === undefined || originalLabel === updateLabel) return;
  if (beforeKind === 'string or bytes') {
    ctx.add('FIELD_STRING_OR_BYTES_LABEL_CHANGED', `The ${after} field changes from ${originalLabel} to ${updateLabel}`);
  } else {
    ctx.add('FIELD_NUMERIC_LABEL_CHANGED',
      `The numeric field is ${updateLabel} in the reader schema but ${originalLabel} in the writer schema`);
  }
}

/**
 * Message fields must keep their message type, compared by name without the package; a referenced message
 * declared outside the schema's own file is compared too, as it may differ even where the name does not.
 */
function compareMessageTypes(ctx: DiffContext, before: string, after: string): void {
  const o = ctx.resolve(before, 'original');
  const u = ctx.resolve(after, 'update');
  if (o === undefined || u === undefined) {
    if (before !== after) {
      ctx.add('FIELD_NAMED_TYPE_CHANGED', `The field has type ${after} in the reader schema but ${before} in the writer schema`);
    }
    return;
  }
  const localBefore = localName(o.fullName, o.info.packageName);
  const localAfter = localName(u.fullName, u.info.packageName);
  if (localBefore !== localAfter) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED',
      `The field has message type ${u.fullName} in the reader schema but ${o.fullName} in the writer schema`);
    return;
  }
  // Messages declared in the compared files themselves are compared where they are declared.
  const bothLocal = o.info.origin === ctx.original.file && u.info.origin === ctx.update.file;
  if (bothLocal || o.info.origin === u.info.origin) return;
  if (o.info.element.kind !== 'message' || u.info.element.kind !== 'message') return;
  const sub = ctx.subcontext(o.info.packageName, u.info.packageName, localBefore);
  compareMessages(sub, o.info.element, u.info.element);
  ctx.differences.push(...sub.differences);
  if (!isCompatible(sub.differences)) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED',
      `The message type ${u.fullName} of the field in the reader schema cannot read ${o.fullName} of the writer schema`);
  }
}

const localName = (fullName: string, packageName: string): string =>
  packageName !== '' && fullName.startsWith(`${packageName}.`) ? fullName.slice(packageName.length + 1) : fullName;
