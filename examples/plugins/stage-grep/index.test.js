import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import createStage, { optionsSchema } from './index.js';

/** What agentbatch hands a stage, with a plain shell in a temporary folder as the workspace. */
function context(root) {
  const reports = [];
  const notes = [];
  const workspace = {
    root,
    runCommand: ({ command }) =>
      new Promise((resolve) => {
        execFile('sh', ['-c', command], { cwd: root }, (error, stdout, stderr) =>
          resolve({ exitCode: error ? error.code : 0, output: stdout + stderr, timedOut: false }),
        );
      }),
    mask: (text) => text.replaceAll('sk-secret', '***'),
  };
  return {
    reports,
    notes,
    value: {
      task: { id: 't', index: 0, dir: root, prompt: 'p' },
      workspace,
      iteration: 1,
      signal: new AbortController().signal,
      agents: {},
      reports: [],
      report: (report) => reports.push(report),
      emit: (note) => notes.push(note),
    },
  };
}

describe('agentbatch-stage-grep', () => {
  it('reports the matching lines to the evaluator, masked, and a note to the reporters', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grep-stage-'));
    writeFileSync(join(root, 'a.js'), 'const key = "sk-secret"; // TODO rotate\nok();\n');
    writeFileSync(join(root, 'b.js'), 'done();\n');
    const { reports, notes, value } = context(root);
    await createStage(optionsSchema.parse({ pattern: 'TODO|FIXME' })).run(value);
    assert.deepEqual(reports, [
      {
        stage: 'grep',
        title: 'lines matching TODO|FIXME',
        content: './a.js:1:const key = "***"; // TODO rotate',
        exitCode: 1,
      },
    ]);
    assert.deepEqual(notes, [{ message: '1 line(s) match TODO|FIXME', data: { matches: 1 } }]);
  });

  it('says so when nothing matches', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grep-stage-'));
    writeFileSync(join(root, 'a.js'), 'ok();\n');
    const { reports, value } = context(root);
    await createStage(optionsSchema.parse({ pattern: "it's" })).run(value);
    assert.equal(reports[0].content, "no line matches it's");
    assert.equal(reports[0].exitCode, 0);
  });

  it('refuses a misspelt option', () => {
    assert.equal(optionsSchema.safeParse({ patern: 'TODO' }).success, false);
  });
});
