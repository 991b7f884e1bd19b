// Object keywords (Confluent's ObjectSchemaDiff). The content model decides what adding or removing a property
// means: open (any other property allowed, unconstrained), closed (`additionalProperties: false`), or partially
// open (other properties must match `patternProperties` or the `additionalProperties` schema).
// Removing a property is judged by the reader's model, adding one by the writer's.
import type { ObjectNode, SchemaNode } from '../schema-model.ts';
import { escapeToken } from '../uri.ts';
import { compareBound } from './bounds.ts';
import type { DiffContext } from './context.ts';
import { compareUnevaluated } from './unevaluated-diff.ts';

const acceptsAll = (node: SchemaNode | undefined): boolean => node?.kind === 'true' || node?.kind === 'empty';

/** Any property not named is allowed and unconstrained (2019-09+: `unevaluatedProperties` counts too). */
function isOpen(schema: ObjectNode): boolean {
  return schema.patternProperties.length === 0 && schema.additionalProperties === undefined
    && schema.permitsAdditionalProperties
    && (schema.unevaluatedProperties === undefined || acceptsAll(schema.unevaluatedProperties));
}

const patterns = new Map<string, RegExp | null>();

function patternMatches(pattern: string, name: string): boolean {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      try {
        regex = new RegExp(pattern);
      } catch {
        regex = null;
      }
    }
    patterns.set(pattern, regex);
  }
  return regex?.test(name) ?? false;
}

/** The schema a property not named in `schema` would have to match, if the content model is partially open. */
function partialSchemaFor(schema: ObjectNode, name: string): SchemaNode | undefined {
  for (const [pattern, patternSchema] of schema.patternProperties) if (patternMatches(pattern, name)) return patternSchema;
  if (schema.additionalProperties) return schema.additionalProperties;
  const unevaluated = schema.unevaluatedProperties;
  if (schema.permitsAdditionalProperties && unevaluated && unevaluated.kind !== 'false' && !acceptsAll(unevaluated)) {
    return unevaluated;
  }
  return undefined;
}

const hasDefault = (node: SchemaNode | undefined): boolean => node?.common.defaultValue !== undefined;

