import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { loadTaskFile, parseTaskEntry, resolveTasks } from './load-tasks.js';
import { hashTaskId } from './task-id.js';

async function taskFile(content: unknown, dirs: string[] = []): Promise<{ file: string; root: string }> {
  const root = await makeTempDir();
  for (const dir of dirs) await mkdir(path.join(root, dir), { recursive: true });
  const file = path.join(root, 'task.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return { file, root };
}

describe('loadTaskFile', () => {
  it('reads the original format { tasks: [{ dir, first_prompt }] }, dirs relative to the task file', async () => {
    const { file, root } = await taskFile(
      {
        tasks: [
          { dir: 'workspace1', first_prompt: 'Write hello.py' },
          { dir: './nested/ws2', first_prompt: 'Write a README' },
        ],
      },
      ['workspace1', 'nested/ws2'],
    );
    const tasks = loadTaskFile(file);
    expect(tasks).toEqual([
      {
        id: hashTaskId('workspace1', 'Write hello.py'),
        index: 0,
        dir: path.join(root, 'workspace1'),
        prompt: 'Write hello.py',
      },
      {
        id: hashTaskId('nested/ws2', 'Write a README'),
        index: 1,
        dir: path.join(root, 'nested/ws2'),
        prompt: 'Write a README',
      },
    ]);
  });

  it('resolves dirs against the task file, not the current folder', async () => {
    const { file, root } = await taskFile([{ dir: 'ws', prompt: 'p' }], ['ws']);
    expect(process.cwd()).not.toBe(root);
    expect(loadTaskFile(path.relative(process.cwd(), file))[0]?.dir).toBe(path.join(root, 'ws'));
  });

  it('accepts a bare list and prompt as well as first_prompt', async () => {
    const { file } = await taskFile([
      { dir: '', prompt: 'A' },
      { dir: '', first_prompt: 'B' },
    ]);
    expect(loadTaskFile(file).map((task) => task.prompt)).toEqual(['A', 'B']);
  });

  it('takes an empty dir to be the task file folder', async () => {
    const { file, root } = await taskFile({
      tasks: [
        { dir: '', first_prompt: 'A' },
        { dir: '.', first_prompt: 'B' },
      ],
    });
    expect(loadTaskFile(file).map((task) => task.dir)).toEqual([root, root]);
  });

  it('refuses a task without dir, naming the entry and how to say "this folder"', async () => {
    const { file } = await taskFile({
      tasks: [
        { dir: '', first_prompt: 'A' },
        { dirr: './a', first_prompt: 'B' },
      ],
    });
    expect(() => loadTaskFile(file)).toThrow(/\(at tasks\[1\]\): unknown key "dirr" \(did you mean "dir"\?\)/);
    const { file: second } = await taskFile([{ first_prompt: 'B' }]);
    expect(() => loadTaskFile(second)).toThrow(/\(at \[0\]\.dir\): a task needs a dir.*"dir": ""/);
  });

  it('accepts a byte order mark at the start of the file', async () => {
    const { file } = await taskFile([{ dir: '', prompt: 'A' }]);
    await writeFile(file, `\uFEFF${await readFile(file, 'utf8')}`);
    expect(loadTaskFile(file).map((task) => task.prompt)).toEqual(['A']);
  });

  it('keeps a given id and the list order as index', async () => {
    const { file } = await taskFile([
      { id: 'hello', dir: '', prompt: 'A' },
      { id: 'world', dir: '', prompt: 'B' },
    ]);
    expect(loadTaskFile(file).map(({ id, index }) => ({ id, index }))).toEqual([
      { id: 'hello', index: 0 },
      { id: 'world', index: 1 },
    ]);
  });

  it('gives the same ids on every load (stable across runs)', async () => {
    const { file } = await taskFile({
      tasks: [
        { dir: '', first_prompt: 'A' },
        { dir: '', first_prompt: 'B' },
      ],
    });
    expect(loadTaskFile(file).map((task) => task.id)).toEqual(loadTaskFile(file).map((task) => task.id));
  });

  it('makes ids unique when several tasks have the same dir and prompt, keeping them stable', async () => {
    const same = { dir: '', first_prompt: 'Write hello.py' };
    const { file } = await taskFile({ tasks: [same, { dir: '', first_prompt: 'Other' }, same, same] });
    const ids = loadTaskFile(file).map((task) => task.id);
    const base = hashTaskId('', 'Write hello.py');
    expect(ids).toEqual([base, hashTaskId('', 'Other'), `${base}-2`, `${base}-3`]);
    expect(new Set(ids).size).toBe(4);
    expect(loadTaskFile(file).map((task) => task.id)).toEqual(ids);
  });

  it('lets several tasks share one dir', async () => {
    const { file, root } = await taskFile(
      {
        tasks: [
          { dir: 'ws', first_prompt: 'A' },
          { dir: 'ws', first_prompt: 'B' },
        ],
      },
      ['ws'],
    );
    const tasks = loadTaskFile(file);
    expect(tasks.map((task) => task.dir)).toEqual([path.join(root, 'ws'), path.join(root, 'ws')]);
    expect(tasks[0]?.id).not.toBe(tasks[1]?.id);
  });

  it('refuses a given id used twice, naming where', async () => {
    const { file } = await taskFile({
      tasks: [
        { id: 'x', dir: '', first_prompt: 'A' },
        { id: 'x', dir: '', first_prompt: 'B' },
      ],
    });
    const error = configError(() => loadTaskFile(file));
    expect(error.message).toContain('task id "x" is used twice');
    expect(error.location).toMatchObject({ file, yamlPath: 'tasks[1].id' });
  });

  it('refuses an id with characters unsafe for a folder name', async () => {
    const { file } = await taskFile([{ id: '../escape', dir: '', prompt: 'A' }]);
    const error = configError(() => loadTaskFile(file));
    expect(error.message).toContain('task id "../escape"');
    expect(error.location?.yamlPath).toBe('[0].id');
  });

  it('reports a dir that is not a folder, with where it resolved to', async () => {
    const { file, root } = await taskFile(
      {
        tasks: [
          { dir: 'ws', first_prompt: 'A' },
          { dir: 'missing', first_prompt: 'B' },
        ],
      },
      ['ws'],
    );
    const error = configError(() => loadTaskFile(file));
    expect(error.message).toContain('task dir "missing" is not a folder');
    expect(error.message).toContain(path.join(root, 'missing'));
    expect(error.location).toMatchObject({ file, yamlPath: 'tasks[1].dir' });
  });

  it('reports a task without a prompt, naming its position', async () => {
    const { file } = await taskFile({ tasks: [{ dir: '', first_prompt: 'A' }, { dir: '' }] });
    const error = configError(() => loadTaskFile(file));
    expect(error.message).toContain('first_prompt');
    expect(error.location).toMatchObject({ file, yamlPath: 'tasks[1]' });
  });

  it('reports a wrongly typed field with its path', async () => {
    const { file } = await taskFile([{ dir: 7, prompt: 'A' }]);
    expect(configError(() => loadTaskFile(file)).location?.yamlPath).toBe('[0].dir');
  });

  it('reports a file of the wrong shape', async () => {
    const { file } = await taskFile({ task: [] });
    expect(configError(() => loadTaskFile(file)).message).toContain('expected { "tasks": [');
  });

  it('reports a missing file', async () => {
    const root = await makeTempDir();
    expect(configError(() => loadTaskFile(path.join(root, 'nope.json'))).message).toContain(
      'cannot read the task file',
    );
  });

  it('reports invalid JSON with the line of the mistake', async () => {
    const { file } = await taskFile('{\n  "tasks": [\n    { "dir": "", "first_prompt": "A", }\n  ]\n}\n');
    const error = configError(() => loadTaskFile(file));
    expect(error.message).toContain('invalid JSON');
    expect(error.location).toMatchObject({ file, line: 3 });
  });

  it('reports the line of an unexpected token (trailing comma in the task list)', async () => {
    const { file } = await taskFile('{\n  "tasks": [\n    { "dir": "", "first_prompt": "A" },\n  ]\n}\n');
    const error = configError(() => loadTaskFile(file));
    expect(error.message).toContain('invalid JSON');
    expect(error.location?.line).toBe(4);
  });
});

describe('parseTaskEntry and resolveTasks (inline tasks in the YAML)', () => {
  it('resolve dirs against the base folder and locate problems with the given function', async () => {
    const root = await makeTempDir();
    await mkdir(path.join(root, 'ws'));
    const locate = (p: readonly PropertyKey[]) => ({ file: 'agentbatch.yaml', yamlPath: ['tasks', ...p].join('.') });
    const entries = [
      { dir: 'ws', prompt: 'A' },
      { dir: '', prompt: 'B' },
    ].map((entry, index) => parseTaskEntry(entry, ['tasks', index], locate));
    expect(resolveTasks(entries, root, locate).map((task) => task.dir)).toEqual([path.join(root, 'ws'), root]);

    const error = configError(() => resolveTasks([{ dir: 'nope', prompt: 'C' }], root, locate));
    expect(error.location?.yamlPath).toBe('tasks.0.dir');
    expect(configError(() => parseTaskEntry({ dir: 'x' }, ['tasks', 3], locate)).location?.yamlPath).toBe(
      'tasks.tasks.3',
    );
  });
});
