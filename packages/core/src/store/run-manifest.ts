import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';

/** `run.json`: written when a run starts, so it can be found and resumed even before any task ends. */
export interface RunManifest {
  runId: string;
  configPath: string;
  startedAt: string;
}

export function writeRunManifest(runDir: string, manifest: RunManifest): void {
  writeFileSync(join(runDir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readRunManifest(runDir: string): RunManifest {
  const file = join(runDir, 'run.json');
  if (!existsSync(file)) throw new ConfigError(`${runDir} is not a run folder: it has no run.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
}

/**
 * The run to continue: `run` as a folder path or a run id under `outDir`; without it, the latest
 * run of this config under `outDir`.
 */
export function findRunDir(outDir: string, configPath: string, run: string | undefined): string {
  if (run) {
    const candidates = [resolve(run), join(outDir, run)];
    const found = candidates.find((dir) => existsSync(join(dir, 'run.json')));
    if (!found)
      throw new ConfigError(
        `no run "${run}": neither ${candidates.join(' nor ')} is a run folder (see agentbatch runs)`,
      );
    return found;
  }
  const runs = existsSync(outDir)
    ? readdirSync(outDir)
        .filter((name) => existsSync(join(outDir, name, 'run.json')))
        .sort()
    : [];
  const mine = runs.filter((name) => readRunManifest(join(outDir, name)).configPath === configPath);
  const latest = mine.at(-1);
  if (!latest) throw new ConfigError(`there is no earlier run of ${basename(configPath)} in ${outDir} to continue`);
  return join(outDir, latest);
}
