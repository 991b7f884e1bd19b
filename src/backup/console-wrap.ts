// Karapace prints its warnings with Rich, which wraps text to the console width: COLUMNS when set, else the
// terminal's width, else 80. A line breaks before a word that would pass the width, and keeps the spaces that
// preceded the break (Rich's `divide_line`), so Karapace's tests expect e.g. "... version of \nKarapace.".

export function consoleWidth(stream: NodeJS.WriteStream = process.stderr): number {
  const columns = process.env.COLUMNS;
  if (columns !== undefined && /^\d+$/.test(columns)) return Number(columns);
  return stream.columns ?? process.stdout.columns ?? process.stderr.columns ?? 80;
}

export function richWrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/\s*\S+\s*/g) ?? []) {
    if (line !== '' && line.length + word.trimEnd().length > width) {
      lines.push(line);
      line = word.trimStart();
    } else {
      line += word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
