import type { ChatMessage } from '../model/message.js';
import type { CoderTurn } from '../plugin/stage.js';
import type { Tool } from '../tools/tool.js';
import type { Workspace } from '../tools/workspace.js';
import { runAgentLoop } from './agent-loop.js';
import type { AgentEnvironment, AgentSettings } from './agent-role.js';

/**
 * The coder keeps one conversation for the whole task, tool calls and results included, so each
 * new instruction lands on everything it has already seen and done.
 */
export class CoderAgent {
  readonly conversation: ChatMessage[];

  constructor(
    private readonly settings: AgentSettings,
    private readonly tools: Tool[],
    private readonly workspace: Workspace,
    private readonly environment: AgentEnvironment,
    conversation: ChatMessage[] = [],
  ) {
    this.conversation = conversation;
  }

  async runTurn(instruction: string, signal: AbortSignal): Promise<CoderTurn> {
    const message: ChatMessage = { role: 'user', content: instruction };
    this.conversation.push(message);
    this.environment.onMessage(message);
    const result = await runAgentLoop({
      ...this.settings,
      callModel: this.environment.callModel,
      conversation: this.conversation,
      tools: this.tools,
      toolContext: { workspace: this.workspace, signal },
      signal,
      hooks: this.environment,
    });
    const note =
      result.stopReason === 'max-turns'
        ? `\n(The coder stopped after ${result.turns} model calls, its turn limit.)`
        : '';
    return { reply: result.text + note, toolCalls: result.toolSummaries };
  }
}
