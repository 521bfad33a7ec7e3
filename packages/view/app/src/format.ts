export function formatTokens(tokens: number): string {
  return tokens.toLocaleString('en-US');
}

export function formatCost(usd: number): string {
  return `$${usd.toFixed(usd >= 1 ? 2 : 4)}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatDate(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

/** The last segments of a path: enough to tell task folders apart. */
export function shortFolder(dir: string): string {
  return dir.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
}

export function firstLine(text: string, max = 120): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A time axis tick, in seconds since the run started: tenths on short runs, minutes on long ones. */
export function formatAxisSeconds(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  return formatDuration(seconds * 1000);
}
