import type { ChatMessage, ToolCall } from '../model/message.js';
import type { ToolOutput } from '../tools/tool.js';
import type { ModelCaller } from './agent-loop.js';

/** What an agent needs from the run around it, whichever its role. */
export interface AgentEnvironment {
  callModel: ModelCaller;
  onMessage(message: ChatMessage): void;
  onToolCall(call: ToolCall, output: ToolOutput, durationMs: number): void;
}

export interface AgentSettings {
  system: string;
  maxTurns: number;
  maxOutputTokens?: number;
  temperature?: number;
  /** Elide old tool results from requests that would be larger than this (estimated tokens). */
  maxContextTokens?: number;
}
