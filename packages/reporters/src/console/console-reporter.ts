import type { ReporterFactory } from '@agentbatch/core';
import { z } from 'zod';
import { consoleMessages } from './console-messages.js';
import { createPalette } from './create-palette.js';
import { LiveConsoleOnDemand } from './live-console-on-demand.js';
import { liveMessages } from './live-messages.js';
import { PlainConsole } from './plain-console.js';

export const optionsSchema = z.strictObject({
  lang: z
    .enum(['en', 'zh'])
    .default('en')
    .describe("Language of the lines: 'en' (default) or 'zh', the original wording"),
  color: z.boolean().optional().describe('ANSI colours; default: on when stdout is a terminal and NO_COLOR is unset'),
  live: z
    .boolean()
    .optional()
    .describe(
      'A live dashboard redrawn in place; default: on when stdout is a terminal outside CI. false keeps plain lines; true also in CI, on a terminal only',
    ),
});

export type ConsoleReporterOptions = z.input<typeof optionsSchema>;

/**
 * Shows the run on `context.stdout`, in English or (`lang: 'zh'`) the original system's Chinese.
 *
 * Plain lines, appended and never redrawn, when stdout is not a terminal (CI logs, pipes) — the
 * lines users of the original system know:
 *
 * ```
 * 🚀 Starting parallel run (concurrency: 3)...
 * [14:30:15] Task 1/5: started
 * [14:30:18] Task 2/5: iteration 1 evaluating...
 * ↻ Task 2/5: coder retry 1 in 2.0s (429 rate limited)
 * ✅ Task 1 completed (45.12s) [1/5]
 * 📊 Status: completed, iterations: 3
 * 💾 Tokens: 1,890 total (1,200 in, 690 out) - 3 calls
 * ```
 *
 * On a terminal, a live dashboard instead (see `LiveConsole`): the same lines for each finished
 * task, below them a redrawn area with progress, tokens, cost, retries and the running tasks.
 * Both end with the same summary: completed/total, duration, tokens by role, cached share, cost and
 * the path of `results.json`.
 */
export const consoleReporter: ReporterFactory<ConsoleReporterOptions> = (options, context) => {
  const { lang, color, live } = optionsSchema.parse(options ?? {});
  const paint = createPalette(color ?? (context.stdout.isTTY === true && !process.env.NO_COLOR));
  const messages = consoleMessages[lang];
  if (!shouldUseLiveView(live, context.stdout)) return new PlainConsole(messages, paint, context.stdout);
  const { stdout, stderr } = context;
  return new LiveConsoleOnDemand({ messages, liveMessages: liveMessages[lang], paint, stdout, stderr });
};

export default consoleReporter;

/**
 * Whether to redraw in place: only on a terminal that can (`TERM=dumb` cannot), and, unless
 * `live: true`, not in CI, whose logs keep every redraw.
 */
export function shouldUseLiveView(
  live: boolean | undefined,
  stdout: Pick<NodeJS.WriteStream, 'isTTY'>,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (live === false || stdout.isTTY !== true || env.TERM === 'dumb') return false;
  return live === true || !env.CI || env.CI === 'false' || env.CI === '0';
}
