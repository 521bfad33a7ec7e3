import type { ChatMessage, ToolCall } from '../model/message.js';
import type { ModelRequest, ModelResponse } from '../plugin/language-model.js';
import { executeToolCall } from '../tools/execute-tool-call.js';
import { type Tool, type ToolContext, type ToolOutput, toolSpec } from '../tools/tool.js';
import { fitContext } from './fit-context.js';

/** Calls the model once; retries, rate limits and usage accounting happen behind it. */
export type ModelCaller = (request: ModelRequest) => Promise<ModelResponse>;

export interface AgentLoopHooks {
  /** A message was added to the conversation (for the transcript). */
  onMessage?(message: ChatMessage): void;
  onToolCall?(call: ToolCall, output: ToolOutput, durationMs: number): void;
}

export interface AgentLoopOptions {
  callModel: ModelCaller;
  system: string;
  /** The agent's conversation; the loop appends to it, so it lives on across turns and iterations. */
  conversation: ChatMessage[];
  tools: Tool[];
  toolContext: ToolContext;
  maxTurns: number;
  signal: AbortSignal;
  maxOutputTokens?: number;
  temperature?: number;
  /** See `fitContext`. */
  maxContextTokens?: number;
  /** Ends the loop after this tool's call has been answered (the evaluator's `submit_verdict`). */
  stopTool?: string;
  hooks?: AgentLoopHooks;
}

export type AgentStopReason = 'answered' | 'stop-tool' | 'max-turns';

export interface AgentLoopResult {
  /** The model's last text. */
  text: string;
  stopReason: AgentStopReason;
  /** Model calls made. */
  turns: number;
  /** `summary` of every tool call made, in order. */
  toolSummaries: string[];
}

/**
 * The tool-calling loop: call the model, run the tools it asks for, hand back their results, and
 * repeat until it answers without tools, calls `stopTool`, or reaches `maxTurns`. Every tool call
 * is answered before the loop returns, so the conversation stays valid for the next message.
 */
export async function runAgentLoop(options: AgentLoopOptions): Promise<AgentLoopResult> {
  const { conversation, hooks } = options;
  const specs = options.tools.map(toolSpec);
  const toolSummaries: string[] = [];
  const append = (message: ChatMessage) => {
    conversation.push(message);
    hooks?.onMessage?.(message);
  };
  let text = '';
  for (let turn = 1; turn <= options.maxTurns; turn++) {
    options.signal.throwIfAborted();
    const response = await options.callModel({
      system: options.system,
      messages: fitContext(conversation, options.maxContextTokens),
      tools: specs,
      signal: options.signal,
      ...(options.maxOutputTokens !== undefined && { maxOutputTokens: options.maxOutputTokens }),
      ...(options.temperature !== undefined && { temperature: options.temperature }),
    });
    text = response.text;
    append({
      role: 'assistant',
      content: response.text,
      ...(response.toolCalls.length > 0 && { toolCalls: response.toolCalls }),
      ...(response.reasoning && { reasoning: response.reasoning }),
      ...(response.providerData && { providerData: response.providerData }),
    });
    if (response.toolCalls.length === 0) return { text, stopReason: 'answered', turns: turn, toolSummaries };

    let stopped = false;
    // In order, one at a time: calls in one reply often depend on each other (write, then run).
    for (const call of response.toolCalls) {
      const started = Date.now();
      const output = await executeToolCall(options.tools, call, { ...options.toolContext, signal: options.signal });
      hooks?.onToolCall?.(call, output, Date.now() - started);
      toolSummaries.push(output.summary);
      append({
        role: 'tool',
        toolCallId: call.id,
        toolName: call.name,
        content: output.content,
        ...(output.isError && { isError: true }),
      });
      if (call.name === options.stopTool && !output.isError) stopped = true;
    }
    if (stopped) return { text, stopReason: 'stop-tool', turns: turn, toolSummaries };
  }
  return { text, stopReason: 'max-turns', turns: options.maxTurns, toolSummaries };
}
