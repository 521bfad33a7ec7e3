import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runCli } from './support/cli.js';
import { latestRun, transcriptFile } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Held in a variable whose name does not look secret: it is scrubbed because the config uses it as a key. */
const apiKey = 'sk-e2e-4f9c2a7d1b8e';
const plantedToken = 'planted-token-93be1c07';

const shell = (command: string, timeoutMs?: number) => ({
  name: 'run_shell',
  arguments: { command, ...(timeoutMs !== undefined && { timeout_ms: timeoutMs }) },
});

describe('what a coder cannot reach', () => {
  it.skipIf(!onPath('bwrap'))(
    'keeps a hostile coder inside its workspace, away from every secret, and kills its hung command on time',
    async () => {
      // Outside the workspace: a folder with a file in it (under /var/tmp, since bwrap gives commands a private /tmp).
      const outside = mkdtempSync(join('/var/tmp', 'agentbatch-e2e-outside-'));
      writeFileSync(join(outside, 'precious.txt'), 'untouched\n');
      const dir = copyFixture('batch');
      const workspace = join(dir, 'calculator');
      symlinkSync(outside, join(workspace, 'link-out'));
      // A key lying in the workspace, as a .env next to task.json does in the original layout.
      writeFileSync(join(workspace, 'local.env'), `MODEL_ACCESS=${apiKey}\n`);

      server = await startScriptedModelServer({
        '[hostile]': {
          coder: [
            { toolCalls: [{ name: 'write_file', arguments: { path: '../escaped.txt', content: 'x' } }] },
            { toolCalls: [{ name: 'write_file', arguments: { path: join(outside, 'abs.txt'), content: 'x' } }] },
            { toolCalls: [{ name: 'write_file', arguments: { path: 'link-out/through-link.txt', content: 'x' } }] },
            {
              toolCalls: [
                {
                  name: 'edit_file',
                  arguments: { path: 'link-out/precious.txt', old_string: 'untouched', new_string: 'pwned' },
                },
              ],
            },
            { toolCalls: [{ name: 'read_file', arguments: { path: 'local.env' } }] },
            {
              toolCalls: [
                shell('env; printenv MODEL_ACCESS PLANTED_TOKEN; echo "key=$MODEL_ACCESS token=$PLANTED_TOKEN"'),
              ],
            },
            {
              toolCalls: [
                shell(
                  `echo x > ../escaped-shell.txt; echo x > link-out/shell.txt; echo x > ${outside}/abs-shell.txt; rm -f link-out/precious.txt`,
                ),
              ],
            },
            { toolCalls: [shell('sleep 1000', 1500)] },
            { text: 'Done trying.' },
          ],
          evaluator: [{ toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'ok' } }] }],
        },
      });
      writeFileSync(
        join(dir, 'task.json'),
        '{ "tasks": [{ "dir": "./calculator", "first_prompt": "[hostile] Escape." }] }',
      );
      const config = readFileSync(join(dir, 'agentbatch.yaml'), 'utf8')
        .replace('${MODEL_KEY:-test-key}', '${MODEL_ACCESS}\n    record: ./cassette.jsonl')
        .replace('maxIterations: 4', 'maxIterations: 1\n  sandbox: { type: bwrap, network: true }')
        .replace(
          'tasks: ./task.json',
          'pipeline: [code, { verify: { command: "env; echo x > ../verify-escape.txt" } }, evaluate]\ntasks: ./task.json',
        );
      writeFileSync(join(dir, 'agentbatch.yaml'), config);

      const started = Date.now();
      const run = await runCli(['run', 'agentbatch.yaml'], {
        cwd: dir,
        env: { MODEL_URL: server.url, MODEL_ACCESS: apiKey, PLANTED_TOKEN: plantedToken, PATH: process.env.PATH ?? '' },
      });
      expect(run.exitCode, run.all).toBe(0);
      // The 1000 s command was killed at its 1.5 s limit and the batch went on to the end.
      expect(Date.now() - started).toBeLessThan(30_000);

      // Nothing outside the workspace changed.
      expect(readdirSync(outside)).toEqual(['precious.txt']);
      expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('untouched\n');
      for (const name of ['escaped.txt', 'escaped-shell.txt', 'verify-escape.txt'])
        expect(existsSync(join(dir, name))).toBe(false);

      // The models never saw the key or the token…
      const { runDir, results } = latestRun(dir);
      const modelInput = server.requestBodies.join('\n');
      expect(modelInput).toContain('outside the workspace');
      expect(modelInput).toContain('through a symbolic link');
      expect(modelInput).toContain('MODEL_ACCESS=***');
      expect(modelInput).toContain('key= token=');
      expect(modelInput).toContain('Timed out after 1500 ms');
      expect(modelInput).toContain('# verify: env');
      for (const secret of [apiKey, plantedToken]) expect(modelInput).not.toContain(secret);

      // …and neither does any file of the run folder, the cassette or the console.
      const written = [...filesUnder(runDir), join(dir, 'cassette.jsonl')];
      expect(written.map((file) => file.slice(runDir.length))).toEqual(
        expect.arrayContaining(['/results.json', '/events.jsonl', '/report.md']),
      );
      for (const file of written) {
        const text = readFileSync(file, 'utf8');
        for (const secret of [apiKey, plantedToken]) expect(text, file).not.toContain(secret);
      }
      expect(run.all).not.toContain(apiKey);
      expect(readFileSync(transcriptFile(runDir, results.tasks[0]?.id as string), 'utf8')).toContain(
        'MODEL_ACCESS=***',
      );
    },
  );
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => folder && existsSync(join(folder, program)));
}
