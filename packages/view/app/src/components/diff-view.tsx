import { html } from 'diff2html';
import 'diff2html/bundles/css/diff2html.min.css';
import { useMemo } from 'preact/hooks';

/** `diff.patch` as a diff: files listed, then each file's hunks with added and removed lines marked. */
export function DiffView({ patch }: { patch: string }) {
  // diff2html escapes the patch's text: the markup it returns holds no markup from the patch.
  const markup = useMemo(
    () => html(patch, { drawFileList: true, outputFormat: 'line-by-line', matching: 'none' }),
    [patch],
  );
  return <div class="diff" data-testid="diff" dangerouslySetInnerHTML={{ __html: markup }} />;
}
