import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Document, isPair, isScalar, isSeq, LineCounter, parse, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import type { Role } from '../plugin/run-results.js';
import { ConfigError, type ConfigErrorLocation } from './config-error.js';
import { expandEnv, MissingVariableError } from './expand-env.js';
import { loadDotenv } from './load-dotenv.js';
import { variantAgents, withMatrixBaseAgents, withMatrixWorkspace } from './matrix-config.js';
import { type AgentbatchConfig, configSchema } from './schema.js';
import { formatYamlPath, YamlLocator } from './yaml-locator.js';
import { describeFirstIssue } from './zod-issue.js';

export interface LoadedConfig {
  config: AgentbatchConfig;
  /** Absolute path of the config file. */
  path: string;
  /** Its folder: relative paths in the config are resolved against it. */
  dir: string;
  /** Finds the line of a YAML path, for errors found after loading (plugin options). */
  locate(path: readonly PropertyKey[]): ConfigErrorLocation;
}

/**
 * Reads `agentbatch.yaml`: loads `.env` beside it, expands `${VAR}` references, validates the
 * result against the schema, and checks that agents name defined providers.
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file: ${(error as Error).message}`, { file: path });
  }
  return loadConfigText(text, path, env);
}

/**
 * The same, from the text of the config file at `path` (a queue worker gets it from the run,
 * with its `${VAR}`s still unexpanded, and expands them from its own environment).
 */
export function loadConfigText(text: string, path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const dir = dirname(path);
  loadDotenv(dir, env);

  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new ConfigError(`invalid YAML: ${syntaxError.message.split('\n')[0]}`, { file: path, line, column: col });
  }
  return checkConfigDocument(document, new YamlLocator(document, lineCounter), path, dir, env);
}

/**
 * A config given as an object (the programmatic API's `defineConfig({...})`), checked exactly as a
 * file is: `.env` in `dir` is loaded, `${VAR}`s are expanded, relative paths resolve against `dir`.
 * Its nodes have no source positions, so errors name the YAML path and no line.
 */
export function loadConfigObject(config: unknown, dir: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  loadDotenv(dir, env);
  const document = new Document(config ?? {});
  return checkConfigDocument(
    document,
    new YamlLocator(document, new LineCounter()),
    join(dir, '(inline config)'),
    dir,
    env,
  );
}

function checkConfigDocument(
  document: Document,
  locator: YamlLocator,
  path: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): LoadedConfig {
  visit(document, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      try {
        const expanded = expandEnv(node.value, env);
        // An unquoted `${CONCURRENCY:-3}` means the number 3, as it would written out.
        node.value = node.type === 'PLAIN' ? plainScalarValue(expanded) : expanded;
      } catch (error) {
        if (!(error instanceof MissingVariableError)) throw error;
        throw new ConfigError(
          `${error.message}. Set it in the environment or in ${resolve(dir, '.env')}, or give a default: \${${error.variable}:-value}`,
          { file: path, ...locator.position(node), yamlPath: formatYamlPath(pathOf(ancestors, node)) },
        );
      }
    },
  });

  const input = withMatrixBaseAgents(document.toJS() ?? {});
  const parsed = configSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw configIssueError(parsed.error, input, path, locator);
  // Every reader of the config — this process, a queue worker — sees a matrix's workspaces the same.
  const config = withMatrixWorkspace(parsed.data);

  const locate = (yamlPath: readonly PropertyKey[]) => ({
    file: path,
    ...locator.locate(yamlPath),
    yamlPath: formatYamlPath(yamlPath),
  });
  checkAgents(config, config.agents, (role) => ['agents', role], locate);
  for (const [index, variant] of (config.matrix ?? []).entries()) {
    // A variant's own setting is pointed at where it is written; one it inherits, under agents:.
    const at = (role: Role, key: string) =>
      variant.agents[role]?.[key as 'provider'] === undefined ? ['agents', role] : ['matrix', index, 'agents', role];
    checkAgents(config, variantAgents(config.agents, variant), at, locate);
  }
  return { config, path, dir, locate };
}

/** Every agent names a defined provider, and a model comes from somewhere. */
function checkAgents(
  config: AgentbatchConfig,
  agents: AgentbatchConfig['agents'],
  at: (role: Role, key: string) => PropertyKey[],
  locate: LoadedConfig['locate'],
): void {
  for (const role of ['coder', 'evaluator'] as const) {
    const agent = agents[role];
    const provider = config.providers[agent.provider];
    const agentPath = formatYamlPath(at(role, 'provider'));
    if (!provider) {
      const names = Object.keys(config.providers).join(', ');
      throw new ConfigError(
        `${agentPath === `agents.${role}` ? `agent "${role}"` : agentPath} uses provider "${agent.provider}", which is not defined; define it under providers: or use one of: ${names}`,
        locate([...at(role, 'provider'), 'provider']),
      );
    }
    if (!agent.model && !provider.model && provider.type !== 'replay') {
      throw new ConfigError(
        `no model for the ${role}: set providers.${agent.provider}.model or ${formatYamlPath(at(role, 'model'))}.model`,
        locate(['providers', agent.provider]),
      );
    }
  }
}

function configIssueError(error: z.ZodError, input: unknown, file: string, locator: YamlLocator): ConfigError {
  const issue = describeFirstIssue(error, configSchema, input);
  if (!issue) return new ConfigError('invalid configuration', { file });
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
  // An unknown key is pointed at on its own line; the path names the object that holds it.
  return new ConfigError(`${issue.message}${more}`, {
    file,
    ...locator.locate(issue.at),
    yamlPath: formatYamlPath(issue.path) || '(top level)',
  });
}

/** The YAML path of a node from the ancestors `visit` gives: map keys and sequence indexes. */
function pathOf(ancestors: readonly unknown[], node: unknown): PropertyKey[] {
  const chain = [...ancestors, node];
  return chain.flatMap((ancestor, index): PropertyKey[] => {
    if (isPair(ancestor) && isScalar(ancestor.key)) return [String(ancestor.key.value)];
    if (isSeq(ancestor)) return [ancestor.items.indexOf(chain[index + 1] as never)];
    return [];
  });
}

/** How YAML reads an unquoted scalar: numbers, booleans and null keep their type. */
function plainScalarValue(text: string): unknown {
  if (text.trim() === '') return text;
  const value = parse(text);
  return value === null || ['number', 'boolean'].includes(typeof value) ? value : text;
}
