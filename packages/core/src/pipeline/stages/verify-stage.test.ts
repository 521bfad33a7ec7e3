import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StageContext, StageReport } from '../../plugin/stage.js';
import { SecretMasker } from '../../secrets/secret-masker.js';
import { makeTempDir } from '../../test-support/temp-dir.js';
import { createWorkspace, type WorkspaceOptions } from '../../tools/workspace.js';
import { builtinStages } from './builtin-stages.js';
import { verifyOptionsSchema, verifyStage } from './verify-stage.js';

async function runVerify(
  options: Parameters<typeof verifyStage>[0],
  signal = new AbortController().signal,
  workspaceOptions: WorkspaceOptions = {},
) {
  const dir = await makeTempDir();
  await writeFile(path.join(dir, 'marker.txt'), 'in the workspace\n');
  const reports: StageReport[] = [];
  const context: StageContext = {
    task: { id: 't', index: 0, dir, prompt: 'p' },
    workspace: await createWorkspace(dir, workspaceOptions),
    iteration: 1,
    signal,
    agents: {
      runCoder: () => Promise.reject(new Error('not used')),
      runEvaluator: () => Promise.reject(new Error('not used')),
    },
    reports,
    report: (report) => reports.push(report),
    emit: () => undefined,
  };
  const stage = verifyStage(options);
  const result = await stage.run?.(context);
  return { stage, result, reports };
}

describe('verify stage', () => {
  it('runs the command in the task workspace and reports its output and exit code to the evaluator', async () => {
    const { stage, result, reports } = await runVerify({ command: 'cat marker.txt && echo oops >&2 && exit 2' });
    expect(stage.name).toBe('verify');
    expect(result).toBeUndefined();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      stage: 'verify',
      title: 'cat marker.txt && echo oops >&2 && exit 2',
      exitCode: 2,
    });
    expect(reports[0]?.content).toContain('in the workspace');
    expect(reports[0]?.content).toContain('oops');
  });

  it('reports exit code 0 for a passing command, with CI set so tools do not prompt', async () => {
    const { reports } = await runVerify({ command: 'echo "CI is $CI"' });
    expect(reports[0]).toMatchObject({ exitCode: 0, content: 'CI is 1' });
  });

  it("runs with the workspace's scrubbed environment and masks the run's secrets in its report", async () => {
    const { reports } = await runVerify(
      { command: 'echo "token=${PLANTED_TOKEN:-unset} path=$PATH"; echo sk-secret-1' },
      undefined,
      {
        env: { PATH: process.env.PATH },
        masker: new SecretMasker(['sk-secret-1']),
      },
    );
    expect(reports[0]?.content).toContain('token=unset path=');
    expect(reports[0]?.content).toContain('***');
    expect(reports[0]?.content).not.toContain('sk-secret-1');
  });

  it('keeps the head and tail of long output within maxOutputChars', async () => {
    const { reports } = await runVerify({
      command: 'echo FIRST-LINE; i=0; while [ $i -lt 2000 ]; do echo filler-line-$i; i=$((i+1)); done; echo LAST-LINE',
      maxOutputChars: 200,
    });
    const content = reports[0]?.content ?? '';
    expect(content).toContain('FIRST-LINE');
    expect(content).toContain('LAST-LINE');
    expect(content).toContain('characters omitted');
    expect(content.length).toBeLessThan(300);
  });

  it('reports a command that runs past its timeout', async () => {
    const { reports } = await runVerify({ command: 'echo started; exec sleep 5', timeout: '200ms' });
    expect(reports[0]?.content).toContain('timed out after 200 ms');
    expect(reports[0]?.content).toContain('started');
    expect(reports[0]?.exitCode).not.toBe(0);
  });

  it('stops the whole command at its timeout, child processes included', async () => {
    const started = Date.now();
    const { reports } = await runVerify({ command: 'echo started; sleep 1.5', timeout: '200ms' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reports[0]?.content).toContain('timed out after 200 ms');
  });

  it('throws when the task is aborted, instead of reporting', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('Ctrl-C')), 100);
    await expect(runVerify({ command: 'exec sleep 5' }, controller.signal)).rejects.toThrow();
  });

  it('stops a running command as soon as the task is aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('Ctrl-C')), 100);
    const started = Date.now();
    await expect(runVerify({ command: 'sleep 1.5' }, controller.signal)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('validates its options: a command is required, unknown keys and bad durations are refused', () => {
    expect(verifyOptionsSchema.parse({ command: 'npm test' })).toEqual({
      command: 'npm test',
      timeout: '10m',
      maxOutputChars: 20_000,
    });
    expect(verifyOptionsSchema.safeParse({}).success).toBe(false);
    expect(verifyOptionsSchema.safeParse({ command: 'x', comand: 'y' }).success).toBe(false);
    const bad = verifyOptionsSchema.safeParse({ command: 'x', timeout: 'forever' });
    expect(bad.error?.issues[0]?.message).toContain('duration');
    expect(() => verifyStage({ command: '' })).toThrow();
  });

  it('is a built-in stage with its options schema, next to code, evaluate, shell and commit', () => {
    expect(Object.keys(builtinStages).sort()).toEqual(['code', 'commit', 'evaluate', 'shell', 'verify']);
    expect(builtinStages.verify?.optionsSchema).toBe(verifyOptionsSchema);
  });
});
