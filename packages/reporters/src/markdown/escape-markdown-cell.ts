/**
 * Makes text safe inside a Markdown table cell or a one-line list item: `|` is escaped, line breaks
 * become `<br>`, and `<` becomes `&lt;` so text such as `<div>` in a prompt shows instead of
 * vanishing as HTML.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .trim()
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}
