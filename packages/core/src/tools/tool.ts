import { toJSONSchema, type z } from 'zod';
import type { ToolSpec } from '../model/message.js';
import type { Workspace } from './workspace.js';

export interface ToolContext {
  workspace: Workspace;
  signal: AbortSignal;
}

export interface ToolOutput {
  /** What the model sees as the tool result. */
  content: string;
  /** True when the call failed (bad path, missing file, refused); the model sees the content as an error. */
  isError?: boolean;
  /** One short line for people and for the evaluator's summary of the coder's work, e.g. `write_file src/a.ts (120 lines)`. */
  summary: string;
}

/**
 * A tool an agent can call. `parameters` is the zod schema of its arguments; the JSON Schema sent
 * to the model is derived from it, and arguments are validated with it before `execute` runs.
 */
export interface Tool<Parameters extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: Parameters;
  /** Read-only tools are the ones an evaluator may use. */
  readOnly: boolean;
  execute(args: z.infer<Parameters>, context: ToolContext): Promise<ToolOutput>;
}

/**
 * A tool's JSON Schema is derived once, not on every model call: by the parameters' schema, since
 * tools made per agent (the evaluator's `submit_verdict`) share their module's schema.
 */
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();
const specs = new WeakMap<Tool, ToolSpec>();

export function toolSpec(tool: Tool): ToolSpec {
  let spec = specs.get(tool);
  if (!spec) {
    let parameters = jsonSchemas.get(tool.parameters);
    if (!parameters) {
      parameters = toJsonSchema(tool.parameters);
      jsonSchemas.set(tool.parameters, parameters);
    }
    spec = { name: tool.name, description: tool.description, parameters };
    specs.set(tool, spec);
  }
  return spec;
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}
