import type { ChatMessage } from '../model/message.js';
import type { Verdict } from '../plugin/run-results.js';
import type { Tool } from '../tools/tool.js';
import type { Workspace } from '../tools/workspace.js';
import type { AgentEnvironment, AgentSettings } from './agent-role.js';
import { AgentSession } from './agent-session.js';
import { parseVerdictText } from './parse-verdict-text.js';
import { type EvaluationInput, evaluationMessage, verdictReminder } from './prompts.js';
import { createSubmitVerdictTool } from './submit-verdict-tool.js';

/**
 * The evaluator inspects the workspace read-only and ends with `submit_verdict`. Its conversation
 * is kept across iterations, so it knows what it asked for before.
 */
export class EvaluatorAgent {
  private readonly session: AgentSession;
  private verdict: Verdict | undefined;
  private readonly maxTurns: number;

  constructor(
    settings: AgentSettings,
    readOnlyTools: Tool[],
    workspace: Workspace,
    environment: AgentEnvironment,
    conversation: ChatMessage[] = [],
  ) {
    this.maxTurns = settings.maxTurns;
    const submitVerdict = createSubmitVerdictTool((verdict) => {
      this.verdict = verdict;
    });
    this.session = new AgentSession(settings, [...readOnlyTools, submitVerdict], workspace, environment, conversation);
  }

  get conversation(): ChatMessage[] {
    return this.session.conversation;
  }

  async evaluate(input: EvaluationInput, signal: AbortSignal): Promise<Verdict> {
    this.verdict = undefined;
    const first = await this.session.send(evaluationMessage(input), signal, 'submit_verdict');
    let { text } = first;
    // One reminder is cheaper than a wrong guess; after that, read its text. The reminder gets the
    // turns left plus one, so an evaluator that never calls submit_verdict makes maxTurns + 1 calls.
    if (!this.verdict) {
      const turnsLeft = this.maxTurns - first.turns + 1;
      ({ text } = await this.session.send(verdictReminder, signal, 'submit_verdict', turnsLeft));
    }
    return this.verdict ?? parseVerdictText(text);
  }
}
