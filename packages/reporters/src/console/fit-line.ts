/**
 * Measuring and cutting text in terminal columns, where a CJK character or an emoji takes two,
 * so that a redrawn line never wraps.
 */
import stringWidth from 'string-width';

/** A piece of a line and the colour it is drawn in. */
export interface Segment {
  text: string;
  style?: (text: string) => string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Widths of recent non-ASCII pieces: the live view measures the same labels four times a second. */
const widths = new Map<string, number>();
const MAX_CACHED_WIDTHS = 2000;

/** The columns `text` takes in a terminal. */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size >= MAX_CACHED_WIDTHS) widths.clear();
    width = stringWidth(text);
    widths.set(text, width);
  }
  return width;
}

/** `text` cut to at most `maxWidth` columns, ending with `…` when it was cut. */
export function truncateToWidth(text: string, maxWidth: number): string {
  if (textWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return '';
  let kept = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const next = textWidth(segment);
    if (width + next > maxWidth - 1) break;
    kept += segment;
    width += next;
  }
  return `${kept}…`;
}

/** `text` followed by spaces up to `width` columns. */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

/** Spaces up to `width` columns, then `text`. */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}

/** The segments drawn one after another and cut to `maxWidth` columns: the last ones give way first. */
export function fitLine(segments: readonly Segment[], maxWidth: number): string {
  let line = '';
  let remaining = maxWidth;
  for (const { text, style } of segments) {
    const fitted = truncateToWidth(text, remaining);
    if (fitted) line += style ? style(fitted) : fitted;
    remaining -= textWidth(fitted);
    if (fitted !== text) break;
  }
  return line;
}
