import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { AgentbatchConfig } from '../config/schema.js';
import { createReporter } from '../loader/create-reporter.js';
import type { BuiltinPlugin } from '../loader/load-plugin.js';
import { normalizeEntries } from '../loader/plugin-entries.js';
import type { AgentBinding } from '../pipeline/agent-binding.js';
import type { NamedReporter } from '../pipeline/reporter-hub.js';
import type { ProviderFactory } from '../plugin/language-model.js';
import type { ReporterContext, ReporterFactory } from '../plugin/reporter.js';
import type { Stage } from '../plugin/stage.js';
import { onPath } from '../process/on-path.js';
import { type RunSecrets, runSecrets } from '../secrets/run-secrets.js';
import { loadTaskFile, parseTaskEntry, resolveTasks } from '../tasks/load-tasks.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { createAgents } from './create-agents.js';
import { createStages } from './create-stages.js';

export interface RunOverrides {
  concurrency?: number;
  maxIterations?: number;
  outDir?: string;
  /** Run only these task ids. */
  only?: string[];
  /** Replace the config's reporters. */
  reporters?: string[];
}

export interface Builtins {
  providers: Record<string, BuiltinPlugin<ProviderFactory>>;
  reporters: Record<string, BuiltinPlugin<ReporterFactory>>;
}

export interface PreparedRun {
  loaded: LoadedConfig;
  config: AgentbatchConfig;
  tasks: TaskDefinition[];
  agents: { coder: AgentBinding; evaluator: AgentBinding };
  stages: Stage[];
  reporters: NamedReporter[];
  /** The keys to mask in everything written, and the scrubbed environment of the agents' commands. */
  secrets: RunSecrets;
  /** Absolute. */
  outDir: string;
}

/**
 * Turns a validated config into everything a run needs — tasks, providers, agents, stages and
 * reporters — loading plugins and checking their options, so that every config mistake is found
 * before the first model call.
 */
export async function prepareRun(
  loaded: LoadedConfig,
  builtins: Builtins,
  overrides: RunOverrides,
  reporterContext: Omit<ReporterContext, 'configDir'>,
): Promise<PreparedRun> {
  const config = applyOverrides(loaded.config, overrides);
  if (config.run.sandbox.type === 'bwrap' && !onPath('bwrap')) {
    throw new ConfigError(
      'run.sandbox: bwrap needs bubblewrap, which is not installed; install it (apt-get install bubblewrap) or use sandbox: none',
      loaded.locate(['run', 'sandbox']),
    );
  }
  if (config.run.workspace !== 'inplace' && !onPath('git')) {
    throw new ConfigError(
      `run.workspace: ${config.run.workspace} needs git, which is not installed; install it (apt-get install git) or use workspace: inplace`,
      loaded.locate(['run', 'workspace']),
    );
  }
  const tasks = selectTasks(loadTasks(loaded, config), overrides.only, loaded.path);
  const secrets = runSecrets(config);
  const agents = await createAgents(loaded, config, builtins.providers, secrets.masker);
  const stages = await createStages(loaded, config);
  const reporterEntries = overrides.reporters?.length
    ? overrides.reporters.map((name) => ({ name, options: {}, yamlPath: ['reporters'] as PropertyKey[] }))
    : normalizeEntries(config.reporters, ['reporters']);
  const reporters = await Promise.all(
    reporterEntries.map((entry) =>
      createReporter(entry, {
        builtins: builtins.reporters,
        context: { ...reporterContext, configDir: loaded.dir },
        locate: loaded.locate,
      }),
    ),
  );
  return { loaded, config, tasks, agents, stages, reporters, secrets, outDir: resolve(loaded.dir, config.run.outDir) };
}

function applyOverrides(config: AgentbatchConfig, overrides: RunOverrides): AgentbatchConfig {
  return {
    ...config,
    run: {
      ...config.run,
      ...(overrides.concurrency !== undefined && { concurrency: overrides.concurrency }),
      ...(overrides.maxIterations !== undefined && { maxIterations: overrides.maxIterations }),
      ...(overrides.outDir !== undefined && { outDir: resolve(overrides.outDir) }),
    },
  };
}

function loadTasks(loaded: LoadedConfig, config: AgentbatchConfig): TaskDefinition[] {
  if (typeof config.tasks === 'string') return loadTaskFile(resolve(loaded.dir, config.tasks));
  const entries = config.tasks.map((entry, index) => parseTaskEntry(entry, ['tasks', index], loaded.locate));
  return resolveTasks(entries, loaded.dir, (path) => loaded.locate(['tasks', ...path]));
}

function selectTasks(tasks: TaskDefinition[], only: string[] | undefined, file: string): TaskDefinition[] {
  if (tasks.length === 0) throw new ConfigError('the task list is empty; add at least one task', { file });
  if (!only?.length) return tasks;
  const unknown = only.filter((id) => !tasks.some((task) => task.id === id));
  if (unknown.length) {
    throw new ConfigError(
      `--only names unknown task id(s) ${unknown.join(', ')}; the ids are: ${tasks.map((task) => task.id).join(', ')}`,
    );
  }
  return tasks.filter((task) => only.includes(task.id));
}
