import { describe, expect, it } from 'vitest';
import type { Verdict } from '../plugin/run-results.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { executeToolCall } from '../tools/execute-tool-call.js';
import { toolSpec } from '../tools/tool.js';
import { createWorkspace } from '../tools/workspace.js';
import { createSubmitVerdictTool } from './submit-verdict-tool.js';

async function call(args: unknown) {
  const verdicts: Verdict[] = [];
  const tool = createSubmitVerdictTool((verdict) => verdicts.push(verdict));
  const context = { workspace: await createWorkspace(await makeTempDir()), signal: new AbortController().signal };
  const output = await executeToolCall(
    [tool],
    { name: 'submit_verdict', argumentsText: JSON.stringify(args) },
    context,
  );
  return { output, verdicts };
}

describe('submit_verdict', () => {
  it('has the fixed name and parameters: status, summary, next_prompt?', () => {
    const spec = toolSpec(createSubmitVerdictTool(() => {}));
    expect(spec.name).toBe('submit_verdict');
    const parameters = spec.parameters as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(Object.keys(parameters.properties).sort()).toEqual(['next_prompt', 'status', 'summary']);
    expect(parameters.properties.status?.enum).toEqual(['completed', 'continue', 'failed']);
    expect(parameters.required.sort()).toEqual(['status', 'summary']);
  });

  it('records completed and failed verdicts', async () => {
    const completed = await call({ status: 'completed', summary: 'all tests pass' });
    expect(completed.verdicts).toEqual([{ status: 'completed', summary: 'all tests pass' }]);
    expect(completed.output.isError).toBeFalsy();
    expect(completed.output.summary).toBe('submit_verdict completed');
    expect((await call({ status: 'failed', summary: 'impossible' })).verdicts[0]?.status).toBe('failed');
  });

  it('records next_prompt as nextPrompt with continue, and drops it otherwise', async () => {
    const next = await call({ status: 'continue', summary: 'half done', next_prompt: 'Finish the CLI.' });
    expect(next.verdicts).toEqual([{ status: 'continue', summary: 'half done', nextPrompt: 'Finish the CLI.' }]);
    const done = await call({ status: 'completed', summary: 'done', next_prompt: 'ignored' });
    expect(done.verdicts).toEqual([{ status: 'completed', summary: 'done' }]);
  });

  it('refuses continue without a next_prompt, recording nothing', async () => {
    for (const args of [
      { status: 'continue', summary: 's' },
      { status: 'continue', summary: 's', next_prompt: '   ' },
    ]) {
      const { output, verdicts } = await call(args);
      expect(output.isError).toBe(true);
      expect(output.content).toContain('next_prompt');
      expect(verdicts).toEqual([]);
    }
  });

  it('refuses an unknown status or a missing summary', async () => {
    for (const args of [{ status: 'done', summary: 's' }, { status: 'completed' }]) {
      const { output, verdicts } = await call(args);
      expect(output.isError).toBe(true);
      expect(verdicts).toEqual([]);
    }
  });
});
