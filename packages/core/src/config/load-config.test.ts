import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { loadConfig } from './load-config.js';

const validYaml = `providers:
  qwen:
    type: openai
    baseURL: \${CODER_ENDPOINT}
    apiKey: \${CODER_API_KEY}
    model: \${CODER_MODEL:-Qwen/Qwen3-Coder-480B-A35B-Instruct}
    maxConcurrency: 10
    pricing: { input: 0.5, output: 2.0, cachedInput: 0.1 }
  judge:
    type: openai
    baseURL: \${EVALUATION_BASE_URL:-https://api.deepseek.com}
    apiKey: \${EVALUATION_API_KEY}
    model: deepseek-chat
agents:
  coder: { provider: qwen, maxTurns: 40 }
  evaluator: { provider: judge, model: deepseek-reasoner }
run:
  concurrency: 2
  taskTimeout: 30m
  budget: { usd: 20 }
pipeline: [code, { verify: { command: npm test } }, evaluate]
tasks: ./task.json
reporters: [console, [json, { file: out.json }]]
`;

const fullEnv = (): NodeJS.ProcessEnv => ({
  CODER_ENDPOINT: 'https://coder.example.com/v1',
  CODER_API_KEY: 'sk-coder',
  EVALUATION_API_KEY: 'sk-judge',
});

async function configFile(text: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await makeTempDir();
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  const file = path.join(dir, 'agentbatch.yaml');
  await writeFile(file, text);
  return file;
}

/** A small valid config with `extra` appended and the given agents block. */
const yamlWith = (extra: string, agents = 'agents:\n  coder: { provider: p }\n  evaluator: { provider: p }\n') =>
  `providers:\n  p: { type: openai, model: m }\n${agents}tasks: ./task.json\n${extra}`;

