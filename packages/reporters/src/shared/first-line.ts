/** Text shortening for one-line displays. */

/** Cuts `text` to `maxLength` characters, ending with `…` when it was cut. */
export function truncate(text: string, maxLength: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxLength) return text;
  return `${characters
    .slice(0, Math.max(0, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

/** The first non-blank line of `text`, trimmed and cut to `maxLength` characters (`…` marks a cut or more lines). */
export function firstLine(text: string, maxLength = 80): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const first = lines[0] ?? '';
  const shortened = truncate(first, maxLength);
  return lines.length > 1 && shortened === first ? `${first}…` : shortened;
}
