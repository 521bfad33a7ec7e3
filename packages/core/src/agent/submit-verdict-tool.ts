import { z } from 'zod';
import type { Verdict } from '../plugin/run-results.js';
import type { Tool } from '../tools/tool.js';

const parameters = z.object({
  status: z
    .enum(['completed', 'continue', 'failed'])
    .describe(
      'completed: the task is fully done; continue: not yet, the coder gets next_prompt; failed: it cannot be done',
    ),
  summary: z.string().describe('What you checked and found, in a few sentences'),
  next_prompt: z
    .string()
    .optional()
    .describe("With continue: the coder's next instruction, answering any question it asked on the user's behalf"),
});

/** The evaluator's way to end its turn; `onVerdict` receives the decision. */
export function createSubmitVerdictTool(onVerdict: (verdict: Verdict) => void): Tool<typeof parameters> {
  return {
    name: 'submit_verdict',
    description: "Record your decision about the coder's work. Call it exactly once, after inspecting the workspace.",
    parameters,
    readOnly: true,
    async execute(args) {
      if (args.status === 'continue' && !args.next_prompt?.trim()) {
        return {
          isError: true,
          content:
            'With status "continue", next_prompt must tell the coder what to do next. Call submit_verdict again.',
          summary: 'submit_verdict refused: continue without next_prompt',
        };
      }
      const verdict: Verdict = { status: args.status, summary: args.summary };
      if (args.status === 'continue' && args.next_prompt) verdict.nextPrompt = args.next_prompt;
      onVerdict(verdict);
      return { content: `Verdict recorded: ${args.status}.`, summary: `submit_verdict ${args.status}` };
    },
  };
}
