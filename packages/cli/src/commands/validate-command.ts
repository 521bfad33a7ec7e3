import { prepareRun } from '@agentbatch/core';
import type { Command } from 'commander';
import { builtins } from '../builtins.js';
import { ExitCode } from '../exit-codes.js';
import { findAndLoadConfig } from '../find-config.js';

export function registerValidateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('validate')
    .description('check a config, its tasks and its plugins without running anything')
    .argument('[config]', 'agentbatch.yaml or task.json (default: the one in this folder)')
    .action(async (file: string | undefined) => {
      const loaded = findAndLoadConfig(file);
      const prepared = await prepareRun(loaded, builtins, {}, { stdout: process.stdout, stderr: process.stderr });
      process.stdout.write(`${loaded.path}: valid (${prepared.tasks.length} task(s))\n`);
      setExitCode(ExitCode.success);
    });
}
