import { fileURLToPath } from 'node:url';

/** Unit tests run against the sources of sibling packages, so they need no build first. */
export const workspaceAliases = {
  '@agentbatch/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
  '@agentbatch/providers': fileURLToPath(new URL('./packages/providers/src/index.ts', import.meta.url)),
  '@agentbatch/queue': fileURLToPath(new URL('./packages/queue/src/index.ts', import.meta.url)),
  '@agentbatch/reporters': fileURLToPath(new URL('./packages/reporters/src/index.ts', import.meta.url)),
  '@agentbatch/view': fileURLToPath(new URL('./packages/view/src/index.ts', import.meta.url)),
};
