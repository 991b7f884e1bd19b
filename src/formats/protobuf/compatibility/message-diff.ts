// Message comparison (Confluent's MessageSchemaDiff and OneOfDiff): fields matched by number, oneofs by name.
// Moving one plain field into a new oneof is allowed; moving several, or moving one into a oneof that already
// had members, is not (a writer may set both, a reader keeps only one). Removing a oneof member is not allowed.
import type { FieldElement, MessageElement, OneOfElement } from '../ast.ts';
import { type DiffContext, union } from './context.ts';
import { compareFields } from './field-diff.ts';
import { compareTypes } from './schema-diff.ts';

export function compareMessages(ctx: DiffContext, original: MessageElement, update: MessageElement): void {
  if (!ctx.inProgress.has(original)) {
    ctx.inProgress.add(original);
    try {
      compareMembers(ctx, original, update);
    } finally {
      ctx.inProgress.delete(original);
    }
  }
  compareTypes(ctx, original.nestedTypes, update.nestedTypes);
}

function compareMembers(ctx: DiffContext, original: MessageElement, update: MessageElement): void {
  const before = byNumber(original.fields);
  const after = byNumber(update.fields);
  const beforeInOneOfs = byNumber(original.oneOfs.flatMap((o) => o.fields));

  for (const oneOf of update.oneOfs) {
    ctx.within(oneOf.name, () => {
      let moved = 0;
      let existing = 0;
      for (const field of oneOf.fields) {
        // A plain field that moved into the oneof is not reported as removed.
        if (before.delete(field.tag)) moved++;
        else if (beforeInOneOfs.has(field.tag)) existing++;
      }
      if (moved > 1) {
        ctx.add('MULTIPLE_FIELDS_MOVED_TO_ONEOF',
          `${moved} fields that are separate in the writer schema are in the oneof '${oneOf.name}' in the reader schema`);
      } else if (moved === 1 && existing > 0) {
        ctx.add('FIELD_MOVED_TO_EXISTING_ONEOF',
          `A field outside any oneof in the writer schema moves into the oneof '${oneOf.name}' of the reader schema, `
          + 'next to fields that were already in a oneof');
      }
    });
  }

  const beforeOneOfs = byName(original.oneOfs);
  const afterOneOfs = byName(update.oneOfs);
  for (const name of union(beforeOneOfs.keys(), afterOneOfs.keys())) {
    ctx.within(name, () => {
      const o = beforeOneOfs.get(name);
      const u = afterOneOfs.get(name);
      if (u === undefined) ctx.add('ONEOF_REMOVED', `The reader schema has no oneof '${name}'`);
      else if (o === undefined) ctx.add('ONEOF_ADDED', `The reader schema adds the oneof '${name}'`);
      else compareOneOfs(ctx, o, u);
    });
  }

  for (const tag of union(before.keys(), after.keys()).sort((a, b) => a - b)) {
    ctx.within(tag, () => {
      const o = before.get(tag);
      const u = after.get(tag);
      if (u === undefined && o !== undefined) {
        if (o.label === 'required') {
          ctx.add('REQUIRED_FIELD_REMOVED', `The reader schema removes the required field '${o.name}' (number ${tag})`);
        } else {
          ctx.add('FIELD_REMOVED', `The reader schema removes the field '${o.name}' (number ${tag})`);
        }
      } else if (o === undefined && u !== undefined) {
        if (u.label === 'required') {
          ctx.add('REQUIRED_FIELD_ADDED',
            `The reader schema adds the required field '${u.name}' (number ${tag}), which data written with the writer schema lacks`);
        } else {
          ctx.add('FIELD_ADDED', `The reader schema adds the field '${u.name}' (number ${tag})`);
        }
      } else if (o !== undefined && u !== undefined) {
        compareFields(ctx, o, u);
      }
    });
  }
}

function compareOneOfs(ctx: DiffContext, original: OneOfElement, update: OneOfElement): void {
  const before = byNumber(original.fields);
  const after = byNumber(update.fields);
  for (const tag of union(before.keys(), after.keys()).sort((a, b) => a - b)) {
    ctx.within(tag, () => {
      const o = before.get(tag);
      const u = after.get(tag);
      if (u === undefined && o !== undefined) {
        ctx.add('ONEOF_FIELD_REMOVED',
          `The reader schema removes the field '${o.name}' (number ${tag}) from the oneof '${original.name}'`);
      } else if (o === undefined && u !== undefined) {
        ctx.add('ONEOF_FIELD_ADDED', `The reader schema adds the field '${u.name}' (number ${tag}) to the oneof '${update.name}'`);
      } else if (o !== undefined && u !== undefined) {
        compareFields(ctx, o, u);
      }
    });
  }
}

function byNumber(fields: readonly FieldElement[]): Map<number, FieldElement> {
  const map = new Map<number, FieldElement>();
  for (const field of fields) map.set(field.tag, field);
  return map;
}

function byName(oneOfs: readonly OneOfElement[]): Map<string, OneOfElement> {
  const map = new Map<string, OneOfElement>();
  for (const oneOf of oneOfs) map.set(oneOf.name, oneOf);
  return map;
}
