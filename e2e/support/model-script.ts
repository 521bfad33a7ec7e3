/** What a scripted model says at one step: text, tool calls, or both. */
export interface ScriptStep {
  text?: string;
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
  /** Say `answer` instead when the request holds `text`: a model that answers what it was shown. */
  ifInputIncludes?: { text: string; answer: ScriptStep };
}

export interface TaskScript {
  coder: ScriptStep[];
  evaluator: ScriptStep[];
}

/** Scripts by a marker that appears in the task's prompt, e.g. `[calc]`. */
export type Scripts = Record<string, TaskScript>;

export type ScriptRole = 'coder' | 'evaluator';

/** The usage the fake server reports for a call: deterministic, and different for every call. */
export interface ServedUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export function usageFor(requestBytes: number, responseText: string): ServedUsage {
  const inputTokens = Math.ceil(requestBytes / 4);
  return {
    inputTokens,
    outputTokens: Math.ceil(responseText.length / 4) + 3,
    cachedInputTokens: Math.floor(inputTokens / 3),
  };
}
