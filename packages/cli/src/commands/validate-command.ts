import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';

export function registerValidateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('validate')
    .description('check a config, its tasks and its plugins without running anything')
    .argument('[config]', 'agentbatch.yaml or task.json (default: the one in this folder)')
    .action(async (file: string | undefined) => {
      const [{ prepareRun }, { builtins }, { findAndLoadConfig }] = await Promise.all([
        import('@agentbatch/core'),
        import('../builtins.js'),
        import('../find-config.js'),
      ]);
      const loaded = findAndLoadConfig(file);
      const prepared = await prepareRun(loaded, builtins, {}, { stdout: process.stdout, stderr: process.stderr });
      process.stdout.write(`${loaded.path}: valid (${prepared.tasks.length} task(s))\n`);
      setExitCode(ExitCode.success);
    });
}
