import type { ChatMessage } from '../model/message.js';
import type { CallUsage } from '../model/usage.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../plugin/language-model.js';

/** What the fake model saw in one call: a deep copy, since the agent keeps appending to its conversation. */
export interface RecordedRequest {
  system: string;
  messages: ChatMessage[];
  toolNames: string[];
  maxOutputTokens: number | undefined;
  temperature: number | undefined;
}

/** One scripted answer: a response, an error to throw, or a function computing either. */
export type ScriptStep = ModelResponse | Error | ((request: ModelRequest, call: number) => Promise<ModelResponse>);

export interface FakeModelOptions {
  modelId?: string;
  /** Answers once the script is used up; by default the model throws. */
  fallback?: ScriptStep;
}

/**
 * A `LanguageModel` that answers from a script, in order, and records every request it got.
 * `inFlight` and `maxInFlight` count calls running at once.
 */
export class FakeModel implements LanguageModel {
  readonly specificationVersion = 'v1';
  readonly provider = 'fake';
  readonly modelId: string;
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly script: ScriptStep[];
  private readonly fallback: ScriptStep | undefined;

  constructor(script: ScriptStep[] = [], options: FakeModelOptions = {}) {
    this.script = [...script];
    this.modelId = options.modelId ?? 'fake-model';
    this.fallback = options.fallback;
  }

  get calls(): number {
    return this.requests.length;
  }

  /** Adds answers to the end of the script. */
  push(...steps: ScriptStep[]): this {
    this.script.push(...steps);
    return this;
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push({
      system: request.system,
      messages: structuredClone(request.messages),
      toolNames: request.tools.map((tool) => tool.name),
      maxOutputTokens: request.maxOutputTokens,
      temperature: request.temperature,
    });
    const call = this.requests.length;
    const step = this.script.shift() ?? this.fallback;
    if (step === undefined) throw new Error(`fake model: no scripted answer for call ${call}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (step instanceof Error) throw step;
      if (typeof step === 'function') return await step(request, call);
      return structuredClone(step);
    } finally {
      this.inFlight--;
    }
  }
}

const defaultUsage: CallUsage = { inputTokens: 10, outputTokens: 5 };

/** A reply without tool calls. */
export function textReply(text: string, usage: CallUsage = defaultUsage): ModelResponse {
  return { text, toolCalls: [], usage, finishReason: 'stop' };
}

export interface ScriptedCall {
  name: string;
  args?: Record<string, unknown>;
  /** Sent as is instead of `args` (for malformed JSON). */
  argumentsText?: string;
  id?: string;
}

let nextCallId = 1;

/** A reply that calls tools; ids are unique unless given. */
export function toolReply(calls: ScriptedCall[], text = '', usage: CallUsage = defaultUsage): ModelResponse {
  return {
    text,
    toolCalls: calls.map((call) => ({
      id: call.id ?? `call_${nextCallId++}`,
      name: call.name,
      argumentsText: call.argumentsText ?? JSON.stringify(call.args ?? {}),
    })),
    usage,
    finishReason: 'tool-calls',
  };
}

/** The evaluator's `submit_verdict` call. */
export function verdictReply(
  status: 'completed' | 'continue' | 'failed',
  summary: string,
  nextPrompt?: string,
  usage: CallUsage = defaultUsage,
): ModelResponse {
  return toolReply(
    [
      {
        name: 'submit_verdict',
        args: { status, summary, ...(nextPrompt !== undefined && { next_prompt: nextPrompt }) },
      },
    ],
    '',
    usage,
  );
}

/** A step that waits `ms`, or rejects with the abort reason when the request is aborted first. */
export function delayed(ms: number, response: ModelResponse): ScriptStep {
  return (request) =>
    new Promise<ModelResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        request.signal.removeEventListener('abort', onAbort);
        resolve(structuredClone(response));
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(request.signal.reason);
      };
      if (request.signal.aborted) onAbort();
      else request.signal.addEventListener('abort', onAbort, { once: true });
    });
}

/** Never resolves; rejects with the abort reason once `signal` aborts, as providers must. */
export function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A step that never answers until the request is aborted. */
export const hangUntilAborted: ScriptStep = (request) => waitForAbort(request.signal);

/** Every tool call in `messages` followed by its result, before the next non-tool message. */
export function unansweredToolCalls(messages: readonly ChatMessage[]): string[] {
  const open: string[] = [];
  const problems: string[] = [];
  for (const message of messages) {
    if (message.role === 'tool') {
      const index = open.indexOf(message.toolCallId);
      if (index === -1) problems.push(`result for unknown call ${message.toolCallId}`);
      else open.splice(index, 1);
      continue;
    }
    if (open.length) problems.push(...open.map((id) => `call ${id} unanswered before a ${message.role} message`));
    open.length = 0;
    if (message.role === 'assistant') open.push(...(message.toolCalls ?? []).map((call) => call.id));
  }
  problems.push(...open.map((id) => `call ${id} unanswered at the end`));
  return problems;
}
