import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BadModelServer, refusedPort, startBadModelServer } from './support/bad-model-server.js';
import { runCli } from './support/cli.js';

/**
 * A corpus of bad input and wrong servers, each run through the built CLI in a folder of its own:
 * every case must end with its exit status and a message that says what is wrong and where,
 * without a stack trace. Server cases must end within seconds: a wrong base URL halts its
 * provider after a short retry cycle instead of costing every task a full one.
 */

interface Context {
  /** The bad model server: `${server}/<behaviour>/v1` behaves as `behaviour` says. */
  server: string;
  /** A 127.0.0.1 port nothing listens on. */
  refused: number;
  /** The case's folder. */
  dir: string;
}

interface BadInputCase {
  name: string;
  /** Files to write over the base folder (a valid agentbatch.yaml, task.json and three task folders). */
  files?: Record<string, string> | ((context: Context) => Record<string, string>);
  /** Arguments of `agentbatch`; `validate` by default. */
  args?: string[] | ((context: Context) => string[]);
  env?: Record<string, string>;
  exit: number;
  /** What the output must say: what is wrong, where, how to fix it. */
  says: Array<string | RegExp> | ((context: Context) => Array<string | RegExp>);
}

const validTasks = JSON.stringify({
  tasks: [
    { dir: './work1', first_prompt: 'Fix the first thing.' },
    { dir: './work2', first_prompt: 'Fix the second thing.' },
    { dir: './work3', first_prompt: 'Fix the third thing.' },
  ],
});

/** An agentbatch.yaml with one provider for both agents; `provider` is its flow mapping's inside. */
function config({
  provider = 'type: openai, baseURL: "http://127.0.0.1:1/v1", apiKey: k, model: m',
  run = 'concurrency: 3, maxIterations: 2',
  tasks = './task.json',
  extra = '',
  reporters = '[json]',
} = {}): string {
  return `providers:
  local: { ${provider} }
agents:
  coder: { provider: local }
  evaluator: { provider: local }
run: { ${run} }
tasks: ${tasks}
reporters: ${reporters}
${extra}`;
}

/** A config for a provider at `baseURL`; server cases also print the console reporter's lines. */
const openai = (baseURL: string, more = '', reporters = '[console, json]') =>
  config({ provider: `type: openai, baseURL: "${baseURL}", apiKey: k, model: m${more}`, reporters });
const anthropic = (baseURL: string, more = '') =>
  config({
    provider: `type: anthropic, baseURL: "${baseURL}", apiKey: k, model: m${more}`,
    reporters: '[console, json]',
  });
const tasksFile = (tasks: unknown) => ({ 'task.json': JSON.stringify(tasks, null, 2) });
const inlineTasks = (yaml: string) => ({ 'agentbatch.yaml': config({ tasks: `\n${yaml}` }) });
const seedEnv = { CODER_ENDPOINT: 'http://127.0.0.1:1/v1', CODER_API_KEY: 'k', EVALUATION_API_KEY: 'k' };

