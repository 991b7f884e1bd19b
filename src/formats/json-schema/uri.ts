// URI handling for `$id` and `$ref`. A schema without `$id` gets a made-up base, as Confluent's loader does with
// `mem://input` (JsonSchema.DEFAULT_BASE_URI), so that relative references resolve the same way everywhere.

export const PSEUDO_BASE = 'mem://input/';

/** `ref` resolved against `base` (RFC 3986), or `ref` itself when one of them is not a URI we can combine. */
export function resolveUri(base: string, ref: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

/** The part before `#` and the (percent-decoded) fragment, without the `#`. */
export function splitFragment(uri: string): { readonly resource: string; readonly fragment: string } {
  const hash = uri.indexOf('#');
  if (hash < 0) return { resource: uri, fragment: '' };
  const raw = uri.slice(hash + 1);
  let fragment = raw;
  try {
    fragment = decodeURIComponent(raw);
  } catch {
    // keep the raw fragment when it is not valid percent-encoding
  }
  return { resource: uri.slice(0, hash), fragment };
}

/** The tokens of a JSON pointer (`/a/b~1c` → ['a', 'b/c']). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One JSON pointer token, escaped (RFC 6901). */
export const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
