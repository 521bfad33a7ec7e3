/// <reference lib="dom" />
// The functions handed to page.evaluate run in the browser, so they see the DOM.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, repoRoot, runCli } from './support/cli.js';
import { startHeldProxy } from './support/held-proxy.js';
import { onlyRun, onlyRunDir } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';
import {
  chromiumPath,
  collectPageErrors,
  launchChromium,
  startView,
  type ViewProcess,
} from './support/view-browser.js';

/** Set to a folder to refresh the README's screenshots of the run and task pages. */
const screenshotDir = process.env.AGENTBATCH_SCREENSHOTS;

let browser: Browser;
let server: ScriptedModelServer | undefined;
let view: ViewProcess | undefined;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    console.warn(`skipping the browser tests of agentbatch view: no chromium at ${chromiumPath} (.ci/run installs it)`);
    return;
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await view?.stop();
  view = undefined;
  await server?.close();
  server = undefined;
});

/** The batch fixture as a git repository (so each task's diff.patch is written), with a verify stage and the html reporter. */
function batchProject(): string {
  const dir = copyFixture('batch');
  const config = readFileSync(join(dir, 'agentbatch.yaml'), 'utf8')
    .replace('reporters: [console, json, markdown]', 'reporters: [json, html]')
    .concat('pipeline: [code, { verify: { command: "ls" } }, evaluate]\n');
  writeFileSync(join(dir, 'agentbatch.yaml'), config);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'add', '-A');
  git('-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '-qm', 'fixture');
  return dir;
}

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  return { page, errors: collectPageErrors(page) };
}

/** True once a canvas has something drawn on it. */
async function canvasHasInk(page: Page, chart: string): Promise<boolean> {
  return page.locator(`figure[data-chart="${chart}"] canvas`).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context) return false;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let index = 3; index < pixels.length; index += 4) if (pixels[index] !== 0) return true;
    return false;
  });
}