const configCases: BadInputCase[] = [
  {
    name: 'unknown top-level key, a typo',
    files: { 'agentbatch.yaml': config({ extra: 'reporter: [console]\n' }) },
    exit: 2,
    says: [/agentbatch\.yaml:9:\d+ \(at \(top level\)\): unknown key "reporter" \(did you mean "reporters"\?\)/],
  },
  {
    name: 'misspelt run key',
    files: { 'agentbatch.yaml': config({ run: 'concurency: 3' }) },
    exit: 2,
    says: [/agentbatch\.yaml:6:\d+ \(at run\): unknown key "concurency" \(did you mean "concurrency"\?\)/],
  },
  {
    name: 'misspelt agent key',
    files: {
      'agentbatch.yaml': config().replace('coder: { provider: local }', 'coder: { provider: local, maxTurn: 5 }'),
    },
    exit: 2,
    says: ['(at agents.coder)', '"maxTurn" (did you mean "maxTurns"?)'],
  },
  {
    name: 'agent names an undefined provider',
    files: { 'agentbatch.yaml': config().replace('coder: { provider: local }', 'coder: { provider: loca }') },
    exit: 2,
    says: [
      /agentbatch\.yaml:4:\d+ \(at agents\.coder\.provider\)/,
      'uses provider "loca", which is not defined',
      'local',
    ],
  },
  {
    name: 'no providers',
    files: { 'agentbatch.yaml': config().replace(/providers:\n.*\n/, 'providers: {}\n') },
    exit: 2,
    says: ['(at providers)', 'define at least one provider'],
  },
  {
    name: 'baseURL without a scheme',
    files: { 'agentbatch.yaml': openai('localhost:8080/v1') },
    exit: 2,
    says: ['agentbatch.yaml:2', '(at providers.local.baseURL)', 'not an http:// or https:// URL'],
  },
  {
    name: 'baseURL with another scheme',
    files: { 'agentbatch.yaml': openai('ftp://models.example.com/v1') },
    exit: 2,
    says: ['(at providers.local.baseURL)', 'not an http:// or https:// URL'],
  },
  {
    name: 'baseURL with no host',
    files: { 'agentbatch.yaml': openai('http://') },
    exit: 2,
    says: ['(at providers.local.baseURL)', 'not an http:// or https:// URL'],
  },
  {
    name: 'baseURL from an unset variable',
    files: { 'agentbatch.yaml': openai('${MODEL_URL_NOT_SET}') },
    exit: 2,
    says: ['agentbatch.yaml:2', '(at providers.local.baseURL)', 'MODEL_URL_NOT_SET is not set', '.env'],
  },
  {
    name: 'baseURL from a variable without a scheme',
    files: { 'agentbatch.yaml': openai('${MODEL_URL}') },
    env: { MODEL_URL: 'api.deepseek.com' },
    exit: 2,
    says: ['(at providers.local.baseURL)', 'not an http:// or https:// URL'],
  },
  {
    name: 'invalid YAML',
    files: { 'agentbatch.yaml': 'providers:\n  local: { type: openai\nagents: [\n' },
    exit: 2,
    says: [/agentbatch\.yaml:\d+:\d+: invalid YAML/],
  },
  {
    name: 'concurrency zero',
    files: { 'agentbatch.yaml': config({ run: 'concurrency: 0' }) },
    exit: 2,
    says: ['(at run.concurrency)', 'Too small'],
  },
  {
    name: 'concurrency a word',
    files: { 'agentbatch.yaml': config({ run: 'concurrency: three' }) },
    exit: 2,
    says: ['(at run.concurrency)', 'expected number, received string'],
  },
  {
    name: 'task timeout not a duration',
    files: { 'agentbatch.yaml': config({ run: 'taskTimeout: forever' }) },
    exit: 2,
    says: ['(at run.taskTimeout)', '"forever" is not a duration'],
  },
  {
    name: 'negative price',
    files: { 'agentbatch.yaml': openai('http://127.0.0.1:1/v1', ', pricing: { input: -1, output: 2 }') },
    exit: 2,
    says: ['(at providers.local.pricing.input)', 'Too small'],
  },
  {
    name: 'temperature out of range',
    files: {
      'agentbatch.yaml': config().replace(
        'evaluator: { provider: local }',
        'evaluator: { provider: local, temperature: 5 }',
      ),
    },
    exit: 2,
    says: ['(at agents.evaluator.temperature)', 'Too big'],
  },
  {
    name: 'unknown stage',
    files: { 'agentbatch.yaml': config({ extra: 'pipeline: [cod, evaluate]\n' }) },
    exit: 2,
    says: ['(at pipeline[0])', 'stage "cod"', 'not a built-in stage'],
  },
  {
    name: 'unknown reporter',
    files: { 'agentbatch.yaml': config().replace('reporters: [json]', 'reporters: [consol]') },
    exit: 2,
    says: ['(at reporters[0])', 'reporter "consol"', 'not a built-in reporter'],
  },
  {
    name: 'misspelt reporter option',
    files: { 'agentbatch.yaml': config().replace('reporters: [json]', 'reporters: [[json, { outputFil: out.json }]]') },
    exit: 2,
    says: ['(at reporters[0][1].outputFil)', 'reporter "json"', 'unknown key "outputFil" (did you mean "outputFile"?)'],
  },
  {
    name: 'unknown provider type',
    files: { 'agentbatch.yaml': config({ provider: 'type: opnai, baseURL: "http://127.0.0.1:1/v1", model: m' }) },
    exit: 2,
    says: ['(at providers.local)', 'provider "opnai"', 'not a built-in provider'],
  },
  {
    name: 'provider option of the wrong type',
    files: { 'agentbatch.yaml': openai('http://127.0.0.1:1/v1', ', stream: "yes"') },
    exit: 2,
    says: ['(at providers.local.stream)', 'invalid option "stream"', 'expected boolean, received string'],
  },
  {
    name: 'no model',
    files: { 'agentbatch.yaml': config({ provider: 'type: openai, baseURL: "http://127.0.0.1:1/v1"' }) },
    exit: 2,
    says: ['(at providers.local)', 'no model for the coder'],
  },
  {
    name: 'no evaluator',
    files: { 'agentbatch.yaml': config().replace('  evaluator: { provider: local }\n', '') },
    exit: 2,
    says: ['(at agents.evaluator)', 'missing required key'],
  },
  {
    name: 'no tasks key',
    files: { 'agentbatch.yaml': config().replace('tasks: ./task.json\n', '') },
    exit: 2,
    says: ['(at tasks)', 'missing required key'],
  },
  {
    name: 'task file that does not exist',
    files: { 'agentbatch.yaml': config({ tasks: './tasks-missing.json' }) },
    exit: 2,
    says: ['tasks-missing.json', 'cannot read the task file'],
  },
  {
    name: 'config file that does not exist',
    args: ['validate', 'nope.yaml'],
    exit: 2,
    says: ['nope.yaml does not exist'],
  },
  {
    name: '.env line that is not NAME=value',
    files: { '.env': '# keys\nMODEL_KEY=sk-1\nMODEL_URL http://127.0.0.1:1/v1\n' },
    exit: 2,
    says: [/\.env:3: "MODEL_URL http:\/\/127\.0\.0\.1:1\/v1" is not a NAME=value line/],
  },
  {
    name: 'a byte order mark in agentbatch.yaml, task.json and .env is accepted',
    files: {
      'agentbatch.yaml': `\uFEFF${openai('${MODEL_URL}')}`,
      'task.json': `\uFEFF${validTasks}`,
      '.env': '\uFEFFMODEL_URL=http://127.0.0.1:1/v1\n',
    },
    exit: 0,
    says: ['agentbatch.yaml: valid (3 task(s))'],
  },
];

