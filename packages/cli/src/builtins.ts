import type { Builtins } from '@agentbatch/core';
import { loadableProviders } from '@agentbatch/providers/loadable';
import { loadableReporters } from '@agentbatch/reporters/loadable';

/** The built-in plugins, each loaded when a config first names it. */
export const builtins: Builtins = { providers: loadableProviders, reporters: loadableReporters };
