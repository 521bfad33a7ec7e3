import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { APICallError, cassetteKey, cassetteKeyText, type ProviderFactory, readCassette } from '@agentbatch/core';
import { z } from 'zod';

export const replayOptionsSchema = z.strictObject({
  type: z.literal('replay'),
  cassette: z
    .string()
    .min(1)
    .describe('A cassette file recorded with the provider option record:, relative to the config'),
  model: z.string().optional(),
  latencyMs: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe('Wait this long before each answer, to look like a live model'),
});

export type ReplayOptions = z.input<typeof replayOptionsSchema>;

/**
 * Plays a recorded run back with no network: each call gets the answer recorded for the same
 * place in the same conversation. The tools still run for real, so files change as they did.
 * A call the cassette has no answer for fails at once and says so; it is never retried.
 */
export const createReplayModel: ProviderFactory = (input, context) => {
  const options = replayOptionsSchema.parse(input);
  const file = resolve(context.configDir, options.cassette);
  const entries = readCassette(file);
  return {
    specificationVersion: 'v1',
    provider: 'replay',
    modelId: options.model ?? 'replay',
    async generate(request) {
      request.signal.throwIfAborted();
      const key = cassetteKey(request);
      const entry = entries.get(cassetteKeyText(key));
      if (!entry) {
        const first = (request.messages.find((message) => message.role === 'user')?.content ?? '').slice(0, 80);
        throw new APICallError({
          provider: context.name,
          statusCode: 404,
          isRetryable: false,
          message: `replay provider "${context.name}": ${file} has no recorded answer for reply ${key.step + 1} of the conversation that starts "${first}". The run took a path the recording did not; record the cassette again (provider option record:).`,
        });
      }
      if (options.latencyMs > 0) await sleep(options.latencyMs, undefined, { signal: request.signal });
      return entry.response;
    },
  };
};

export default createReplayModel;
