import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, repoRoot } from './support/cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';
import { hasTmux, quote, TmuxTerminal } from './support/tmux-terminal.js';

const bin = join(repoRoot, 'packages/cli/bin/agentbatch.js');

let server: ScriptedModelServer | undefined;
let terminal: TmuxTerminal | undefined;

/**
 * Runs the batch fixture in a fresh terminal of `columns` × `rows`, against a model server slow
 * enough (150 ms a call) for the run to last a few seconds; `configure` may edit the copy first.
 */
async function runInTerminal(columns: number, rows: number, configure?: (dir: string) => void): Promise<TmuxTerminal> {
  server = await startScriptedModelServer(batchScripts, { delayMs: 150 });
  const dir = copyFixture('batch');
  configure?.(dir);
  // CI sets CI, which keeps the console plain; these tests are about a person's terminal.
  const command = [
    `cd ${quote(dir)} &&`,
    `env -u CI -u NO_COLOR LANG=C.UTF-8 MODEL_URL=${quote(server.url)} node ${quote(bin)} run agentbatch.yaml;`,
    'echo "exit status $?"; sleep 600',
  ].join(' ');
  terminal = new TmuxTerminal(command, columns, rows);
  return terminal;
}

const isTaskRow = (line: string) => /^ {2}(#|任务 )\d +(iter|第)/.test(line);
const ended = (screen: string[]) => screen.some((line) => line.startsWith('exit status'));

afterEach(async () => {
  terminal?.close();
  terminal = undefined;
  await server?.close();
  server = undefined;
});

describe.skipIf(!hasTmux)('the console reporter in a terminal (needs tmux: skipped when it is not installed)', () => {
  it('draws a live dashboard while the run goes, then leaves the task lines and the summary', async () => {
    const terminal = await runInTerminal(120, 40);
    const live = await terminal.waitFor((screen) => screen.some(isTaskRow), 60_000);
    const bar = live.findIndex((line) => /[█░]{24} \d+% \d\/3 · elapsed \d:\d\d · ETA (--|~\d:\d\d)/.test(line));
    expect(bar, live.join('\n')).toBeGreaterThanOrEqual(0);
    expect(live[0]).toBe('🚀 Starting parallel run (concurrency: 2)...');
    expect(live[bar + 1]).toMatch(/^ {2}[\d,]+ in \/ [\d,]+ out tokens · cost \$\d+\.\d{4} · no retries$/);
    const rows = live.slice(bar + 2).filter(isTaskRow);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThanOrEqual(2);
    for (const row of rows) {
      expect(row).toMatch(/^ {2}#[1-3] +iter \d +(coding|evaluating) .* [\d,]+ tok {2}\d:\d\d$/);
    }

    const final = await terminal.waitFor(ended, 60_000);
    expect(final).toContain('exit status 0');
    const history = terminal.capture(true);
    expect(history.filter((line) => /^✅ Task [1-3] completed \(\d+\.\d\ds\) \[[1-3]\/3\]$/.test(line))).toHaveLength(
      3,
    );
    const summary = history.findIndex((line) => /^🏁 Run passed: 3\/3 completed in \d/.test(line));
    expect(summary, history.join('\n')).toBeGreaterThan(0);
    expect(history.slice(summary + 1, summary + 7)).toEqual([
      expect.stringMatching(/^💾 Tokens: [\d,]+ total \([\d,]+ in, [\d,]+ out\) - 22 calls$/),
      expect.stringMatching(/^ {3}coder: [\d,]+ total /),
      expect.stringMatching(/^ {3}evaluator: [\d,]+ total /),
      expect.stringMatching(/^ {3}cached input: /),
      expect.stringMatching(/^💰 Cost: \$\d+\.\d{4}$/),
      expect.stringMatching(/^📁 Results: .*results\.json$/),
    ]);
    // The live area is gone: no bar and no task row is left on screen or in the scrollback.
    expect(history.filter((line) => line.includes('░') || isTaskRow(line))).toEqual([]);
  });

  it("speaks Chinese with lang: zh, and fits a small terminal's width without wrapping", async () => {
    const terminal = await runInTerminal(72, 24, (dir) => {
      const config = join(dir, 'agentbatch.yaml');
      writeFileSync(
        config,
        readFileSync(config, 'utf8').replace(/^reporters:.*$/m, 'reporters: [[console, { lang: zh }]]'),
      );
    });
    const live = await terminal.waitFor((screen) => screen.some(isTaskRow), 60_000);
    expect(live[0]).toBe('🚀 开始并行执行 (并发数: 2)...');
    const bar = live.findIndex((line) => /[█░]{12} \d+% \d\/3 · 已用 \d:\d\d · 预计剩余/.test(line));
    expect(bar, live.join('\n')).toBeGreaterThanOrEqual(0);
    expect(live[bar + 1]).toMatch(/^ {2}Token 输入 [\d,]+ \/ 输出 [\d,]+ · 费用 \$/);
    // Each row is whole on its line: a wrapped row would leave its end on the next one.
    for (const row of live.slice(bar + 2).filter(Boolean))
      expect(row).toMatch(/^ {2}任务 [1-3] +第 \d 轮 +\S+ .* tok {2}\d:\d\d$/);

    await terminal.waitFor(ended, 60_000);
    const history = terminal.capture(true);
    expect(history).toContain('exit status 0');
    expect(history.filter((line) => /^✅ 任务 [1-3] 完成 \(耗时: \d+\.\d\ds\) \[[1-3]\/3\]$/.test(line))).toHaveLength(
      3,
    );
    expect(history.some((line) => /^🏁 执行结束 \(通过\): 完成 3\/3, 总耗时 /.test(line))).toBe(true);
    expect(history.filter((line) => line.includes('░') || isTaskRow(line))).toEqual([]);
  });

  it('keeps the screen whole when Ctrl-C interrupts the run', async () => {
    const terminal = await runInTerminal(120, 40);
    await terminal.waitFor((screen) => screen.some(isTaskRow), 60_000);
    terminal.press('C-c');
    await terminal.waitFor(ended, 60_000);
    const history = terminal.capture(true);
    expect(history).toContain('exit status 130');
    // The notice on stderr lands above the live area instead of tearing it.
    expect(history.some((line) => line.startsWith('agentbatch: SIGINT received, stopping'))).toBe(true);
    expect(history.some((line) => /^🏁 Run interrupted: \d\/3 completed in /.test(line))).toBe(true);
    expect(history.filter((line) => line.includes('░') || isTaskRow(line))).toEqual([]);
  });
});
