/** Provider-neutral conversation messages. Providers translate these to and from their wire formats. */

export interface ToolCall {
  /** The provider's id for this call; tool results refer back to it. */
  id: string;
  name: string;
  /** The arguments as the model sent them (a JSON object text, possibly malformed). */
  argumentsText: string;
}

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content: string;
  toolCalls?: ToolCall[];
  /**
   * Hidden reasoning the model streamed alongside its answer. Some APIs (DeepSeek thinking mode)
   * require it to be sent back on turns that made tool calls, so it is kept in the conversation.
   */
  reasoning?: string;
  /** Opaque provider data that must round-trip with this message (e.g. signed thinking blocks). */
  providerData?: Record<string, unknown>;
}

export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  toolName: string;
  content: string;
  isError?: boolean;
}

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolResultMessage;

/** A JSON Schema object describing a tool's parameters. */
export type JsonSchema = Record<string, unknown>;

export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}
