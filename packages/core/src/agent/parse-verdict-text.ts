import type { Verdict } from '../plugin/run-results.js';

/**
 * The original system judged completion by 任务已完成 anywhere in the text, and models prompted in
 * Chinese still write it. An English completion phrase counts only as a line of its own: inside a
 * sentence ("before the task is complete, add tests") it is part of an instruction to go on.
 */
const completedPhrases = [/任务已完成/, /^\W*(?:the )?task (?:is )?(?:fully )?(?:complete|completed|done)\W*$/im];
const failedPhrases = [/任务无法完成/, /\btask (?:is )?(?:impossible|cannot be (?:done|completed))\b/i];

/**
 * Reads a verdict from an evaluator that answered in plain text instead of calling
 * `submit_verdict`: a JSON object with a `status` if it wrote one, else the phrases above;
 * anything else means "continue", with the text as the coder's next instruction.
 */
export function parseVerdictText(text: string): Verdict {
  const fromJson = verdictFromJson(text);
  if (fromJson) return fromJson;
  const trimmed = text.trim();
  if (failedPhrases.some((phrase) => phrase.test(trimmed))) return { status: 'failed', summary: trimmed };
  if (completedPhrases.some((phrase) => phrase.test(trimmed))) return { status: 'completed', summary: trimmed };
  return {
    status: 'continue',
    summary: 'The evaluator answered in plain text; its text is the next instruction.',
    nextPrompt: trimmed || 'Continue with the task and finish it.',
  };
}

function verdictFromJson(text: string): Verdict | undefined {
  const fenced = [...text.matchAll(/```(?:json)?\s*([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const outermost = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  for (const candidate of [...fenced, outermost]) {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(candidate) as Record<string, unknown>;
    } catch {
      continue;
    }
    const status = value?.status;
    if (status !== 'completed' && status !== 'continue' && status !== 'failed') continue;
    const summary = typeof value.summary === 'string' ? value.summary : '';
    const nextPrompt = value.next_prompt ?? value.nextPrompt;
    return {
      status,
      summary,
      ...(status === 'continue' && typeof nextPrompt === 'string' && nextPrompt && { nextPrompt }),
    };
  }
  return undefined;
}
