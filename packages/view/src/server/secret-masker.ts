import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, seedConfig } from '@agentbatch/core';

/** Names that look like secrets, as DESIGN.md §9 defines them for the shell's environment. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;
/** Shorter values would mask ordinary words and numbers. */
const MIN_SECRET_LENGTH = 8;
const MASK = '********';

export type Mask = (text: string) => string;

/**
 * Replaces every secret value in a text. Everything the view sends and the HTML report writes
 * passes through one mask, so a key that leaked into a transcript never reaches the browser.
 */
export function createMask(secrets: Iterable<string>): Mask {
  const values = [...new Set([...secrets].filter((value) => value.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (text) => text;
  const pattern = new RegExp(values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/**
 * The secrets to mask for a run: the API keys of the config it ran from (as its `run.json`
 * names it, resolved from this environment) and every environment variable whose name looks
 * like a secret. A config that no longer loads contributes nothing; the environment still does.
 */
export function runSecrets(runDir: string, environment: NodeJS.ProcessEnv = process.env): string[] {
  // Loading the config reads its .env into this copy, so those values are masked too.
  const copy = { ...environment };
  const keys = configSecrets(configPathOf(runDir), copy);
  return [...keys, ...environmentSecrets(copy)];
}

export function environmentSecrets(environment: NodeJS.ProcessEnv): string[] {
  return Object.entries(environment).flatMap(([name, value]) => (value && SECRET_NAME.test(name) ? [value] : []));
}

/** The resolved `apiKey` of every provider in a config. */
export function configSecrets(configPath: string | undefined, environment: NodeJS.ProcessEnv): string[] {
  if (!configPath || !existsSync(configPath)) return [];
  try {
    const { config } = configPath.endsWith('.json')
      ? seedConfig(configPath, environment)
      : loadConfig(configPath, environment);
    return Object.values(config.providers).flatMap((provider) => (provider.apiKey ? [provider.apiKey] : []));
  } catch {
    return [];
  }
}

function configPathOf(runDir: string): string | undefined {
  const manifest = join(runDir, 'run.json');
  if (!existsSync(manifest)) return undefined;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { configPath?: string }).configPath;
  } catch {
    return undefined;
  }
}
