import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scripts } from '../../e2e/support/model-script.js';

/** The marker the scripted server finds in every task's prompt. */
export const marker = '[scale]';

/**
 * Ten model calls per task, with tools that cost next to nothing, so that what is measured is the
 * client around the calls: the coder reads, looks around, edits, checks and replies (7 calls); the
 * evaluator reads, greps and accepts (3). With `shell`, the coder's first reply also runs
 * `echo hi` in a shell: one command per coder turn.
 */
export function scaleScripts(shell: boolean): Scripts {
  const shellCall = shell ? [{ name: 'run_shell', arguments: { command: 'echo hi' } }] : [];
  return {
    [marker]: {
      coder: [
        { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }, ...shellCall] },
        { toolCalls: [{ name: 'list_directory', arguments: {} }] },
        {
          toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'a - b', new_string: 'a + b' } }],
        },
        { toolCalls: [{ name: 'grep', arguments: { pattern: 'a \\+ b' } }] },
        { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
        { toolCalls: [{ name: 'glob', arguments: { pattern: '*.js' } }] },
        { text: 'Fixed: add now adds.' },
      ],
      evaluator: [
        { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
        { toolCalls: [{ name: 'grep', arguments: { pattern: 'a \\+ b' } }] },
        { toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'add adds.' } }] },
      ],
    },
  };
}

export const callsPerTask = 10;

export interface ScaleBatch {
  /** Holds `agentbatch.yaml`, `task.json` and the task folders. */
  dir: string;
  tasks: Array<{ dir: string; prompt: string }>;
}

/** A fresh batch of `count` task folders, each with a `calc.js` whose `add` subtracts. */
export function scaleBatch(count: number, concurrency: number): ScaleBatch {
  const dir = mkdtempSync(join(tmpdir(), 'agentbatch-scale-'));
  const tasks = [];
  for (let index = 0; index < count; index++) {
    const taskDir = join(dir, `task-${index}`);
    mkdirSync(taskDir);
    writeFileSync(join(taskDir, 'calc.js'), 'export function add(a, b) {\n  return a - b;\n}\n');
    tasks.push({ dir: taskDir, prompt: `${marker} Fix add in calc.js (copy ${index}).` });
  }
  writeFileSync(
    join(dir, 'task.json'),
    JSON.stringify({ tasks: tasks.map((task) => ({ dir: task.dir, first_prompt: task.prompt })) }),
  );
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    'providers:\n  local: { type: openai, baseURL: "${MODEL_URL}", apiKey: local, model: scripted }\n' +
      'agents:\n  coder: { provider: local }\n  evaluator: { provider: local }\n' +
      `run: { concurrency: ${concurrency} }\ntasks: ./task.json\n`,
  );
  return { dir, tasks };
}
