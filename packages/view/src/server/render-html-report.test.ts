import { describe, expect, it } from 'vitest';
import { makeAppDir, makeRunFolder, secretKey } from '../test-support/run-folder-fixture.js';
import { renderHtmlReport } from './render-html-report.js';

describe('renderHtmlReport', () => {
  it('inlines the app and the run, each task in its own block, masked, with nothing that closes a script early', () => {
    const { runDir } = makeRunFolder();
    const html = renderHtmlReport(runDir, { appDir: makeAppDir() });
    expect(html).not.toContain('src="./assets/app.js"');
    expect(html).not.toContain('href="./assets/app.css"');
    expect(html).toContain('<style>body { color: black; }');
    expect(html).toContain('<script type="application/json" id="agentbatch-run">');
    expect(html).toContain('<script type="application/json" data-task="t-1">');
    expect(html).not.toContain(secretKey);
    // The transcript's `</script><script>alert(1)` stays text: only the page's own tags close scripts.
    // Three scripts: the run, its one task, the app.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('const closing = "<\\/script>"');
    const block = /id="agentbatch-run">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(block)).toMatchObject({ runId: 'run-1', running: false });
  });
});