const inlineTaskCases: BadInputCase[] = [
  {
    name: 'inline prompt that is a list',
    files: inlineTasks('  - dir: ./work1\n    prompt:\n      - fix it\n      - test it\n'),
    exit: 2,
    says: ['agentbatch.yaml:10:7 (at tasks[0].prompt)', 'expected string, received array'],
  },
  {
    name: 'inline prompt of only whitespace',
    files: inlineTasks('  - dir: ./work1\n    prompt: "   "\n'),
    exit: 2,
    says: ['(at tasks[0].prompt)', 'only whitespace'],
  },
  {
    name: 'inline task without dir',
    files: inlineTasks('  - prompt: Fix it.\n'),
    exit: 2,
    says: ['(at tasks[0].dir)', 'a task needs a dir', '"dir": ""'],
  },
  {
    name: 'inline task with a misspelt key',
    files: inlineTasks('  - dir: ./work1\n    promt: Fix it.\n'),
    exit: 2,
    says: ['(at tasks[0])', 'unknown key "promt" (did you mean "prompt"?)'],
  },
  {
    name: 'inline task whose dir is not a folder',
    files: inlineTasks('  - dir: ./no-such-folder\n    prompt: Fix it.\n'),
    exit: 2,
    says: ['(at tasks[0].dir)', 'task dir "./no-such-folder" is not a folder'],
  },
  {
    name: 'inline task with a bad id',
    files: inlineTasks('  - id: ../escape\n    dir: ./work1\n    prompt: Fix it.\n'),
    exit: 2,
    says: ['(at tasks[0].id)', 'may use only letters'],
  },
  {
    name: 'two inline tasks with one id',
    files: inlineTasks('  - { id: a, dir: ./work1, prompt: One }\n  - { id: a, dir: ./work2, prompt: Two }\n'),
    exit: 2,
    says: ['(at tasks[1].id)', 'task id "a" is used twice'],
  },
  {
    name: 'empty inline task list',
    files: inlineTasks('  []\n'),
    exit: 2,
    says: ['the task list is empty'],
  },
];

