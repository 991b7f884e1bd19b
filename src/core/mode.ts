// Confluent's registry modes. READONLY_OVERRIDE is deprecated by Confluent but still accepted and stored.
export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

export const parseMode = (value: unknown): Mode | undefined => {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return (MODES as readonly string[]).includes(upper) ? (upper as Mode) : undefined;
};

export const isReadOnly = (mode: Mode) => mode === 'READONLY' || mode === 'READONLY_OVERRIDE';
