// The body of v3 streaming produce (Confluent's ProduceAction reads it with Jackson's MappingIterator): JSON values
// one after another, with or without whitespace between them. This splits the bytes as they arrive into whole
// top-level values, so each record is produced while the client is still sending the next ones.

export class JsonSplitter {
  #buffer = '';
  /** Where scanning resumes in #buffer, and the state there. */
  #scan = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #start = -1;

  /** Feeds text; answers the complete top-level values it closed, as text. */
  push(text: string): string[] {
    this.#buffer += text;
    const out: string[] = [];
    const s = this.#buffer;
    for (let i = this.#scan; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === 0x5c) this.#escaped = true;
        else if (c === 0x22) {
          this.#inString = false;
          if (this.#depth === 0) this.#close(i, out);
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        // Whitespace ends a bare top-level scalar (a number, true, null): the client sent something that is not
        // an object, which the caller reports.
        if (this.#depth === 0 && this.#start >= 0) this.#close(i - 1, out);
        continue;
      }
      if (this.#start < 0) this.#start = i;
      if (c === 0x22) this.#inString = true;
      else if (c === 0x7b || c === 0x5b) this.#depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.#depth--;
        if (this.#depth <= 0) this.#close(i, out);
      }
    }
    this.#scan = s.length;
    // Drop what was consumed, so a long stream does not keep its whole text.
    const keepFrom = this.#start >= 0 ? this.#start : s.length;
    if (keepFrom > 0) {
      this.#buffer = s.slice(keepFrom);
      this.#scan -= keepFrom;
      if (this.#start >= 0) this.#start -= keepFrom;
    }
    return out;
  }

  #close(end: number, out: string[]): void {
    out.push(this.#buffer.slice(this.#start, end + 1));
    this.#start = -1;
    this.#depth = 0;
  }

  /** Characters held for the value not yet complete (to bound what one record may take). */
  get pending(): number {
    return this.#start >= 0 ? this.#buffer.length - this.#start : 0;
  }

  /** At the end of the body: the unfinished value, if the client stopped in the middle of one. */
  end(): string | undefined {
    const rest = this.#start >= 0 ? this.#buffer.slice(this.#start).trim() : '';
    return rest === '' ? undefined : rest;
  }
}