/** The run page's table, chart and a task's conversation and diff: the same checks for the server and the report file. */
async function checkRunAndTask(page: Page, runId: string, docsId: string) {
  await expect.poll(() => page.locator('tr.task-row').count()).toBe(3);
  await expect.poll(() => page.getByTestId('task-count').textContent()).toBe('3 of 3 tasks');
  expect(await page.getByTestId('progress').textContent()).toBe('3/3 done');

  // Sorting by tokens, most first, then filtering by a prompt's text.
  await page.locator('button[data-sort="tokens"]').click();
  const tokens = await page.locator('tr.task-row td:nth-child(4)').allTextContents();
  const numbers = tokens.map((text) => Number(text.replace(/,/g, '')));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  await page.getByLabel('Filter tasks').fill('[docs]');
  await expect.poll(() => page.locator('tr.task-row').count()).toBe(1);

  // Charts: one bar per task, actually drawn.
  expect(await page.locator('figure[data-chart="tokens-by-task"]').getAttribute('data-points')).toBe('3');
  expect(await canvasHasInk(page, 'tokens-by-task')).toBe(true);
  expect(await page.locator('figure[data-chart="timeline"]').getAttribute('data-points')).toBe('3');
  expect(await canvasHasInk(page, 'timeline')).toBe(true);

  await page.locator(`tr.task-row[data-task-id="${docsId}"]`).click();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/runs/${runId}/tasks/${docsId}`);
  await checkDocsTask(page);
}

async function checkDocsTask(page: Page) {
  // Both agents' messages, the tool calls with their arguments and results, each verdict.
  await expect.poll(() => page.locator('.turn[data-role="coder"]').count()).toBeGreaterThan(3);
  expect(await page.locator('.turn[data-role="evaluator"]').count()).toBeGreaterThan(1);
  const writeFile = page.locator('.tool-call[data-tool="write_file"]').first();
  expect(await writeFile.textContent()).toContain('"path": "README.md"');
  expect(await page.locator('.tool-call[data-tool="list_directory"]').first().textContent()).toContain('index.js');
  const verdicts = await page.getByTestId('verdict').allTextContents();
  expect(verdicts).toHaveLength(2);
  expect(verdicts[0]).toContain('Add a Usage section that shows how to import double.');
  expect(verdicts[1]).toContain('README has a usage example.');
  expect(await page.getByTestId('verify').count()).toBe(2);
  // diff.patch rendered as a diff: the new file, its added lines marked.
  const diff = page.getByTestId('diff');
  expect(await diff.locator('.d2h-file-name').first().textContent()).toContain('README.md');
  expect(await diff.locator('.d2h-ins').filter({ hasText: '## Usage' }).count()).toBeGreaterThan(0);
}

describe.skipIf(!existsSync(chromiumPath))('agentbatch view (in chromium)', () => {
  it('shows a finished run: its table, charts, a task’s conversation and diff, at a URL that survives a reload', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = batchProject();
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { runDir, results } = onlyRun(dir);
    const docsId = results.tasks.find((task) => task.prompt.startsWith('[docs]'))?.id as string;
    expect(readFileSync(join(runDir, 'tasks', docsId, 'diff.patch'), 'utf8')).toContain('+## Usage');

    // `view` with no argument finds the config here and its runs.
    view = await startView([], dir);
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { page, errors } = await newPage();
    await page.goto(view.url);
    const row = page.locator(`tr[data-run-id="${results.runId}"]`);
    expect(await row.textContent()).toMatch(/passed.*3\/3/);
    await row.locator('a').click();
    await checkRunAndTask(page, results.runId, docsId);
    if (screenshotDir) {
      mkdirSync(screenshotDir, { recursive: true });
      const top = await page
        .getByRole('heading', { name: 'Conversation' })
        .evaluate((heading) => heading.getBoundingClientRect().top + scrollY);
      await page.screenshot({
        path: join(screenshotDir, 'view-task.png'),
        fullPage: true,
        clip: { x: 0, y: Math.max(0, top - 420), width: 1360, height: 1300 },
      });
    }

    await page.reload();
    await checkDocsTask(page);
    await page.goto(`${view.url}#/runs/${results.runId}`);
    await expect.poll(() => page.locator('tr.task-row').count()).toBe(3);
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, 'view-run.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('follows a run in progress: tasks appear and finish on the open page without a reload', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 50 });
    // Every model call waits until the page is open, so the run is surely in progress then.
    const proxy = await startHeldProxy(server.url);
    const dir = batchProject();
    const running = execa(
      'node',
      [join(repoRoot, 'packages/cli/bin/agentbatch.js'), 'run', 'agentbatch.yaml', '-c', '1'],
      {
        cwd: dir,
        reject: false,
        stdin: 'ignore',
        env: { NO_COLOR: '1', MODEL_URL: proxy.url },
      },
    );
    try {
      const runs = join(dir, '.agentbatch/runs');
      await expect
        .poll(() => existsSync(runs) && existsSync(join(onlyRunDir(dir), 'events.jsonl')), { timeout: 30_000 })
        .toBe(true);
      const runId = onlyRunDir(dir).split('/').at(-1) as string;
      view = await startView([runs]);
      const { page, errors } = await newPage();
      await page.goto(`${view.url}#/runs/${runId}`);
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      const progress = page.getByTestId('progress');
      await expect.poll(() => progress.textContent()).toBe('0/3 done');
      expect(await page.locator('.live').count()).toBe(1);
      expect(await page.locator('h1 .status').textContent()).toBe('running');
      await expect.poll(() => page.locator('tr.task-row .status-running').count()).toBe(1);

      proxy.release();
      await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toBe('3/3 done');
      await expect.poll(() => page.locator('.live').count(), { timeout: 10_000 }).toBe(0);
      expect(await page.locator('h1 .status').textContent()).toBe('passed');
      expect(await page.locator('tr.task-row .status-completed').count()).toBe(3);
      expect(await page.locator('figure[data-chart="usage-over-time"]').getAttribute('data-points')).toBe(
        String(server.calls.length),
      );
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(errors).toEqual([]);
      expect((await running).exitCode).toBe(0);
    } finally {
      running.kill();
      await proxy.close();
    }
  });

  it('writes report.html that opens from a file with no network, with the same pages', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = batchProject();
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { runDir, results } = onlyRun(dir);
    // `reporters: [html]` wrote it at the run's end; `report --reporter html` writes it again.
    expect(existsSync(join(runDir, 'report.html'))).toBe(true);
    const rendered = await runCli(['report', runDir, '--reporter', 'html']);
    expect(rendered.exitCode, rendered.all).toBe(0);
    const docsId = results.tasks.find((task) => task.prompt.startsWith('[docs]'))?.id as string;

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(pathToFileURL(join(runDir, 'report.html')).href);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/runs/${results.runId}`);
    await checkRunAndTask(page, results.runId, docsId);
    await page.reload();
    await checkDocsTask(page);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
