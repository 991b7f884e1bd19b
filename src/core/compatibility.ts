// Confluent's compatibility levels. What each one checks is derived in src/formats/compatibility.ts.
export const LEVELS = [
  'NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof LEVELS)[number];

export const parseLevel = (value: unknown): CompatibilityLevel | undefined => {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return (LEVELS as readonly string[]).includes(upper) ? (upper as CompatibilityLevel) : undefined;
};

export const isTransitive = (level: CompatibilityLevel) => level.endsWith('_TRANSITIVE');
