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
