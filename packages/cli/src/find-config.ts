import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type LoadedConfig, loadConfig, seedConfig } from '@agentbatch/core';

const defaultFiles = ['agentbatch.yaml', 'agentbatch.yml', 'task.json'];

/**
 * `agentbatch run [file]`: a YAML config, or a bare `task.json` in the original system's mode
 * (providers from its environment variables). Without a file, the first of `defaultFiles` here.
 */
export function findAndLoadConfig(file: string | undefined): LoadedConfig {
  const path = file ?? defaultFiles.find((name) => existsSync(resolve(name)));
  if (!path) {
    throw new ConfigError(
      `no agentbatch.yaml or task.json in ${process.cwd()}; name one (agentbatch run path/to/agentbatch.yaml) or create one with agentbatch init`,
    );
  }
  if (!existsSync(resolve(path))) throw new ConfigError(`${resolve(path)} does not exist`);
  return path.endsWith('.json') ? seedConfig(path) : loadConfig(path);
}
