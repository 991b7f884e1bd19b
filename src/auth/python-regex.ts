// Karapace compiles each ACL `resource` with Python's `re` and tests it with `re.match`: anchored at the start of
// the resource only, so `Subject:orders` also grants `Subject:orders-v2`. This turns such a pattern into a JS
// RegExp with the same meaning for the syntax both engines share, translating the Python-only spellings.

export class PatternError extends Error {
  override readonly name = 'PatternError';
}

const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;

/** Python syntax that reads differently in JS: named groups and backreferences, \A and \Z. Character classes and
 *  escapes are copied as they are. */
function translate(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'Z') out += '$(?![\\s\\S])';
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in both engines' classes only in Python: escape it for JS.
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (pattern.startsWith('(?P=', i)) {
      const end = pattern.indexOf(')', i);
      if (end < 0) throw new PatternError('unterminated (?P= backreference');
      out += `\\k<${pattern.slice(i + 4, end)}>`;
      i = end;
      continue;
    }
    out += c;
  }
  if (inClass) throw new PatternError('unterminated character set');
  return out;
}

/** Compiles a Python regular expression for `re.match` semantics (a prefix match). Throws PatternError. */
export function compilePythonMatch(pattern: string): RegExp {
  let body = pattern;
  let flags = '';
  const inline = INLINE_FLAGS.exec(body);
  if (inline) {
    for (const f of inline[1]!) {
      if (f === 'i' || f === 'm' || f === 's') flags += flags.includes(f) ? '' : f;
      else if (f === 'x') throw new PatternError('verbose patterns ((?x)) are not supported');
      // a, L, u only choose the character tables: nothing to do for ASCII or Unicode text here.
    }
    body = body.slice(inline[0].length);
  }
  try {
    // ^ without the m flag is the start of the input; with (?m) it would also match after a newline, so use a
    // lookbehind that only the input's start satisfies.
    return new RegExp(`(?<![\\s\\S])(?:${translate(body)})`, flags);
  } catch (error) {
    throw new PatternError((error as Error).message);
  }
}
