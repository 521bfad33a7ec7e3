import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = z.union([z.string(), z.number()]).transform((value, context) => {
  const milliseconds = parseDuration(value);
  if (milliseconds === undefined) {
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not a duration: use e.g. 90s, 30m, 1h or milliseconds`,
    });
    return z.NEVER;
  }
  return milliseconds;
});

export const pricingSchema = z.strictObject({
  input: z.number().nonnegative().describe('USD per million input tokens'),
  output: z.number().nonnegative().describe('USD per million output tokens'),
  cachedInput: z.number().nonnegative().optional().describe('USD per million cached input tokens (default: input)'),
  cacheWrite: z
    .number()
    .nonnegative()
    .optional()
    .describe('USD per million input tokens written to the prompt cache (Anthropic; default: input)'),
});

function isHttpURL(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Keys every provider has; the provider plugin validates the rest with its own schema. */
export const providerSchema = z.looseObject({
  type: z.string().min(1).describe('openai | anthropic | replay | an npm package | ./path.js'),
  model: z.string().min(1).optional().describe('Model id; agents.<role>.model overrides it'),
  baseURL: z
    .string()
    .refine(isHttpURL, {
      message: 'not an http:// or https:// URL; write the API root in full, e.g. https://api.deepseek.com/v1',
    })
    .optional()
    .describe('The API root, e.g. https://api.deepseek.com/v1 or http://localhost:11434/v1'),
  apiKey: z.string().optional(),
  maxConcurrency: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Calls in flight at once, shared by every agent using this provider'),
  rpm: z.number().positive().optional().describe('Requests per minute, spaced evenly; shared like maxConcurrency'),
  tpm: z.number().positive().optional().describe('Tokens (input + output) per minute; shared like maxConcurrency'),
  timeout: duration
    .optional()
    .describe('Time limit of one call, e.g. 120s; a call that takes longer is aborted and retried'),
  maxRetries: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Retries of a call after a rate limit, server error, dropped connection or timeout (default 5)'),
  pricing: pricingSchema.optional(),
  record: z.string().min(1).optional().describe('Append every answered call to this cassette file (for type: replay)'),
});

const agentBase = {
  provider: z.string().min(1).describe('A name from providers:'),
  model: z.string().min(1).optional().describe("Overrides the provider's model"),
  maxTurns: z.number().int().positive().optional(),
  systemPrompt: z.string().optional().describe('Replaces the built-in system prompt'),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  maxContextTokens: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Keep requests under this many tokens (estimated) by eliding the oldest tool results; set it below the model's context window",
    ),
};

export const agentsSchema = z.strictObject({
  coder: z.strictObject({ ...agentBase, maxTurns: agentBase.maxTurns.default(60) }),
  evaluator: z.strictObject({
    ...agentBase,
    maxTurns: agentBase.maxTurns.default(20),
    allowShell: z.boolean().default(false).describe('Give the evaluator run_shell'),
  }),
});

const budgetSchema = z.strictObject({
  usd: z.number().positive().optional().describe("USD, from the providers' pricing"),
  tokens: z.number().int().positive().optional().describe('Input plus output tokens'),
});

export const runSchema = z
  .strictObject({
    concurrency: z.number().int().positive().default(3),
    sharedDirs: z
      .enum(['serial', 'parallel'])
      .default('serial')
      .describe('Tasks that name the same dir: one after another (serial), or at the same time (parallel)'),
    maxIterations: z.number().int().positive().default(10),
    sandbox: z
      .union([
        z.literal('none').transform(() => ({ type: 'none' as const })),
        z.literal('bwrap').transform(() => ({ type: 'bwrap' as const, network: true })),
        z.strictObject({ type: z.literal('bwrap'), network: z.boolean().default(true) }),
      ])
      .default({ type: 'none' })
      .describe(
        'Confine run_shell: bwrap (bubblewrap) makes everything but the task folder and /tmp read-only; { type: bwrap, network: false } also cuts the network',
      ),
    shellEnv: z
      .strictObject({
        pass: z
          .array(z.string().min(1))
          .default([])
          .describe('Variables run_shell and verify keep although their names look like secrets, e.g. [NPM_TOKEN]'),
      })
      .prefault({})
      .describe(
        'run_shell and verify get no API key and no variable named like *KEY*, *TOKEN*, *SECRET*, *PASSWORD*, *CREDENTIAL* unless listed in pass',
      ),
    taskTimeout: duration.optional().describe('e.g. 30m'),
    budget: budgetSchema.optional().describe('For the whole run: no new task or iteration starts once it is spent'),
    taskBudget: budgetSchema.optional().describe('For each task: no new iteration of it starts once it is spent'),
    outDir: z.string().default('.agentbatch/runs'),
    queue: z
      .string()
      .optional()
      .describe(
        'redis://HOST:PORT[/DB]: run the tasks on the workers of this BullMQ queue (agentbatch worker), as --queue does',
      ),
    workspace: z
      .enum(['inplace', 'copy', 'worktree'])
      .default('inplace')
      .describe(
        'Where tasks work: inplace (their folder), copy (a copy in the run folder; the original is untouched), worktree (a git worktree on branch agentbatch/<runId>/<taskId>)',
      ),
    applyBack: z
      .boolean()
      .default(false)
      .describe("With workspace: copy, apply a completed task's change to its original folder"),
    attempts: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('Tries per task, side by side in separate workspaces (copy or worktree); the best one is kept'),
  })
  .superRefine((run, context) => {
    if (run.attempts > 1 && run.workspace === 'inplace') {
      context.addIssue({
        code: 'custom',
        path: ['attempts'],
        message: `attempts: ${run.attempts} needs a workspace of each attempt's own: set run.workspace to copy or worktree`,
      });
    }
    if (run.applyBack && run.workspace !== 'copy') {
      context.addIssue({
        code: 'custom',
        path: ['applyBack'],
        message: `applyBack applies a copy's change to the original: it needs run.workspace: copy (it is ${run.workspace})`,
      });
    }
  })
  .prefault({});

