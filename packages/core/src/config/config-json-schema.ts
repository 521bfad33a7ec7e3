import { toJSONSchema } from 'zod';
import { configSchema } from './schema.js';

/** The JSON Schema of `agentbatch.yaml`, for editors (`agentbatch schema`). */
export function configJsonSchema(): Record<string, unknown> {
  return { ...toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }), title: 'agentbatch.yaml' };
}
