import type { z } from 'zod';
import type { StageFactory } from '../../plugin/stage.js';
import { codeStage } from './code-stage.js';
import { evaluateStage } from './evaluate-stage.js';
import { verifyOptionsSchema, verifyStage } from './verify-stage.js';

export interface BuiltinStage {
  factory: StageFactory<never>;
  optionsSchema?: z.ZodType;
}

export const builtinStages: Record<string, BuiltinStage> = {
  code: { factory: codeStage },
  evaluate: { factory: evaluateStage },
  verify: { factory: verifyStage as StageFactory<never>, optionsSchema: verifyOptionsSchema },
};