const taskFileCases: BadInputCase[] = [
  {
    name: 'task.json entry with "dirr"',
    files: tasksFile({ tasks: [{ dirr: './work1', first_prompt: 'Fix it.' }] }),
    exit: 2,
    says: ['task.json (at tasks[0])', 'unknown key "dirr" (did you mean "dir"?)'],
  },
  {
    name: 'task.json entry without dir',
    files: tasksFile({ tasks: [{ first_prompt: 'Fix it.' }] }),
    exit: 2,
    says: ['task.json (at tasks[0].dir)', 'a task needs a dir'],
  },
  {
    name: 'task.json entry with "dir": "" works in the task file folder',
    files: tasksFile({ tasks: [{ dir: '', first_prompt: 'Fix it.' }] }),
    exit: 0,
    says: ['valid (1 task(s))'],
  },
  {
    name: 'task.json prompt of only whitespace',
    files: tasksFile({ tasks: [{ dir: './work1', first_prompt: ' \n\t ' }] }),
    exit: 2,
    says: ['task.json (at tasks[0].first_prompt)', 'only whitespace'],
  },
  {
    name: 'task.json entry without prompt',
    files: tasksFile({ tasks: [{ dir: './work1' }] }),
    exit: 2,
    says: ['task.json (at tasks[0])', 'a task needs a prompt'],
  },
  {
    name: 'task.json prompt that is a number',
    files: tasksFile({ tasks: [{ dir: './work1', first_prompt: 42 }] }),
    exit: 2,
    says: ['task.json (at tasks[0].first_prompt)', 'expected string, received number'],
  },
  {
    name: 'task.json entry that is a string',
    files: tasksFile({ tasks: ['Fix it.'] }),
    exit: 2,
    says: ['task.json (at tasks[0])', 'expected object, received string'],
  },
  {
    name: 'task.json with a trailing comma',
    files: { 'task.json': '{\n  "tasks": [\n    { "dir": "./work1", "first_prompt": "Fix it." },\n  ]\n}\n' },
    exit: 2,
    says: [/task\.json:4:\d+: invalid JSON/],
  },
  {
    name: 'task.json of the wrong shape',
    files: tasksFile({ task: [] }),
    exit: 2,
    says: ['task.json', 'expected { "tasks": ['],
  },
  {
    name: 'task.json dir that is not a folder',
    files: tasksFile({ tasks: [{ dir: './work9', first_prompt: 'Fix it.' }] }),
    exit: 2,
    says: ['task.json (at tasks[0].dir)', 'task dir "./work9" is not a folder'],
  },
  {
    name: 'bare task.json without the original variables',
    args: ['validate', 'task.json'],
    exit: 2,
    says: ['task.json', 'environment variable CODER_ENDPOINT is not set'],
  },
  {
    name: 'bare task.json whose CODER_ENDPOINT has no scheme',
    args: ['validate', 'task.json'],
    env: { ...seedEnv, CODER_ENDPOINT: 'api-inference.modelscope.cn/v1' },
    exit: 2,
    says: ['CODER_ENDPOINT (from the environment or', 'not an http:// or https:// URL'],
  },
  {
    name: 'bare task.json with a byte order mark',
    files: { 'task.json': `\uFEFF${validTasks}` },
    args: ['validate', 'task.json'],
    env: seedEnv,
    exit: 0,
    says: ['valid (3 task(s))'],
  },
];

const flagCases: BadInputCase[] = [
  {
    name: '--concurrency 0',
    args: ['run', '-c', '0'],
    exit: 2,
    says: ["option '-c, --concurrency <n>' argument '0' is invalid", 'expected a whole number of 1 or more'],
  },
  {
    name: '--concurrency abc',
    args: ['run', '--concurrency', 'abc'],
    exit: 2,
    says: ["argument 'abc' is invalid"],
  },
  {
    name: '--max-iterations -1',
    args: ['run', '--max-iterations=-1'],
    exit: 2,
    says: ["argument '-1' is invalid"],
  },
  {
    name: 'misspelt flag',
    args: ['run', '--concurency', '2'],
    exit: 2,
    says: ["unknown option '--concurency'", 'Did you mean --concurrency?'],
  },
  {
    name: 'misspelt command',
    args: ['rn'],
    exit: 2,
    says: ["unknown command 'rn'", 'Did you mean run?'],
  },
  {
    name: '--only with an unknown id',
    args: ['run', '--only', 't-0000000000'],
    exit: 2,
    says: ['--only names unknown task id(s) t-0000000000', 'the ids are'],
  },
  {
    name: '--out-dir that is a file',
    files: { 'runs.txt': 'not a folder' },
    args: ({ dir }) => ['run', '--out-dir', join(dir, 'runs.txt')],
    exit: 2,
    says: ({ dir }) => [`cannot write run folders in ${join(dir, 'runs.txt')}: it is a file, not a folder`],
  },
  {
    name: '--out-dir below a file',
    files: { 'runs.txt': 'not a folder' },
    args: ['run', '--out-dir', 'runs.txt/runs'],
    exit: 2,
    says: ['cannot write run folders in', 'a folder above it, is a file'],
  },
  {
    name: '--out-dir that is not writable',
    args: ['run', '--out-dir', '/sys/agentbatch-e2e-runs'],
    exit: 2,
    says: ['cannot write run folders in /sys/agentbatch-e2e-runs: it is not writable'],
  },
  {
    name: '--resume together with --retry-failed',
    args: ['run', '--resume', '--retry-failed'],
    exit: 2,
    says: ['use either --resume or --retry-failed, not both'],
  },
  {
    name: '--resume with no earlier run',
    args: ['run', '--resume'],
    exit: 2,
    says: ['there is no earlier run of agentbatch.yaml'],
  },
  {
    name: 'report of a folder that is no run',
    args: ['report', 'work1'],
    exit: 2,
    says: ['is not a run folder'],
  },
];

