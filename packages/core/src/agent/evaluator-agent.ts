import type { ChatMessage } from '../model/message.js';
import type { Verdict } from '../plugin/run-results.js';
import type { Tool } from '../tools/tool.js';
import type { Workspace } from '../tools/workspace.js';
import { runAgentLoop } from './agent-loop.js';
import type { AgentEnvironment, AgentSettings } from './agent-role.js';
import { parseVerdictText } from './parse-verdict-text.js';
import { type EvaluationInput, evaluationMessage, verdictReminder } from './prompts.js';
import { createSubmitVerdictTool } from './submit-verdict-tool.js';

/**
 * The evaluator inspects the workspace read-only and ends with `submit_verdict`. Its conversation
 * is kept across iterations, so it knows what it asked for before.
 */
export class EvaluatorAgent {
  readonly conversation: ChatMessage[];
  private verdict: Verdict | undefined;
  private readonly tools: Tool[];

  constructor(
    private readonly settings: AgentSettings,
    readOnlyTools: Tool[],
    private readonly workspace: Workspace,
    private readonly environment: AgentEnvironment,
    conversation: ChatMessage[] = [],
  ) {
    this.conversation = conversation;
    this.tools = [
      ...readOnlyTools,
      createSubmitVerdictTool((verdict) => {
        this.verdict = verdict;
      }),
    ];
  }

  async evaluate(input: EvaluationInput, signal: AbortSignal): Promise<Verdict> {
    this.verdict = undefined;
    let text = await this.turn(evaluationMessage(input), signal);
    // One reminder is cheaper than a wrong guess; after that, read its text.
    if (!this.verdict) text = await this.turn(verdictReminder, signal);
    return this.verdict ?? parseVerdictText(text);
  }

  private async turn(content: string, signal: AbortSignal): Promise<string> {
    const message: ChatMessage = { role: 'user', content };
    this.conversation.push(message);
    this.environment.onMessage(message);
    const result = await runAgentLoop({
      ...this.settings,
      callModel: this.environment.callModel,
      conversation: this.conversation,
      tools: this.tools,
      toolContext: { workspace: this.workspace, signal },
      signal,
      stopTool: 'submit_verdict',
      hooks: this.environment,
    });
    return result.text;
  }
}
