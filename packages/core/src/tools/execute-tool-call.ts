import type { z } from 'zod';
import type { Tool, ToolContext, ToolOutput } from './tool.js';

export interface ToolCallRequest {
  name: string;
  /** The arguments as the model sent them: JSON object text, possibly malformed or empty. */
  argumentsText: string;
}

/**
 * Run one tool call from the model. Every mistake the model can make (unknown tool, bad JSON, wrong
 * arguments) and every failure of the tool comes back as an error result, so the model can correct
 * itself. Only cancellation propagates: once the signal is aborted, the error is rethrown.
 * The run's secrets are masked in what comes back: a key a command printed or a file held
 * (`cat .env`) never reaches the model.
 */
export async function executeToolCall(tools: Tool[], call: ToolCallRequest, context: ToolContext): Promise<ToolOutput> {
  const output = await runToolCall(tools, call, context);
  const { workspace } = context;
  return { ...output, content: workspace.mask(output.content), summary: workspace.mask(output.summary) };
}

async function runToolCall(tools: Tool[], call: ToolCallRequest, context: ToolContext): Promise<ToolOutput> {
  context.signal.throwIfAborted();
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (tool === undefined) {
    const available = tools.map((candidate) => candidate.name).join(', ') || '(none)';
    return {
      isError: true,
      content: `Unknown tool ${JSON.stringify(call.name)}. Available tools: ${available}.`,
      summary: `${call.name} (unknown tool)`,
    };
  }

  const parsed = parseArgumentsText(call.argumentsText);
  if (!parsed.ok) {
    return {
      isError: true,
      content: `The arguments for ${tool.name} are not valid JSON (${parsed.reason}). Send a JSON object.`,
      summary: `${tool.name} (invalid arguments)`,
    };
  }
  const validated = tool.parameters.safeParse(parsed.value);
  if (!validated.success) {
    return {
      isError: true,
      content: `Invalid arguments for ${tool.name}:\n${formatIssues(validated.error.issues)}`,
      summary: `${tool.name} (invalid arguments)`,
    };
  }

  try {
    return await tool.execute(validated.data, context);
  } catch (error) {
    if (context.signal.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return { isError: true, content: `${tool.name} failed: ${reason}`, summary: `${tool.name} (failed)` };
  }
}

type ParsedArguments = { ok: true; value: unknown } | { ok: false; reason: string };

function parseArgumentsText(text: string): ParsedArguments {
  // Models send '' (and some send 'null') for a call without arguments.
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value: value === null ? {} : value };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const field = issue.path.length === 0 ? '(arguments)' : issue.path.map(String).join('.');
      return `- ${field}: ${issue.message}`;
    })
    .join('\n');
}
