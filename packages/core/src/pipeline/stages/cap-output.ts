/** Keeps the head and the tail of long output, where the command line and the final errors are. */
export function capOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n[... ${text.length - maxChars} characters omitted ...]\n${text.slice(-half)}`;
}
