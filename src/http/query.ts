// Query parameters as Jersey reads them: booleans are true only for "true" (any case); integers must parse.
import { ApiError } from '../core/errors.ts';

export type Query = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export const flag = (query: Query, name: string): boolean => first(query[name])?.toLowerCase() === 'true';

export const text = (query: Query, name: string, fallback: string): string => first(query[name]) ?? fallback;

export function integer(query: Query, name: string, fallback: number): number {
  const value = first(query[name]);
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw new ApiError(400, `Query parameter ${name} must be an integer, got "${value}"`);
  return Number(value);
}
