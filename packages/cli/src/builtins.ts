import type { Builtins } from '@agentbatch/core';
import { builtinProviders } from '@agentbatch/providers';
import { builtinReporters } from '@agentbatch/reporters';

export const builtins: Builtins = { providers: builtinProviders, reporters: builtinReporters };
