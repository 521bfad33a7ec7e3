/**
 * XML 1.0 escaping for text a model or a tool wrote: ANSI colour sequences and characters XML 1.0
 * cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped first.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC is the point.
const ANSI_SEQUENCE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids.
const NOT_XML_CHARACTER = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function clean(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(NOT_XML_CHARACTER, '');
}

/** Escapes element content: `&`, `<` and `>`. */
export function escapeXmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted): also quotes, and tabs and line breaks so they survive parsing. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
