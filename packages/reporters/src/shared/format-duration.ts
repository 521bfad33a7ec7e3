/** Durations as people read them. */

/** `45120` → `45.12s`, the original system's task duration format. */
export function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)}s`;
}

/** Short durations as `45.12s`, longer ones as `2m 03s` or `1h 02m 03s`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 60_000) return formatSeconds(milliseconds);
  const totalSeconds = Math.round(milliseconds / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}h ${pad(minutes)}m ${pad(seconds)}s` : `${minutes}m ${pad(seconds)}s`;
}

/** The local wall-clock time of an ISO timestamp as `14:30:15`. */
export function formatClock(isoTime: string): string {
  const date = new Date(isoTime);
  if (Number.isNaN(date.getTime())) return '--:--:--';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
