import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import type { Scripts } from './support/model-script.js';
import { onlyRun, readJsonLines, transcriptFile } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Two iterations per task: the coder writes a file, the evaluator asks for a second look, then accepts. */
function scriptFor(file: string): Scripts[string] {
  return {
    coder: [
      { toolCalls: [{ name: 'write_file', arguments: { path: file, content: 'hello\n' } }] },
      { text: `Wrote ${file}.` },
      { text: 'Checked it again.' },
    ],
    evaluator: [
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: { status: 'continue', summary: 'Look again.', next_prompt: 'Check the file once more.' },
          },
        ],
      },
      { toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'Done.' } }] },
    ],
  };
}

const scripts: Scripts = { '[alpha]': scriptFor('alpha.txt'), '[beta]': scriptFor('beta.txt') };

/** A stage plugin as a user installs it: an npm package in node_modules, found by its name. */
const stagePackage = {
  'package.json': JSON.stringify({
    name: 'agentbatch-stage-file-count',
    version: '1.0.0',
    type: 'module',
    exports: './index.js',
  }),
  'index.js': `export default (options) => ({
  name: 'file-count',
  async run(context) {
    const result = await context.workspace.runCommand({ command: 'ls | wc -l', timeoutMs: 10000, signal: context.signal });
    const count = result.output.trim();
    context.report({ stage: 'file-count', title: options.label, content: \`\${options.label}: \${count} files\` });
    context.emit({ message: \`\${count} files\`, data: { count: Number(count) } });
  },
});
`,
};

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], { cwd });

async function project(pipeline: string): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'agentbatch-e2e-compose-')), 'project');
  for (const [task, marker] of [
    ['alpha', '[alpha]'],
    ['beta', '[beta]'],
  ] as const) {
    mkdirSync(join(dir, task), { recursive: true });
    writeFileSync(join(dir, task, 'README.md'), `# ${task}\n`);
    await git(join(dir, task), 'init', '-q');
    await git(join(dir, task), 'add', '-A');
    await git(join(dir, task), 'commit', '-qm', 'start');
    writeFileSync(join(dir, `${task}.prompt`), `${marker} write ${task}.txt`);
  }
  const pluginDir = join(dir, 'node_modules/agentbatch-stage-file-count');
  mkdirSync(pluginDir, { recursive: true });
  for (const [file, text] of Object.entries(stagePackage)) writeFileSync(join(pluginDir, file), text);
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    `providers:
  local:
    type: openai
    baseURL: \${MODEL_URL}
    apiKey: test-key
    model: scripted-coder
agents:
  coder: { provider: local }
  evaluator: { provider: local, model: scripted-judge }
run: { concurrency: 2, maxIterations: 3 }
pipeline:
${pipeline}
tasks:
  - { dir: alpha, prompt: "[alpha] write alpha.txt" }
  - { dir: beta, prompt: "[beta] write beta.txt" }
reporters: [console, json]
`,
  );
  return dir;
}

const fullPipeline = `  - shell: { command: "echo set-up >> ../setup-$(basename $PWD).log", when: task-start }
  - code
  - verify: { command: "test -f README.md && echo verify-saw-readme" }
  - agentbatch-stage-file-count: { label: files in workspace }
  - commit
  - evaluate`;

describe('a composed pipeline on git task folders', () => {
  it('runs set-up once per task, commits every iteration, and brings plugin and verify output to the evaluator', async () => {
    server = await startScriptedModelServer(scripts);
    const dir = await project(fullPipeline);
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { runDir, results, events } = onlyRun(dir);
    expect(results.tasks.map((task) => [task.status, task.iterations])).toEqual([
      ['completed', 2],
      ['completed', 2],
    ]);

    for (const task of ['alpha', 'beta']) {
      expect(readFileSync(join(dir, `setup-${task}.log`), 'utf8')).toBe('set-up\n');
      const log = await git(join(dir, task), 'log', '--format=%s');
      const id = results.tasks.find((result) => result.dir.endsWith(task))?.id;
      expect(log.stdout.split('\n')).toEqual([
        `agentbatch: task ${id}, iteration 2`,
        `agentbatch: task ${id}, iteration 1`,
        'start',
      ]);
      const files = await git(join(dir, task), 'show', '--name-only', '--format=', 'HEAD~1');
      expect(files.stdout.trim()).toBe(`${task}.txt`);
      // Everything committed, yet diff.patch holds the task's whole change: it counts from where the task started.
      const patch = readFileSync(join(runDir, 'tasks', id ?? '', 'diff.patch'), 'utf8');
      expect(patch).toContain(`+++ b/${task}.txt\n@@ -0,0 +1 @@\n+hello\n`);
      expect(patch).not.toContain('README.md');
    }

    for (const task of results.tasks) {
      const evaluatorInputs = readJsonLines<{ role: string; type: string; message: { role: string; content: string } }>(
        transcriptFile(runDir, task.id),
      ).filter((entry) => entry.role === 'evaluator' && entry.type === 'message' && entry.message.role === 'user');
      expect(evaluatorInputs[0]?.message.content).toContain('verify-saw-readme');
      // Iteration 1: README.md and the new file, counted by the plugin before the commit.
      expect(evaluatorInputs[0]?.message.content).toContain('files in workspace: 2 files');
    }

    const notes = events.filter((event) => event.type === 'stage-note');
    expect(notes.filter((event) => event.stage === 'file-count')).toHaveLength(4);
    expect(notes.find((event) => event.stage === 'file-count')).toMatchObject({
      message: '2 files',
      data: { count: 2 },
    });
    expect(notes.filter((event) => event.stage === 'commit')).toHaveLength(4);
    expect(notes.filter((event) => event.stage === 'shell' && event.when === 'task-start')).toHaveLength(2);
    const firstTask = results.tasks[0]?.id;
    const stages = events
      .filter((event) => event.type === 'stage-start' && event.taskId === firstTask)
      .map((event) => `${event.stage}@${event.iteration}`);
    // The commit stage checks at task start that the folder is a git repository.
    expect(stages).toEqual([
      'shell@0',
      'commit@0',
      ...[1, 2].flatMap((iteration) =>
        ['code', 'verify', 'file-count', 'commit', 'evaluate'].map((stage) => `${stage}@${iteration}`),
      ),
    ]);
    expect(run.stdout).toContain('file-count: 2 files');
    expect(events.filter((event) => event.type === 'model-call-start')).toHaveLength(
      events.filter((event) => event.type === 'model-call-end').length,
    );
  });

  it('refuses a misspelt stage option with exit status 2 and its YAML path, before any model call', async () => {
    server = await startScriptedModelServer(scripts);
    const dir = await project(fullPipeline.replace('when: task-start', 'wehn: task-start'));
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain('agentbatch.yaml:12');
    expect(run.stderr).toContain('pipeline[0].shell.wehn');
    expect(run.stderr).toContain('stage "shell": invalid options: unknown key "wehn" (did you mean "when"?)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.calls).toHaveLength(0);
  });
});
