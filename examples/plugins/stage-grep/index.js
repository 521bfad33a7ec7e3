/**
 * agentbatch-stage-grep: after the coder's turn, finds every line of the workspace that matches a
 * pattern and hands them to the evaluator, so "no TODO left" is judged on what is there.
 *
 *   pipeline: [code, { agentbatch-stage-grep: { pattern: "TODO|FIXME" } }, evaluate]
 */
import { defineStage } from '@agentbatch/core';
import { z } from 'zod';

export const optionsSchema = z.strictObject({
  pattern: z.string().min(1).describe('An extended regular expression, as grep -E takes it'),
  maxLines: z.number().int().positive().default(200),
});

export default defineStage((options) => ({
  name: 'grep',
  // Runs once per iteration, at its place in the pipeline (after code, before evaluate).
  async run(context) {
    // Through the workspace, the command runs as the coder's do: in the task's folder (or its
    // copy), under the run's sandbox, without the run's API keys in its environment.
    const result = await context.workspace.runCommand({
      command: `grep -rnIE --exclude-dir=.git --exclude-dir=node_modules -e ${quote(options.pattern)} . | head -n ${options.maxLines}`,
      timeoutMs: 30_000,
      signal: context.signal,
    });
    const lines = result.output.split('\n').filter((line) => line.trim() !== '');
    context.report({
      stage: 'grep',
      title: `lines matching ${options.pattern}`,
      content: context.workspace.mask(lines.length > 0 ? lines.join('\n') : `no line matches ${options.pattern}`),
      exitCode: lines.length > 0 ? 1 : 0,
    });
    context.emit({ message: `${lines.length} line(s) match ${options.pattern}`, data: { matches: lines.length } });
    return undefined;
  },
}));

function quote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
