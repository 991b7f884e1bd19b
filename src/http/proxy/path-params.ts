// Path parameters Confluent's REST Proxy declares as Java ints (`@PathParam("partition") int`): JAX-RS answers a
// value that does not convert with a plain 404 (rest-utils: {"error_code":404,"message":"HTTP 404 Not Found"}),
// before the resource looks anything up. A value that converts but names nothing is the resource's own 404.
import { v3NotFound } from '../../core/errors.ts';

const INT_MAX = 2_147_483_647;

/** The Java int a path segment holds (Integer.parseInt: optional sign, decimal digits, in range), else 404. */
export function intPathParam(text: string): number {
  const n = /^[+-]?\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n > INT_MAX || n < -INT_MAX - 1) throw v3NotFound();
  return n;
}
