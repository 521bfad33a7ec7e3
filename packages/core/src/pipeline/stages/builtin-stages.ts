import { z } from 'zod';
import type { StageFactory } from '../../plugin/stage.js';
import { codeStage } from './code-stage.js';
import { commitStage } from './commit-stage.js';
import { evaluateStage } from './evaluate-stage.js';
import { shellOptionsSchema, shellStage } from './shell-stage.js';
import { verifyOptionsSchema, verifyStage } from './verify-stage.js';

export interface BuiltinStage {
  factory: StageFactory<never>;
  optionsSchema?: z.ZodType;
}

/** code and evaluate take no options: anything written there is a mistake worth a message. */
const noOptions = z.strictObject({});

export const builtinStages: Record<string, BuiltinStage> = {
  code: { factory: codeStage, optionsSchema: noOptions },
  evaluate: { factory: evaluateStage, optionsSchema: noOptions },
  verify: { factory: verifyStage as StageFactory<never>, optionsSchema: verifyOptionsSchema },
  shell: { factory: shellStage as StageFactory<never>, optionsSchema: shellOptionsSchema },
  commit: { factory: commitStage, optionsSchema: noOptions },
};