const pluginOptions = z.record(z.string(), z.unknown());

/** `name`, `{ name: options }` or `[name, options]`; `false`/`null` entries are dropped so `cond && stage` works. */
const pluginEntry = z.union([
  z.string().min(1),
  z.tuple([z.string().min(1), pluginOptions]),
  z.record(z.string(), pluginOptions.nullable()).refine((value) => Object.keys(value).length === 1, {
    message: 'a plugin entry object has exactly one key, the plugin name, e.g. { verify: { command: npm test } }',
  }),
  z.literal(false),
  z.null(),
]);

type PluginEntryList = Array<z.infer<typeof pluginEntry> | PluginEntryList>;
const pluginList: z.ZodType<PluginEntryList> = z.lazy(() => z.array(z.union([pluginEntry, pluginList])));

/** A prompt: not empty, not only whitespace. */
const promptText = z
  .string()
  .refine((text) => text.trim() !== '', { message: 'the prompt is empty or only whitespace; write what the task is' });

export const taskEntrySchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    dir: z
      .string()
      .optional()
      .describe('The task folder, relative to the task file; "" means the folder of the task file itself'),
    prompt: promptText.optional(),
    first_prompt: promptText.optional().describe('The original system name for prompt'),
  })
  .superRefine((task, context) => {
    if (task.prompt === undefined && task.first_prompt === undefined)
      context.addIssue({
        code: 'custom',
        message: 'a task needs a prompt (or first_prompt, as in the original task.json)',
      });
    // A misspelt dir must not send the agent to work beside the task file, its .env and other tasks.
    if (task.dir === undefined)
      context.addIssue({
        code: 'custom',
        path: ['dir'],
        message:
          'a task needs a dir: the folder the agent works in, relative to the task file (e.g. "./project1"); write "dir": "" to work in the task file\'s own folder',
      });
  });

export const configSchema = z.strictObject({
  providers: z.record(z.string(), providerSchema).refine((value) => Object.keys(value).length > 0, {
    message: 'define at least one provider',
  }),
  agents: agentsSchema,
  run: runSchema,
  pipeline: pluginList.default(['code', 'evaluate']),
  tasks: z.union([z.string().min(1), z.array(taskEntrySchema)]).describe('A task.json path or an inline list'),
  reporters: pluginList.default(['console', 'json', 'markdown']),
});

export type AgentbatchConfigInput = z.input<typeof configSchema>;
export type AgentbatchConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type TaskEntry = z.output<typeof taskEntrySchema>;
export type PluginEntry = z.infer<typeof pluginEntry>;

/** Identity helper for configs written in TypeScript or JavaScript. */
export function defineConfig(config: AgentbatchConfigInput): AgentbatchConfigInput {
  return config;
}
