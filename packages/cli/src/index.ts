export {
  type AgentbatchConfigInput,
  ConfigError,
  defineConfig,
  type RunEvent,
  type RunOverrides,
  type RunResults,
} from '@agentbatch/core';
export { main } from './cli.js';
export { ExitCode } from './exit-codes.js';
export { type RunHandle, type StartRunOptions, startRun } from './start-run.js';
