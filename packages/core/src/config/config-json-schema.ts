import { toJSONSchema } from 'zod';
import { agentsOrMatrixBaseJsonSchema } from './matrix-config.js';
import { configSchema } from './schema.js';

/** The JSON Schema of `agentbatch.yaml`, for editors (`agentbatch schema`). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    // A matrix config may leave `agents` out: see `agentsOrMatrixBaseJsonSchema`.
    required: (schema.required ?? []).filter((key) => key !== 'agents'),
    ...agentsOrMatrixBaseJsonSchema,
    title: 'agentbatch.yaml',
  };
}
