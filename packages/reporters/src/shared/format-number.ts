/** Number formatting shared by the reporters. Grouping always uses `1,234` (also in Chinese output, as the original did). */

/** `1890` → `1,890`. */
export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `0.123456` → `$0.1235`; small amounts keep four decimals, large ones two. */
export function formatUsd(value: number): string {
  const digits = Math.abs(value) >= 100 ? 2 : 4;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** `part / whole` as `35.0%`; `0.0%` when `whole` is 0. */
export function formatPercent(part: number, whole: number): string {
  const share = whole > 0 ? (part / whole) * 100 : 0;
  return `${share.toFixed(1)}%`;
}
