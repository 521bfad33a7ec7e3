import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { configJsonSchema } from './config-json-schema.js';
import { loadConfigObject } from './load-config.js';

const providers = {
  qwen: { type: 'openai', model: 'qwen-coder' },
  claude: { type: 'anthropic', model: 'claude-sonnet' },
};
const agents = { coder: { provider: 'qwen' }, evaluator: { provider: 'qwen' } };
const base = { providers, tasks: [{ dir: 'a', prompt: 'p' }] };
const both = (provider: string) => ({ coder: { provider }, evaluator: { provider } });

/** Configs that differ in how they give their agents, and whether the loader takes each. */
const examples: { name: string; config: Record<string, unknown>; valid: boolean }[] = [
  { name: 'agents without a matrix', config: { ...base, agents }, valid: true },
  {
    name: 'agents and a matrix over them',
    config: { ...base, agents, matrix: [{ name: 'a' }, { name: 'b', agents: both('claude') }] },
    valid: true,
  },
  {
    name: "a matrix whose first variant names both agents' providers, no agents",
    config: {
      ...base,
      matrix: [
        { name: 'a', agents: both('qwen') },
        { name: 'b', agents: both('claude') },
      ],
    },
    valid: true,
  },
  {
    name: 'a one-variant matrix that names everything, no agents',
    config: { ...base, matrix: [{ name: 'only', agents: both('claude') }] },
    valid: true,
  },
  { name: 'neither agents nor a matrix', config: base, valid: false },
  {
    name: "a matrix whose first variant names only the coder's provider, no agents",
    config: {
      ...base,
      matrix: [
        { name: 'a', agents: { coder: { provider: 'qwen' } } },
        { name: 'b', agents: both('claude') },
      ],
    },
    valid: false,
  },
  {
    name: 'a matrix where only a later variant names both providers, no agents',
    config: { ...base, matrix: [{ name: 'a' }, { name: 'b', agents: both('claude') }] },
    valid: false,
  },
  { name: 'an empty matrix, no agents', config: { ...base, matrix: [] }, valid: false },
  {
    name: 'a matrix without agents whose first variant gives a model but no provider',
    config: { ...base, matrix: [{ name: 'a', agents: { coder: { model: 'x' }, evaluator: { provider: 'qwen' } } }] },
    valid: false,
  },
];

describe('configJsonSchema', () => {
  const validate = new Ajv2020({ allowUnionTypes: true, strictTuples: false }).compile(configJsonSchema());

  it('requires agents only where the loader does: a matrix may give them in its first variant', async () => {
    const dir = await makeTempDir();
    const loads = (config: unknown) => {
      try {
        loadConfigObject(config, dir, {});
        return true;
      } catch {
        return false;
      }
    };
    const verdicts = examples.map(({ name, config }) => ({ name, loader: loads(config), schema: validate(config) }));
    expect(verdicts).toEqual(examples.map(({ name, valid }) => ({ name, loader: valid, schema: valid })));
  });

  it('describes the config keys for editors', () => {
    const schema = configJsonSchema() as { title: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.title).toBe('agentbatch.yaml');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['providers', 'agents', 'run', 'pipeline', 'tasks', 'reporters', 'matrix']),
    );
    expect(schema.required).toEqual(['providers', 'tasks']);
    expect(JSON.stringify(schema)).toContain('first_prompt');
  });
});
