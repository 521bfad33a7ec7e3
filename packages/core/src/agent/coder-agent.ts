import type { ChatMessage } from '../model/message.js';
import type { CoderTurn } from '../plugin/stage.js';
import type { Tool } from '../tools/tool.js';
import type { Workspace } from '../tools/workspace.js';
import type { AgentEnvironment, AgentSettings } from './agent-role.js';
import { AgentSession } from './agent-session.js';

/**
 * The coder keeps one conversation for the whole task, tool calls and results included, so each
 * new instruction lands on everything it has already seen and done.
 */
export class CoderAgent {
  private readonly session: AgentSession;

  constructor(
    settings: AgentSettings,
    tools: Tool[],
    workspace: Workspace,
    environment: AgentEnvironment,
    conversation: ChatMessage[] = [],
  ) {
    this.session = new AgentSession(settings, tools, workspace, environment, conversation);
  }

  get conversation(): ChatMessage[] {
    return this.session.conversation;
  }

  async runTurn(instruction: string, signal: AbortSignal): Promise<CoderTurn> {
    const result = await this.session.send(instruction, signal);
    const note =
      result.stopReason === 'max-turns'
        ? `\n(The coder stopped after ${result.turns} model calls, its turn limit.)`
        : '';
    return { reply: result.text + note, toolCalls: result.toolSummaries };
  }
}
