import { describe, expect, it } from 'vitest';
import { ConfigError, formatLocation } from './config-error.js';
import { configSchema, defineConfig, taskEntrySchema } from './schema.js';

const minimal = {
  providers: { qwen: { type: 'openai', model: 'qwen' } },
  agents: { coder: { provider: 'qwen' }, evaluator: { provider: 'qwen' } },
  tasks: './task.json',
};

describe('configSchema', () => {
  it('fills the documented defaults', () => {
    const config = configSchema.parse(minimal);
    expect(config.run).toEqual({
      concurrency: 3,
      sharedDirs: 'serial',
      maxIterations: 10,
      sandbox: { type: 'none' },
      shellEnv: { pass: [] },
      outDir: '.agentbatch/runs',
      workspace: 'inplace',
      applyBack: false,
      attempts: 1,
    });
    expect(config.pipeline).toEqual(['code', 'evaluate']);
    expect(config.reporters).toEqual(['console', 'json', 'markdown']);
    expect(config.agents.coder.maxTurns).toBe(60);
    expect(config.agents.evaluator.maxTurns).toBe(20);
    expect(config.agents.evaluator.allowShell).toBe(false);
  });

  it('reads run.sandbox as a name or an object', () => {
    expect(configSchema.parse({ ...minimal, run: { sandbox: 'bwrap' } }).run.sandbox).toEqual({
      type: 'bwrap',
      network: true,
    });
    expect(configSchema.parse({ ...minimal, run: { sandbox: { type: 'bwrap', network: false } } }).run.sandbox).toEqual(
      {
        type: 'bwrap',
        network: false,
      },
    );
    expect(configSchema.safeParse({ ...minimal, run: { sandbox: 'docker' } }).success).toBe(false);
  });

  it('turns run.taskTimeout into milliseconds and rejects a non-duration', () => {
    expect(configSchema.parse({ ...minimal, run: { taskTimeout: '30m' } }).run.taskTimeout).toBe(1_800_000);
    expect(configSchema.parse({ ...minimal, run: { taskTimeout: 5000 } }).run.taskTimeout).toBe(5000);
    const bad = configSchema.safeParse({ ...minimal, run: { taskTimeout: 'half an hour' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['run', 'taskTimeout']);
    expect(bad.error?.issues[0]?.message).toContain('"half an hour" is not a duration');
  });

  it('keeps unknown provider options for the provider plugin to check', () => {
    const config = configSchema.parse({
      ...minimal,
      providers: { qwen: { type: 'openai', model: 'qwen', organization: 'org-1', rpm: 60 } },
    });
    expect(config.providers.qwen).toMatchObject({ organization: 'org-1', rpm: 60 });
  });

  it('rejects unknown keys at the top level, in agents and in run', () => {
    for (const input of [
      { ...minimal, reporter: ['console'] },
      { ...minimal, agents: { ...minimal.agents, coder: { provider: 'qwen', maxTurn: 3 } } },
      { ...minimal, run: { concurency: 2 } },
    ]) {
      const result = configSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    }
  });

  it('needs at least one provider', () => {
    const result = configSchema.safeParse({ ...minimal, providers: {} });
    expect(result.error?.issues[0]?.message).toBe('define at least one provider');
  });

  it('accepts every plugin entry form: name, [name, options], { name: options }, nested lists, false and null', () => {
    const pipeline = ['code', { verify: { command: 'npm test' } }, false, null, [['evaluate', {}]], { lint: null }];
    const config = configSchema.parse({ ...minimal, pipeline, reporters: ['console', ['json', { file: 'a.json' }]] });
    expect(config.pipeline).toEqual(pipeline);
    expect(config.reporters).toEqual(['console', ['json', { file: 'a.json' }]]);
  });

  it('rejects a plugin entry object with two keys', () => {
    const result = configSchema.safeParse({ ...minimal, pipeline: [{ code: {}, evaluate: {} }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.slice(0, 2)).toEqual(['pipeline', 0]);
  });

  it('accepts tasks as a file path or an inline list', () => {
    const inline = configSchema.parse({ ...minimal, tasks: [{ dir: 'a', prompt: 'Do A' }] });
    expect(inline.tasks).toEqual([{ dir: 'a', prompt: 'Do A' }]);
    expect(configSchema.safeParse({ ...minimal, tasks: '' }).success).toBe(false);
  });

  it('defineConfig returns its argument', () => {
    expect(defineConfig(minimal)).toBe(minimal);
  });
});

describe('matrixSchema', () => {
  const base = {
    providers: { p: { type: 'openai', model: 'm' } },
    agents: { coder: { provider: 'p' }, evaluator: { provider: 'p' } },
    tasks: './task.json',
  };

  it('takes variants with any agent settings and no defaults of their own', () => {
    const config = configSchema.parse({
      ...base,
      matrix: [{ name: 'a' }, { name: 'b.2', agents: { coder: { model: 'x' }, evaluator: { allowShell: true } } }],
    });
    expect(config.matrix).toEqual([
      { name: 'a', agents: {} },
      { name: 'b.2', agents: { coder: { model: 'x' }, evaluator: { allowShell: true } } },
    ]);
  });

  it('refuses a name that cannot be part of an id or a folder, a name used twice, and unknown keys', () => {
    const issue = (matrix: unknown) => configSchema.safeParse({ ...base, matrix }).error?.issues[0];
    expect(issue([{ name: 'a b' }])).toMatchObject({ path: ['matrix', 0, 'name'] });
    expect(issue([{ name: 'a' }, { name: 'a' }])).toMatchObject({
      path: ['matrix', 1, 'name'],
      message: 'variant name "a" is used twice',
    });
    expect(issue([{ name: 'a', agents: { coder: { providr: 'p' } } }])?.path).toEqual(['matrix', 0, 'agents', 'coder']);
    expect(issue([])?.path).toEqual(['matrix']);
  });
});

describe('taskEntrySchema', () => {
  it('accepts prompt or the original first_prompt', () => {
    expect(taskEntrySchema.parse({ dir: 'a', first_prompt: 'Do A' })).toEqual({ dir: 'a', first_prompt: 'Do A' });
    expect(taskEntrySchema.parse({ dir: '', prompt: 'Do B' })).toEqual({ dir: '', prompt: 'Do B' });
  });

  it('refuses a task without any prompt, saying which keys would do', () => {
    const result = taskEntrySchema.safeParse({ dir: 'a' });
    expect(result.error?.issues[0]?.message).toContain('first_prompt');
  });

  it('refuses unknown keys, so that a misspelt key is not silently ignored', () => {
    const result = taskEntrySchema.safeParse({ dirr: 'a', first_prompt: 'x' });
    expect(result.error?.issues.map((issue) => issue.code)).toContain('unrecognized_keys');
  });

  it('refuses a task without dir, unless it says "dir": "" deliberately', () => {
    const result = taskEntrySchema.safeParse({ first_prompt: 'x' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['dir'] });
    expect(result.error?.issues[0]?.message).toContain('"dir": ""');
    expect(taskEntrySchema.safeParse({ dir: '', first_prompt: 'x' }).success).toBe(true);
  });

  it('refuses a prompt of only whitespace', () => {
    const result = taskEntrySchema.safeParse({ dir: 'a', prompt: ' \n\t ' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['prompt'] });
    expect(result.error?.issues[0]?.message).toContain('only whitespace');
  });
});

describe('ConfigError', () => {
  it('prefixes the message with file:line:column (at yaml.path)', () => {
    const error = new ConfigError('bad', {
      file: '/a/agentbatch.yaml',
      line: 3,
      column: 5,
      yamlPath: 'run.concurrency',
    });
    expect(error.message).toBe('/a/agentbatch.yaml:3:5 (at run.concurrency): bad');
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(new Error('bad'))).toBe(false);
    expect(formatLocation({ file: 'f', column: 2 })).toBe('f');
  });

  it('accepts attempts and applyBack only with a workspace that allows them, naming the key', () => {
    const parse = (run: Record<string, unknown>) => configSchema.safeParse({ ...minimal, run });
    expect(parse({ workspace: 'copy', attempts: 3, applyBack: true }).success).toBe(true);
    expect(parse({ workspace: 'worktree', attempts: 2 }).success).toBe(true);
    const attempts = parse({ attempts: 3 });
    expect(attempts.error?.issues[0]).toMatchObject({ path: ['run', 'attempts'] });
    expect(attempts.error?.issues[0]?.message).toContain('set run.workspace to copy or worktree');
    const applyBack = parse({ workspace: 'worktree', applyBack: true });
    expect(applyBack.error?.issues[0]).toMatchObject({ path: ['run', 'applyBack'] });
    expect(parse({ workspace: 'elsewhere' }).success).toBe(false);
  });
});
