import type { ReporterFactory } from '@agentbatch/core';
import type { ZodType, z } from 'zod';

export interface BuiltinReporter {
  /**
   * Takes the raw options from the config (`undefined` and `null` mean none) and validates them
   * with `optionsSchema`, so it can be called with unchecked input; already-parsed options pass
   * unchanged.
   */
  factory: ReporterFactory<unknown>;
  optionsSchema: ZodType;
}

export function builtin<Schema extends ZodType>(
  optionsSchema: Schema,
  factory: ReporterFactory<z.output<Schema>>,
): BuiltinReporter {
  return { optionsSchema, factory: (options, context) => factory(optionsSchema.parse(options ?? {}), context) };
}
