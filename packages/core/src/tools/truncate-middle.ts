/**
 * Shorten `text` to about `maxChars` by cutting out its middle. Command output matters most at both
 * ends: the head says what ran, the tail holds the error and the summary.
 */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const headChars = Math.ceil(maxChars / 2);
  const tailChars = maxChars - headChars;
  const omitted = text.length - headChars - tailChars;
  const tail = tailChars > 0 ? text.slice(-tailChars) : '';
  return `${text.slice(0, headChars)}\n[... ${omitted} characters omitted ...]\n${tail}`;
}
