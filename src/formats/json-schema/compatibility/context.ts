// Where a comparison is and what it found so far (Confluent's diff.Context). Subcontexts try a comparison
// without committing to it: Confluent keeps a subcontext's findings only when they are all compatible.
import type { SchemaNode } from '../schema-model.ts';
import { type Difference, type DifferenceType, isCompatibleChange } from './difference.ts';

/** Compares `original` (the writer) with `update` (the reader), adding what differs to `ctx`. */
export type Compare = (ctx: DiffContext, original: SchemaNode | undefined, update: SchemaNode | undefined) => void;

/** Shared by a comparison and all its subcontexts. */
interface Shared {
  readonly compare: Compare;
  /** Findings per (original, update) pair, with paths relative to the pair. */
  readonly memo: Map<SchemaNode, Map<SchemaNode, readonly Difference[]>>;
  /** Pairs being compared further up the stack: meeting one again is a recursive cycle. */
  readonly inProgress: Map<SchemaNode, Set<SchemaNode>>;
}

export class DiffContext {
  private readonly shared: Shared;
  private readonly path: string[];
  readonly differences: Difference[] = [];

  private constructor(shared: Shared, path: readonly string[]) {
    this.shared = shared;
    this.path = [...path];
  }

  static root(compare: Compare): DiffContext {
    return new DiffContext({ compare, memo: new Map(), inProgress: new Map() }, []);
  }

  /** A context at the same path whose findings are kept apart until `addAll`. */
  subcontext(): DiffContext {
    return new DiffContext(this.shared, this.path);
  }

  /** Compares two schemas at the current path. */
  compare(original: SchemaNode | undefined, update: SchemaNode | undefined): void {
    this.shared.compare(this, original, update);
  }

  /** Runs `fn` with `segment` appended to the path. */
  at(segment: string, fn: () => void): void {
    this.path.push(segment);
    try {
      fn();
    } finally {
      this.path.pop();
    }
  }

  add(type: DifferenceType): void {
    this.differences.push({ type, path: [...this.path] });
  }

  /** Adds a difference at `segment` below the current path (e.g. 'maxLength'). */
  addAt(segment: string, type: DifferenceType): void {
    this.differences.push({ type, path: [...this.path, segment] });
  }

  addAll(differences: readonly Difference[]): void {
    this.differences.push(...differences);
  }

  isCompatible(): boolean {
    return this.differences.every((d) => isCompatibleChange(d.type));
  }

  /**
   * Compares a pair once per comparison and reuses the result wherever the pair meets again (Confluent's
   * Context#compareMemoized): recursive schemas that refer to each other would otherwise multiply the work.
   * A pair met again while it is still being compared is a cycle and counts as compatible, uncached.
   */
  memoized(original: SchemaNode, update: SchemaNode, body: (ctx: DiffContext) => void): void {
    const { memo, inProgress } = this.shared;
    let relative = memo.get(original)?.get(update);
    if (!relative) {
      const active = inProgress.get(original) ?? new Set<SchemaNode>();
      if (active.has(update)) return;
      active.add(update);
      inProgress.set(original, active);
      const fresh = new DiffContext(this.shared, []);
      try {
        body(fresh);
      } finally {
        active.delete(update);
      }
      relative = fresh.differences;
      const row = memo.get(original) ?? new Map<SchemaNode, readonly Difference[]>();
      row.set(update, relative);
      memo.set(original, row);
    }
    for (const d of relative) this.differences.push({ type: d.type, path: [...this.path, ...d.path] });
  }
}
