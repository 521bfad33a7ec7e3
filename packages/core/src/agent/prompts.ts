import type { StageReport } from '../plugin/stage.js';

export const coderSystemPrompt = `You are a careful software engineer working on one task in a project folder.
Use the tools to read, create and edit files and to run commands; every path is relative to the project folder, and you cannot leave it.
Look before you change: read the relevant files first. Make the change completely, then check it (run the code or its tests when there are any).
When you are done, reply with a short summary of what you changed and how you checked it.
If something essential is unclear, make the most reasonable choice and say which; ask a question in your reply only if you cannot proceed, and a reviewer will answer it for the user.`;

export const evaluatorSystemPrompt = `You review the work of a coding agent ("the coder") on behalf of the user who gave it a task.
Do not trust the coder's report: inspect the project folder with your read-only tools and check what was really done against the task.
Then call submit_verdict exactly once:
- completed: the task is fully and correctly done.
- continue: it is not done yet. In next_prompt, tell the coder precisely what is missing or wrong. If the coder asked a question, answer it in next_prompt as the user would, with a concrete decision; never ask the coder back.
- failed: the task cannot be done (say why in summary).
Be strict about what the task asks for and lenient about style.`;

export interface EvaluationInput {
  taskPrompt: string;
  iteration: number;
  coderReply: string | undefined;
  coderToolCalls: readonly string[];
  reports: readonly StageReport[];
}

/** The heading that follows the task in the evaluator's first message; what comes after it differs from run to run. */
export const coderToolCallsHeading = "# The coder's tool calls in this iteration";

/** The evaluator's message for one iteration. The task is quoted verbatim in the first one only: the evaluator keeps its conversation. */
export function evaluationMessage(input: EvaluationInput): string {
  const parts: string[] = [];
  if (input.iteration === 1) {
    parts.push(`# The task given to the coder\n\n${input.taskPrompt}`);
  } else {
    parts.push(`# Iteration ${input.iteration}\n\nThe coder worked on the task again after your last instruction.`);
  }
  const calls = input.coderToolCalls.length
    ? input.coderToolCalls.map((line) => `- ${line}`).join('\n')
    : '(none: the coder made no tool calls)';
  parts.push(`${coderToolCallsHeading}\n\n${calls}`);
  parts.push(`# The coder's reply\n\n${input.coderReply?.trim() || '(no reply text)'}`);
  for (const report of input.reports) {
    const exit = report.exitCode === undefined ? '' : ` (exit code ${report.exitCode})`;
    parts.push(`# ${report.stage}: ${report.title}${exit}\n\n\`\`\`\n${report.content}\n\`\`\``);
  }
  parts.push('Inspect the project folder, then call submit_verdict.');
  return parts.join('\n\n');
}

export const verdictReminder =
  'You did not call submit_verdict. Call it now with status completed, continue (with next_prompt) or failed.';

/** The coder's next message when the evaluator said continue without a usable next prompt. */
export function continuePrompt(summary: string): string {
  return `A reviewer checked your work and says the task is not done yet: ${summary}\nContinue and finish the task.`;
}
