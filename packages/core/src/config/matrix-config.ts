import type { AgentbatchConfig, MatrixVariant } from './schema.js';

/** A `matrix:` variant's agents: each of its settings over the same agent's under `agents:`. */
export function variantAgents(agents: AgentbatchConfig['agents'], variant: MatrixVariant): AgentbatchConfig['agents'] {
  return {
    coder: { ...agents.coder, ...variant.agents.coder },
    evaluator: { ...agents.evaluator, ...variant.agents.evaluator },
  };
}

/**
 * Variants of one task must never work in one folder at once: a matrix config with
 * `run.workspace: inplace` gives every task a copy of its own, as `copy` does.
 */
export function withMatrixWorkspace(config: AgentbatchConfig): AgentbatchConfig {
  if (!config.matrix || config.run.workspace !== 'inplace') return config;
  return { ...config, run: { ...config.run, workspace: 'copy' } };
}

/**
 * A config with `matrix:` and no `agents:` (every variant naming its own providers, as in the
 * design's example) takes its first variant's agents as the ones the others are set over.
 * Without both of that variant's providers it is left as it is, to be told `agents` is missing.
 */
export function withMatrixBaseAgents(input: unknown): unknown {
  if (!isRecord(input) || 'agents' in input || !Array.isArray(input.matrix)) return input;
  const first: unknown = input.matrix[0];
  if (!isRecord(first) || !isRecord(first.agents)) return input;
  const { coder, evaluator } = first.agents;
  if (!isRecord(coder) || !isRecord(evaluator) || coder.provider === undefined || evaluator.provider === undefined)
    return input;
  return { ...input, agents: { coder, evaluator } };
}

/**
 * The rule of `withMatrixBaseAgents` as JSON Schema, for editors (`agentbatch schema`): `agents` is
 * required unless `matrix:` is given and its first variant names both agents' providers. (The zod
 * schema checks the config after that step, where `agents` is always there.)
 */
export const agentsOrMatrixBaseJsonSchema = {
  anyOf: [
    { required: ['agents'] },
    {
      required: ['matrix'],
      properties: {
        matrix: {
          type: 'array',
          prefixItems: [
            {
              type: 'object',
              required: ['agents'],
              properties: {
                agents: {
                  type: 'object',
                  required: ['coder', 'evaluator'],
                  properties: {
                    coder: { type: 'object', required: ['provider'] },
                    evaluator: { type: 'object', required: ['provider'] },
                  },
                },
              },
            },
          ],
        },
      },
    },
  ],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