function compareRequired(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('required', () => {
    for (const name of original.properties.keys()) {
      if (!update.properties.has(name)) continue;
      const wasRequired = original.required.includes(name);
      const isRequired = update.required.includes(name);
      if (wasRequired && !isRequired) ctx.addAt(escapeToken(name), 'REQUIRED_ATTRIBUTE_REMOVED');
      else if (!wasRequired && isRequired) {
        ctx.addAt(escapeToken(name),
          hasDefault(update.properties.get(name)) ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED');
      }
    }
  });
}

function propertyRemoved(ctx: DiffContext, name: string, writerSchema: SchemaNode, update: ObjectNode): void {
  if (isOpen(update)) return ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL');
  const partial = partialSchemaFor(update, name);
  if (partial) {
    const sub = ctx.subcontext();
    sub.compare(writerSchema, partial);
    ctx.addAll(sub.differences);
    return ctx.add(sub.isCompatible()
      ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
      : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  }
  ctx.add(writerSchema.kind === 'false'
    ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
    : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
}

function propertyAdded(ctx: DiffContext, name: string, readerSchema: SchemaNode, original: ObjectNode, update: ObjectNode): void {
  if (isOpen(original)) {
    return ctx.add(acceptsAll(readerSchema)
      ? 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
      : 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
  }
  const partial = partialSchemaFor(original, name);
  if (partial) {
    const sub = ctx.subcontext();
    sub.compare(partial, readerSchema);
    ctx.addAll(sub.differences);
    ctx.add(sub.isCompatible()
      ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
      : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  }
  // Closed or partially open: the writer never wrote this property (or wrote it as covered above).
  if (!update.required.includes(name)) ctx.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
  else if (hasDefault(readerSchema)) ctx.add('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL');
  else ctx.add('REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
}

function compareProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('properties', () => {
    const names = new Set([...original.properties.keys(), ...update.properties.keys()]);
    for (const name of names) {
      const writerSchema = original.properties.get(name);
      const readerSchema = update.properties.get(name);
      ctx.at(escapeToken(name), () => {
        if (writerSchema && !readerSchema) propertyRemoved(ctx, name, writerSchema, update);
        else if (!writerSchema && readerSchema) propertyAdded(ctx, name, readerSchema, original, update);
        else ctx.compare(writerSchema, readerSchema);
      });
    }
  });
}

function compareDependencies(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('dependencies', () => {
    const names = new Set([...original.propertyDependencies.keys(), ...update.propertyDependencies.keys()]);
    for (const name of names) {
      const before = original.propertyDependencies.get(name);
      const after = update.propertyDependencies.get(name);
      const segment = escapeToken(name);
      if (!after) ctx.addAt(segment, 'DEPENDENCY_ARRAY_REMOVED');
      else if (!before) ctx.addAt(segment, 'DEPENDENCY_ARRAY_ADDED');
      else {
        const afterHasAll = before.every((n) => after.includes(n));
        const beforeHasAll = after.every((n) => before.includes(n));
        if (afterHasAll && beforeHasAll) continue;
        if (afterHasAll) ctx.addAt(segment, 'DEPENDENCY_ARRAY_EXTENDED');
        else if (beforeHasAll) ctx.addAt(segment, 'DEPENDENCY_ARRAY_NARROWED');
        else ctx.addAt(segment, 'DEPENDENCY_ARRAY_CHANGED');
      }
    }
    const schemaNames = new Set([...original.schemaDependencies.keys(), ...update.schemaDependencies.keys()]);
    for (const name of schemaNames) {
      const before = original.schemaDependencies.get(name);
      const after = update.schemaDependencies.get(name);
      ctx.at(escapeToken(name), () => {
        if (!after) ctx.add('DEPENDENCY_SCHEMA_REMOVED');
        else if (!before) ctx.add('DEPENDENCY_SCHEMA_ADDED');
        else ctx.compare(before, after);
      });
    }
  });
}

function compareAdditionalProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('additionalProperties', () => {
    if (original.permitsAdditionalProperties !== update.permitsAdditionalProperties) {
      ctx.add(update.permitsAdditionalProperties ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED');
    } else if (!original.additionalProperties && update.additionalProperties) {
      ctx.add('ADDITIONAL_PROPERTIES_NARROWED');
    } else if (original.additionalProperties && !update.additionalProperties) {
      ctx.add('ADDITIONAL_PROPERTIES_EXTENDED');
    } else {
      ctx.compare(original.additionalProperties, update.additionalProperties);
    }
  });
}

export function compareObjects(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  compareRequired(ctx, original, update);
  compareProperties(ctx, original, update);
  compareDependencies(ctx, original, update);
  compareAdditionalProperties(ctx, original, update);
  compareUnevaluated(ctx, 'unevaluatedProperties', original.unevaluatedProperties, update.unevaluatedProperties, {
    added: 'UNEVALUATED_PROPERTIES_ADDED', removed: 'UNEVALUATED_PROPERTIES_REMOVED',
    extended: 'UNEVALUATED_PROPERTIES_EXTENDED', narrowed: 'UNEVALUATED_PROPERTIES_NARROWED',
  });
  compareBound(ctx, 'maxProperties', original.maxProperties, update.maxProperties, {
    added: 'MAX_PROPERTIES_ADDED', removed: 'MAX_PROPERTIES_REMOVED',
    increased: 'MAX_PROPERTIES_INCREASED', decreased: 'MAX_PROPERTIES_DECREASED',
  });
  compareBound(ctx, 'minProperties', original.minProperties, update.minProperties, {
    added: 'MIN_PROPERTIES_ADDED', removed: 'MIN_PROPERTIES_REMOVED',
    increased: 'MIN_PROPERTIES_INCREASED', decreased: 'MIN_PROPERTIES_DECREASED',
  });
}
