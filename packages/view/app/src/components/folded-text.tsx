import { useState } from 'preact/hooks';

const FOLD_LINES = 16;
const FOLD_CHARS = 1600;

/** Long outputs (a file read, a test log) show their start; the rest is one click away, rendered only then. */
export function FoldedText({ text, class: className = '' }: { text: string; class?: string }) {
  const [open, setOpen] = useState(false);
  const lines = text.split('\n');
  const long = lines.length > FOLD_LINES || text.length > FOLD_CHARS;
  if (!long || open) {
    return (
      <div class={`folded ${className}`}>
        <pre>{text}</pre>
        {long && (
          <button type="button" class="fold" onClick={() => setOpen(false)}>
            fold
          </button>
        )}
      </div>
    );
  }
  const preview = lines.slice(0, FOLD_LINES).join('\n').slice(0, FOLD_CHARS);
  return (
    <div class={`folded ${className}`}>
      <pre>{preview}</pre>
      <button type="button" class="fold" onClick={() => setOpen(true)}>
        show all {lines.length} lines ({text.length.toLocaleString('en-US')} characters)
      </button>
    </div>
  );
}
