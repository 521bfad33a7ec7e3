import type { Command } from 'commander';

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of agentbatch.yaml, for editor completion')
    .action(async () => {
      const { configJsonSchema } = await import('@agentbatch/core');
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
