import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '@agentbatch/core';
import { appDir } from './app-files.js';
import { readRunData, readTaskData, taskFolderIds } from './run-folders.js';
import { createMask, runSecrets } from './secret-masker.js';

export interface HtmlReportOptions {
  /** Values to mask besides the run's configured keys and the environment's secrets. */
  secrets?: readonly string[];
  /** The built app; defaults to the one shipped in this package. */
  appDir?: string;
  /** The run's final results, when the caller has them (a reporter at the run's end); else read from the folder. */
  results?: RunResults;
}

/**
 * One self-contained `report.html` for a run: the view's app with its script and styles inlined
 * and the run's data embedded, so it opens from a file with no server and no network. Each
 * task's transcript is its own JSON block, parsed only when that task is opened.
 */
export function renderHtmlReport(runDir: string, options: HtmlReportOptions = {}): string {
  const app = options.appDir ?? appDir;
  const mask = createMask([...(options.secrets ?? []), ...runSecrets(runDir)]);
  const embed = (attributes: string, value: unknown) =>
    `<script type="application/json" ${attributes}>${inlineJson(mask(JSON.stringify(value)))}</script>`;
  const run = readRunData(runDir);
  const blocks = [
    embed('id="agentbatch-run"', { ...run, results: options.results ?? run.results, running: false }),
    ...taskFolderIds(runDir).map((taskId) =>
      embed(`data-task="${escapeAttribute(taskId)}"`, readTaskData(runDir, taskId)),
    ),
  ];
  const script = readFileSync(join(app, 'assets/app.js'), 'utf8');
  const styles = readFileSync(join(app, 'assets/app.css'), 'utf8');
  return readFileSync(join(app, 'index.html'), 'utf8')
    .replace(/<script type="module"[^>]*src="[^"]*app\.js"><\/script>/, () => '')
    .replace(/<link rel="stylesheet"[^>]*href="[^"]*app\.css">/, () => `<style>${styles}</style>`)
    .replace('</body>', () => `${blocks.join('\n')}\n<script type="module">${inlineScript(script)}</script>\n</body>`);
}

/** JSON inside a `<script>` element must not close it: no `<` at all, each one as its JSON escape. */
function inlineJson(json: string): string {
  return json.replace(/</g, '\\u003c');
}

/** Minified code that spells `</script` (in a string) would close its element early. */
function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
