/** The last lines of command output, where the error usually is, for a one-paragraph message. */
export function lastLines(text: string, maxLines = 20): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= maxLines ? lines.join('\n') : ['…', ...lines.slice(-maxLines)].join('\n');
}
