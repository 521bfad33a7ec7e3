import type { AgentbatchConfig, MatrixVariant } from './schema.js';

/** A `matrix:` variant's agents: each of its settings over the same agent's under `agents:`. */
export function variantAgents(agents: AgentbatchConfig['agents'], variant: MatrixVariant): AgentbatchConfig['agents'] {
  return {
    coder: { ...agents.coder, ...variant.agents.coder },
    evaluator: { ...agents.evaluator, ...variant.agents.evaluator },
  };
}