/** A config whose one provider is at `baseURL`, run with three tasks at once. */
const serverCase = (
  name: string,
  provider: (context: Context) => string,
  exit: number,
  says: (context: Context) => Array<string | RegExp>,
): BadInputCase => ({
  name,
  files: (context) => ({ 'agentbatch.yaml': provider(context) }),
  args: ['run'],
  exit,
  says,
});

const serverCases: BadInputCase[] = [
  serverCase(
    'connection refused (openai)',
    ({ refused }) => openai(`http://127.0.0.1:${refused}/v1`),
    2,
    ({ refused }) => [
      `agentbatch: openai provider "local": could not connect to http://127.0.0.1:${refused}/v1/chat/completions: connection refused (ECONNREFUSED); check providers.local.baseURL in agentbatch.yaml. No further calls go to provider "local" in this run.`,
    ],
  ),
  serverCase(
    'connection refused (anthropic)',
    ({ refused }) => anthropic(`http://127.0.0.1:${refused}`),
    2,
    ({ refused }) => [
      `could not connect to http://127.0.0.1:${refused}/v1/messages: connection refused (ECONNREFUSED); check providers.local.baseURL`,
    ],
  ),
  serverCase(
    'unknown host',
    () => openai('http://no-such-host.invalid/v1'),
    2,
    () => [
      'could not connect to http://no-such-host.invalid/v1/chat/completions: host',
      'check providers.local.baseURL',
    ],
  ),
  serverCase(
    'port fetch refuses',
    () => openai('http://127.0.0.1:1/v1'),
    2,
    () => ['could not connect to http://127.0.0.1:1/v1/chat/completions', 'check providers.local.baseURL'],
  ),
  serverCase(
    'HTML page with 200 (openai, streamed)',
    ({ server }) => openai(`${server}/html/v1`),
    2,
    ({ server }) => [
      `${server}/html/v1/chat/completions sent something that is not a chat completion (HTTP 200 with content-type text/html; charset=utf-8): "<!DOCTYPE html> <html> <head><title>Welcome to nginx!`,
      'it should be the root of the openai API (often ending in /v1), not a web page',
    ],
  ),
  serverCase(
    'HTML page with 200 (openai, whole)',
    ({ server }) => openai(`${server}/html/v1`, ', stream: false'),
    2,
    () => ['not a chat completion (HTTP 200 with content-type text/html', '"<!DOCTYPE html>'],
  ),
  serverCase(
    'HTML page with 200 (anthropic)',
    ({ server }) => anthropic(`${server}/html`),
    2,
    ({ server }) => [
      `${server}/html/v1/messages sent something that is not a Messages API reply (HTTP 200 with content-type text/html`,
      'check providers.local.baseURL',
    ],
  ),
  serverCase(
    'choices: [] (streamed)',
    ({ server }) => openai(`${server}/empty-choices/v1`),
    2,
    () => [
      'not a chat completion (a stream with no choice in it): "{"id":"chatcmpl-1","object":"chat.completion.chunk","model":"m","choices":[]}"',
    ],
  ),
  serverCase(
    'choices: [] (whole)',
    ({ server }) => openai(`${server}/empty-choices/v1`, ', stream: false'),
    2,
    () => ['not a chat completion (choices: []): "{"id":"chatcmpl-1"'],
  ),
  serverCase(
    'a choice with no message',
    ({ server }) => openai(`${server}/no-message/v1`, ', stream: false'),
    2,
    () => ['not a chat completion (a choice with no message)'],
  ),
  serverCase(
    'a message with no content (anthropic)',
    ({ server }) => anthropic(`${server}/no-message`, ', stream: false'),
    2,
    () => ['not a Messages API reply (no content): "{"id":"msg_1"'],
  ),
  serverCase(
    'rejected key (openai)',
    ({ server }) => openai(`${server}/status-401/v1`),
    2,
    () => [
      'agentbatch: provider "local": the API key was rejected (HTTP 401); check providers.local.apiKey in agentbatch.yaml',
      'Incorrect API key provided',
    ],
  ),
  serverCase(
    'rejected key (anthropic)',
    ({ server }) => anthropic(`${server}/status-401`),
    2,
    () => ['the API key was rejected (HTTP 401)'],
  ),
  serverCase(
    'access denied',
    ({ server }) => openai(`${server}/status-403/v1`),
    2,
    () => ['access was denied (HTTP 403)', 'Your key may not use this model'],
  ),
  serverCase(
    'balance used up',
    ({ server }) => openai(`${server}/status-402/v1`),
    1,
    () => ["the account's quota or balance is used up (HTTP 402)"],
  ),
  serverCase(
    'unknown model',
    ({ server }) => openai(`${server}/status-404/v1`),
    1,
    () => ['HTTP 404: The model `no-such-model` does not exist'],
  ),
];

