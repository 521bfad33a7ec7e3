import { resolve } from 'node:path';
import { ConfigError } from '@agentbatch/core';
import { findAndLoadConfig } from './find-config.js';

/** The config's run folder; a config that cannot be loaded here (keys missing) falls back to the default. */
export function configuredOutDir(file: string | undefined): string {
  try {
    const loaded = findAndLoadConfig(file);
    return resolve(loaded.dir, loaded.config.run.outDir);
  } catch (error) {
    if (file !== undefined || !ConfigError.isInstance(error)) throw error;
    return resolve('.agentbatch/runs');
  }
}
