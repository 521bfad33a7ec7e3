/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from './support/synthetic-run.js';
import {
  chromiumPath,
  collectPageErrors,
  launchChromium,
  startView,
  type ViewProcess,
} from './support/view-browser.js';

let browser: Browser | undefined;
let view: ViewProcess | undefined;

beforeAll(async () => {
  if (existsSync(chromiumPath)) browser = await launchChromium();
});
afterAll(async () => {
  await view?.stop();
  await browser?.close();
});

describe.skipIf(!existsSync(chromiumPath))('agentbatch view at scale (in chromium)', () => {
  it('shows a 1,000-task run with 50 MB of transcripts: only the rows in view are drawn, a task loads on its own', async () => {
    const { outDir, runId } = writeSyntheticRun({ tasks: 1000, transcriptBytes: 50_000 });
    view = await startView([outDir]);
    const page = await (browser as Browser).newPage({ viewport: { width: 1360, height: 900 } });
    const errors = collectPageErrors(page);
    const transcripts: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/tasks/')) transcripts.push(request.url());
    });
    await page.goto(`${view.url}#/runs/${runId}`);
    await expect
      .poll(() => page.getByTestId('task-count').textContent(), { timeout: 30_000 })
      .toBe('1000 of 1000 tasks');
    expect(await page.locator('tr.task-row').count()).toBeLessThan(60);
    expect(await page.locator('figure[data-chart="timeline"]').getAttribute('data-points')).toBe('1000');
    expect(transcripts).toEqual([]);

    // Scrolled to the end, the last tasks are drawn (and the first ones no longer).
    await page.locator('.table-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect.poll(() => page.locator('tr.task-row[data-task-id="t-00000003e7"]').count()).toBe(1);
    expect(await page.locator('tr.task-row[data-task-id="t-0000000000"]').count()).toBe(0);

    await page.getByLabel('Status').selectOption('failed');
    await expect.poll(() => page.getByTestId('task-count').textContent()).toBe('100 of 1000 tasks');
    await page.getByLabel('Filter tasks').fill('[task 999]');
    await expect.poll(() => page.locator('tr.task-row').count()).toBe(1);
    await page.locator('tr.task-row').click();

    // One task's transcript, its 400-line tool outputs folded.
    await expect.poll(() => page.locator('.tool-call[data-tool="read_file"]').count()).toBe(2);
    expect(transcripts).toHaveLength(1);
    const fold = page.locator('.tool-call[data-tool="read_file"] .result button.fold').first();
    expect(await fold.textContent()).toMatch(/show all \d+ lines/);
    await fold.click();
    expect(await page.locator('.tool-call[data-tool="read_file"] .result').first().textContent()).toContain(
      'export function step400(value)',
    );
    expect(errors).toEqual([]);
  });
});