const corpus = [...configCases, ...inlineTaskCases, ...taskFileCases, ...flagCases, ...serverCases];

let server: BadModelServer;
let refused: number;

beforeAll(async () => {
  server = await startBadModelServer();
  refused = await refusedPort();
});

afterAll(async () => {
  await server?.close();
});

/** The events of the one run in a case's folder. */
function readEvents(dir: string): Array<{ type: string }> {
  const runs = join(dir, '.agentbatch/runs');
  const [runId] = readdirSync(runs);
  const lines = readFileSync(join(runs, String(runId), 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return lines.map((line) => JSON.parse(line) as { type: string });
}

/** A fresh folder with a valid agentbatch.yaml, task.json and three task folders, then the case's files. */
function caseFolder(badCase: BadInputCase): Context {
  const dir = join(mkdtempSync(join(tmpdir(), 'agentbatch-e2e-bad-input-')), 'case');
  const context: Context = { server: server.url, refused, dir };
  const files = {
    'agentbatch.yaml': config(),
    'task.json': validTasks,
    ...(typeof badCase.files === 'function' ? badCase.files(context) : badCase.files),
  };
  for (const folder of ['work1', 'work2', 'work3']) mkdirSync(join(dir, folder), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return context;
}

describe('bad input corpus', () => {
  it('has at least 60 cases, each named once', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((badCase) => badCase.name)).size).toBe(corpus.length);
  });

  // Concurrent, at most vitest's maxConcurrency (5) at once.
  // Generous limits: on a shared machine a node start alone can take many seconds.
  it.concurrent.for(corpus)('$name', { timeout: 180_000 }, async (badCase) => {
    const context = caseFolder(badCase);
    const args = typeof badCase.args === 'function' ? badCase.args(context) : (badCase.args ?? ['validate']);
    const result = await runCli(args, { cwd: context.dir, env: badCase.env ?? {}, timeout: 170_000 });
    const output = String(result.all);
    expect(result.exitCode, output).toBe(badCase.exit);
    const says = typeof badCase.says === 'function' ? badCase.says(context) : badCase.says;
    for (const expected of says) {
      if (typeof expected === 'string') expect(output).toContain(expected);
      else expect(output).toMatch(expected);
    }
    expect(output).not.toContain('unexpected error');
    expect(output, 'a stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    if (badCase.files !== undefined && typeof badCase.files === 'function' && args[0] === 'run') {
      // A wrong server stops its provider after one short retry cycle (two retries per running
      // task at most), not a full cycle per task; and the reason is said once, not per task.
      const retries = readEvents(context.dir).filter((event) => event.type === 'model-retry');
      expect(retries.length).toBeLessThanOrEqual(6);
      if (badCase.exit === 2) expect(String(result.stderr).match(/^agentbatch: /gm)).toHaveLength(1);
    }
  });
});