describe('loadConfig', () => {
  it('loads a valid config, expanding ${VAR} and ${VAR:-default} from the given env', async () => {
    const file = await configFile(validYaml);
    const loaded = loadConfig(file, fullEnv());
    expect(loaded.path).toBe(file);
    expect(loaded.dir).toBe(path.dirname(file));
    const { config } = loaded;
    expect(config.providers.qwen).toMatchObject({
      type: 'openai',
      baseURL: 'https://coder.example.com/v1',
      apiKey: 'sk-coder',
      model: 'Qwen/Qwen3-Coder-480B-A35B-Instruct',
      maxConcurrency: 10,
      pricing: { input: 0.5, output: 2, cachedInput: 0.1 },
    });
    expect(config.providers.judge).toMatchObject({ baseURL: 'https://api.deepseek.com', apiKey: 'sk-judge' });
    expect(config.agents.coder).toMatchObject({ provider: 'qwen', maxTurns: 40 });
    expect(config.agents.evaluator).toMatchObject({ provider: 'judge', model: 'deepseek-reasoner', maxTurns: 20 });
    expect(config.run).toMatchObject({
      concurrency: 2,
      taskTimeout: 1_800_000,
      budget: { usd: 20 },
      maxIterations: 10,
    });
    expect(config.pipeline).toEqual(['code', { verify: { command: 'npm test' } }, 'evaluate']);
    expect(config.reporters).toEqual(['console', ['json', { file: 'out.json' }]]);
    expect(config.tasks).toBe('./task.json');
  });

  it('uses the variable over the default when it is set', async () => {
    const file = await configFile(validYaml);
    const config = loadConfig(file, { ...fullEnv(), CODER_MODEL: 'my-model' }).config;
    expect(config.providers.qwen?.model).toBe('my-model');
  });

  it('does not touch process.env when given an env object', async () => {
    const file = await configFile(validYaml, { '.env': 'AGENTBATCH_TEST_ONLY_IN_FILE=1\n' });
    loadConfig(file, fullEnv());
    expect(process.env.AGENTBATCH_TEST_ONLY_IN_FILE).toBeUndefined();
  });

  it('loads .env beside the config first', async () => {
    const file = await configFile(validYaml, {
      '.env': 'CODER_ENDPOINT=https://from-dotenv/v1\nCODER_API_KEY=sk-dotenv\nEVALUATION_API_KEY=sk-judge-dotenv\n',
    });
    const env: NodeJS.ProcessEnv = {};
    const { config } = loadConfig(file, env);
    expect(config.providers.qwen).toMatchObject({ baseURL: 'https://from-dotenv/v1', apiKey: 'sk-dotenv' });
    expect(config.providers.judge?.apiKey).toBe('sk-judge-dotenv');
    expect(env.CODER_API_KEY).toBe('sk-dotenv');
  });

  it('lets variables already in the environment win over .env', async () => {
    const file = await configFile(validYaml, {
      '.env': 'CODER_ENDPOINT=https://from-dotenv/v1\nCODER_API_KEY=sk-dotenv\nEVALUATION_API_KEY=sk-judge-dotenv\n',
    });
    const { config } = loadConfig(file, { CODER_API_KEY: 'sk-shell' });
    expect(config.providers.qwen).toMatchObject({ baseURL: 'https://from-dotenv/v1', apiKey: 'sk-shell' });
  });

  it('names the missing variable, the file, its line and YAML path', async () => {
    const file = await configFile(validYaml);
    const env = fullEnv();
    delete env.EVALUATION_API_KEY;
    const error = configError(() => loadConfig(file, env));
    expect(error.message).toContain('EVALUATION_API_KEY');
    expect(error.message).toContain(path.join(path.dirname(file), '.env'));
    expect(error.message).toContain('${EVALUATION_API_KEY:-value}');
    expect(error.location).toMatchObject({ file, line: 12, yamlPath: 'providers.judge.apiKey' });
    expect(error.message.startsWith(`${file}:12:`)).toBe(true);
  });

  it('treats a ${VAR} that is set but empty as missing', async () => {
    const file = await configFile(validYaml);
    const error = configError(() => loadConfig(file, { ...fullEnv(), CODER_API_KEY: '' }));
    expect(error.message).toContain('CODER_API_KEY');
    expect(error.location).toMatchObject({ line: 5, yamlPath: 'providers.qwen.apiKey' });
  });

  it('uses the default of ${VAR:-x} when the variable is missing, with no error', async () => {
    const file = await configFile(yamlWith('run:\n  outDir: ${OUT_DIR:-out/runs}\n'));
    expect(loadConfig(file, {}).config.run.outDir).toBe('out/runs');
  });

  it('keeps $${ as a literal ${ and ignores references in comments', async () => {
    const file = await configFile(
      yamlWith('# a comment about ${NOT_SET_ANYWHERE}\nrun:\n  outDir: "runs/$${literal}"\n'),
    );
    expect(loadConfig(file, {}).config.run.outDir).toBe('runs/${literal}');
  });

  it('names list indexes in the YAML path of a missing variable', async () => {
    const file = await configFile(
      `providers:\n  p: { type: openai, model: m }\nagents:\n  coder: { provider: p }\n  evaluator: { provider: p }\ntasks:\n  - { dir: a, prompt: one }\n  - { dir: b, prompt: "\${TASK_TWO}" }\n`,
    );
    const error = configError(() => loadConfig(file, {}));
    expect(error.location).toMatchObject({ line: 8, yamlPath: 'tasks[1].prompt' });
  });

  it('gives a whole-number value written as ${VAR:-3} its number type', async () => {
    const file = await configFile(yamlWith('run:\n  concurrency: ${CONCURRENCY:-3}\n  maxIterations: ${MAX_ITER}\n'));
    const { config } = loadConfig(file, { MAX_ITER: '7' });
    expect(config.run.concurrency).toBe(3);
    expect(config.run.maxIterations).toBe(7);
  });

  it('reports a YAML syntax error with its line', async () => {
    const file = await configFile(
      'providers:\n  p: { type: openai, model: m }\nagents:\n  coder: { provider: p\n  evaluator: { provider: p }\ntasks: ./t.json\n',
    );
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('invalid YAML');
    expect(error.location?.file).toBe(file);
    expect(error.location?.line).toBeGreaterThanOrEqual(4);
    expect(error.location?.line).toBeLessThanOrEqual(5);
  });

  it('reports the line of a syntax error late in the file', async () => {
    const file = await configFile(`${yamlWith('run:\n  concurrency: 2\n')}  outDir: [unclosed\n`);
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('invalid YAML');
    expect(error.location?.line).toBeGreaterThanOrEqual(9);
  });

  it('reports a value of the wrong type with file, line and YAML path', async () => {
    const file = await configFile(yamlWith('run:\n  concurrency: three\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.location).toMatchObject({ file, line: 8, column: 16, yamlPath: 'run.concurrency' });
    expect(error.message).toMatch(/number/);
    expect(error.message.startsWith(`${file}:8:16 (at run.concurrency): `)).toBe(true);
  });

  it('does not call a value of the wrong type a missing key', async () => {
    const file = await configFile(yamlWith('run:\n  concurrency: three\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).not.toContain('missing required key');
  });

  it('reports a bad duration at its line', async () => {
    const file = await configFile(yamlWith('run:\n  taskTimeout: forever\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.location).toMatchObject({ line: 8, yamlPath: 'run.taskTimeout' });
    expect(error.message).toContain('"forever" is not a duration');
  });

  it('names an unknown key and the object that holds it', async () => {
    const file = await configFile(yamlWith('run:\n  concurrency: 2\n  maxIteration: 4\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('unknown key "maxIteration"');
    expect(error.location).toMatchObject({ file, yamlPath: 'run' });
    expect(error.location?.line).toBeGreaterThanOrEqual(7);
  });

  it('suggests the key an unknown one is a typo of', async () => {
    const file = await configFile(yamlWith('run:\n  concurency: 2\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('unknown key "concurency" (did you mean "concurrency"?)');
    expect(error.location).toMatchObject({ line: 8, yamlPath: 'run' });
    const agents = await configFile(
      yamlWith('', 'agents:\n  coder: { provider: p, maxTurn: 3 }\n  evaluator: { provider: p }\n'),
    );
    expect(configError(() => loadConfig(agents, {})).message).toContain('"maxTurn" (did you mean "maxTurns"?)');
  });

  it('names the task field of an inline task that has the wrong type, and what was expected', async () => {
    const file = await configFile(
      'providers:\n  p: { type: openai, model: m }\nagents:\n  coder: { provider: p }\n  evaluator: { provider: p }\n' +
        'tasks:\n  - dir: ""\n    prompt:\n      - one\n      - two\n',
    );
    const error = configError(() => loadConfig(file, {}));
    expect(error.location).toMatchObject({ yamlPath: 'tasks[0].prompt', line: 9 });
    expect(error.message).toContain('expected string, received array');
  });

  it.each(['localhost:8080/v1', 'api.deepseek.com', 'ftp://example.com/v1', 'http://'])(
    'refuses the base URL %s, at its line',
    async (baseURL) => {
      const file = await configFile(
        `providers:\n  p:\n    type: openai\n    model: m\n    baseURL: "${baseURL}"\nagents:\n  coder: { provider: p }\n  evaluator: { provider: p }\ntasks: ./task.json\n`,
      );
      const error = configError(() => loadConfig(file, {}));
      expect(error.location).toMatchObject({ yamlPath: 'providers.p.baseURL', line: 5 });
      expect(error.message).toContain('not an http:// or https:// URL');
    },
  );

  it('accepts a byte order mark at the start of the file', async () => {
    const file = await configFile(`\uFEFF${validYaml}`);
    expect(loadConfig(file, fullEnv()).config.run.concurrency).toBe(2);
  });

  it('reports an unknown top-level key as such', async () => {
    const file = await configFile(yamlWith('reporter: [console]\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('unknown key "reporter"');
    expect(error.location?.yamlPath).toBe('(top level)');
  });

  it('points at the line of the unknown key itself', async () => {
    const file = await configFile(yamlWith('run:\n  concurrency: 2\n  maxIteration: 4\n'));
    const error = configError(() => loadConfig(file, {}));
    expect(error.location?.line).toBe(9);
  });

  it('counts further problems in the message', async () => {
    const file = await configFile(yamlWith('run:\n  concurrency: x\n  maxIterations: y\n'));
    expect(configError(() => loadConfig(file, {})).message).toContain('(and 1 more problem(s))');
  });

  it('reports an agent that names an undefined provider, listing the defined ones', async () => {
    const file = await configFile(
      yamlWith('', 'agents:\n  coder: { provider: p }\n  evaluator:\n    provider: judge\n'),
    );
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('agent "evaluator" uses provider "judge", which is not defined');
    expect(error.message).toContain('one of: p');
    expect(error.location).toMatchObject({ file, line: 6, yamlPath: 'agents.evaluator.provider' });
  });

  it('checks every matrix variant the same way, pointing at the variant that names the undefined provider', async () => {
    const matrix = 'matrix:\n  - { name: a }\n  - name: b\n    agents:\n      evaluator: { provider: judge }\n';
    const file = await configFile(yamlWith(matrix));
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('matrix[1].agents.evaluator uses provider "judge", which is not defined');
    expect(error.location).toMatchObject({ file, line: 11, yamlPath: 'matrix[1].agents.evaluator.provider' });
    const fine = await configFile(yamlWith('matrix:\n  - { name: a, agents: { coder: { model: other } } }\n'));
    expect(loadConfig(fine, {}).config.matrix).toEqual([{ name: 'a', agents: { coder: { model: 'other' } } }]);
  });

  it("takes the first variant's agents as the base when a matrix config has no agents:", async () => {
    const file = await configFile(
      'providers:\n  a: { type: openai, model: m }\n  b: { type: openai, model: n }\ntasks: t.json\nmatrix:\n' +
        '  - { name: one, agents: { coder: { provider: a }, evaluator: { provider: b } } }\n' +
        '  - { name: two, agents: { coder: { provider: b }, evaluator: { provider: b } } }\n',
    );
    const { config } = loadConfig(file, {});
    expect(config.agents.coder.provider).toBe('a');
    expect(config.agents.evaluator.provider).toBe('b');
    expect(config.matrix?.map((variant) => variant.name)).toEqual(['one', 'two']);
    const halfNamed = await configFile(
      'providers:\n  a: { type: openai, model: m }\ntasks: t.json\nmatrix:\n  - { name: one, agents: { coder: { provider: a } } }\n',
    );
    expect(configError(() => loadConfig(halfNamed, {})).message).toMatch(/agents/);
  });

  it('reports a role without any model', async () => {
    const file = await configFile(
      'providers:\n  p: { type: openai }\nagents:\n  coder: { provider: p, model: m }\n  evaluator: { provider: p }\ntasks: t.json\n',
    );
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('no model for the evaluator');
    expect(error.location).toMatchObject({ line: 2, yamlPath: 'providers.p' });
  });

  it('lets agents.<role>.model stand in for the provider model, and replay needs none', async () => {
    const withAgentModels = await configFile(
      'providers:\n  p: { type: openai }\nagents:\n  coder: { provider: p, model: a }\n  evaluator: { provider: p, model: b }\ntasks: t.json\n',
    );
    expect(loadConfig(withAgentModels, {}).config.agents.evaluator.model).toBe('b');
    const replay = await configFile(
      'providers:\n  r: { type: replay }\nagents:\n  coder: { provider: r }\n  evaluator: { provider: r }\ntasks: t.json\n',
    );
    expect(loadConfig(replay, {}).config.providers.r?.type).toBe('replay');
  });

  it('reports a missing required key', async () => {
    const file = await configFile('providers:\n  p: { type: openai, model: m }\ntasks: t.json\n');
    const error = configError(() => loadConfig(file, {}));
    expect(error.message).toContain('missing required key');
    expect(error.location?.yamlPath).toBe('agents');
  });

  it('reports an empty file as missing keys, not as a crash', async () => {
    const file = await configFile('');
    expect(configError(() => loadConfig(file, {})).message).toContain('missing required key');
  });

  it('reports a file that cannot be read', async () => {
    const dir = await makeTempDir();
    const error = configError(() => loadConfig(path.join(dir, 'nope.yaml'), {}));
    expect(error.message).toContain('cannot read the config file');
    expect(error.location?.file).toBe(path.join(dir, 'nope.yaml'));
  });

  it('locate() maps a YAML path of the loaded file to its line', async () => {
    const file = await configFile(validYaml);
    const loaded = loadConfig(file, fullEnv());
    expect(loaded.locate(['reporters', 1, 1, 'file'])).toMatchObject({
      file,
      line: 23,
      yamlPath: 'reporters[1][1].file',
    });
    expect(loaded.locate(['pipeline', 1, 'verify', 'command'])).toMatchObject({ line: 21 });
  });
});
