import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { codeStage } from '../pipeline/stages/code-stage.js';
import { commitStage } from '../pipeline/stages/commit-stage.js';
import { evaluateStage } from '../pipeline/stages/evaluate-stage.js';
import { RunStore } from '../store/run-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { FakeModel, textReply, toolReply, verdictReply } from '../test-support/fake-model.js';
import { agentBinding, recordingSink } from '../test-support/pipeline.js';
import { makeTempDir, writeFiles } from '../test-support/temp-dir.js';
import { InProcessExecutor } from './in-process-executor.js';
import { MemoryBudgetLedger } from './memory-budget-ledger.js';

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd });

/** The coder's turn: write one file, then say so. */
const writes = (file: string) => [
  toolReply([{ name: 'write_file', args: { path: file, content: `${file}\n` } }]),
  textReply(`wrote ${file}`),
];

// Real git repositories: slow on a busy machine.
describe('InProcessExecutor in the task folder', { timeout: 60_000 }, () => {
  it('keeps in diff.patch everything the task changed, what the commit stage committed too, across a resume', async () => {
    const base = await makeTempDir();
    const dir = await writeFiles(path.join(base, 'project'), { 'README.md': 'start\n' });
    await git(dir, 'init', '-q');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-qm', 'start');
    const task: TaskDefinition = { id: 'calc', index: 0, dir, prompt: 'Write the files' };
    const store = new RunStore(path.join(base, 'run'));
    const executor = (coder: FakeModel, evaluator: FakeModel, maxIterations: number) =>
      new InProcessExecutor({
        agents: { coder: agentBinding('coder', coder), evaluator: agentBinding('evaluator', evaluator) },
        stages: [codeStage(), commitStage(), evaluateStage()],
        maxIterations,
        taskTimeoutMs: undefined,
        sandbox: { type: 'none' },
        budget: { run: undefined, task: undefined },
        ledger: new MemoryBudgetLedger(),
        store,
      });
    const diffPatch = () => readFile(path.join(store.runDir, 'tasks', 'calc', 'diff.patch'), 'utf8');
    const addedFiles = (patch: string) => [...patch.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((match) => match[1]);

    // A first session stops after its first iteration, committed by the commit stage.
    const first = await executor(
      new FakeModel(writes('one.txt')),
      new FakeModel([verdictReply('continue', 'half', 'Now write two.txt')]),
      1,
    ).execute(task, undefined, recordingSink().sink, new AbortController().signal);
    await store.flush();
    expect(first.status).toBe('incomplete');
    expect(addedFiles(await diffPatch())).toEqual(['one.txt']);

    // The resumed task commits again; its patch still starts where the task did.
    const checkpoint = store.readCheckpoint('calc');
    const head = (await git(dir, 'rev-parse', 'HEAD~1')).stdout.trim();
    expect(checkpoint?.diffBase).toBe(head);
    await writeFile(path.join(dir, 'later.txt'), 'not committed\n');
    const resumed = await executor(
      new FakeModel(writes('two.txt')),
      new FakeModel([verdictReply('completed', 'both')]),
      2,
    ).execute(task, { checkpoint, prior: undefined }, recordingSink().sink, new AbortController().signal);
    await store.flush();
    expect(resumed.status).toBe('completed');
    expect((await git(dir, 'status', '--porcelain')).stdout).toBe('');
    expect(addedFiles(await diffPatch()).sort()).toEqual(['later.txt', 'one.txt', 'two.txt']);
    expect((await git(dir, 'log', '--format=%s')).stdout.split('\n')).toEqual([
      'agentbatch: task calc, iteration 2',
      'agentbatch: task calc, iteration 1',
      'start',
    ]);
  });
});
