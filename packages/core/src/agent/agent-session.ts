import type { ChatMessage } from '../model/message.js';
import type { Tool } from '../tools/tool.js';
import type { Workspace } from '../tools/workspace.js';
import { type AgentLoopResult, runAgentLoop } from './agent-loop.js';
import type { AgentEnvironment, AgentSettings } from './agent-role.js';

/**
 * One agent's conversation and the means to continue it: each `send` adds a user message and
 * runs the tool-calling loop on the whole conversation, which it extends.
 */
export class AgentSession {
  constructor(
    private readonly settings: AgentSettings,
    private readonly tools: Tool[],
    private readonly workspace: Workspace,
    private readonly environment: AgentEnvironment,
    readonly conversation: ChatMessage[] = [],
  ) {}

  /** `maxTurns` bounds this send's model calls; the agent's own limit by default. */
  send(content: string, signal: AbortSignal, stopTool?: string, maxTurns?: number): Promise<AgentLoopResult> {
    const message: ChatMessage = { role: 'user', content };
    this.conversation.push(message);
    this.environment.onMessage(message);
    return runAgentLoop({
      ...this.settings,
      callModel: this.environment.callModel,
      conversation: this.conversation,
      tools: this.tools,
      toolContext: { workspace: this.workspace, signal },
      signal,
      ...(stopTool !== undefined && { stopTool }),
      ...(maxTurns !== undefined && { maxTurns }),
      hooks: this.environment,
    });
  }
}
