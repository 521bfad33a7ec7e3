import type { ChatMessage, Role, ToolResultMessage, Usage } from '@agentbatch/core';
import type { TranscriptEntry } from '../../src/view-data.js';

export interface ToolCallView {
  id: string;
  name: string;
  /** Pretty-printed when the model sent valid JSON, as sent otherwise. */
  argumentsText: string;
  arguments: Record<string, unknown> | undefined;
  result: ToolResultMessage | undefined;
}

export type TurnView =
  | {
      kind: 'message';
      role: Role;
      iteration: number;
      time: string;
      message: Exclude<ChatMessage, ToolResultMessage>;
      toolCalls: ToolCallView[];
      usage: Usage | undefined;
    }
  | { kind: 'orphan-result'; role: Role; iteration: number; time: string; message: ToolResultMessage };

/** A verify stage's report as the evaluator received it (`# verify: <command> (exit code N)`). */
export interface VerifyReport {
  iteration: number;
  command: string;
  exitCode: number | undefined;
  output: string;
}

/**
 * A transcript as a reader follows it: each message with its tool calls, each call next to its
 * result, and the usage of the model call that produced it.
 */
export function buildTurns(entries: readonly TranscriptEntry[]): TurnView[] {
  const turns: TurnView[] = [];
  const pending = new Map<string, ToolCallView>();
  const pendingUsage = new Map<Role, Usage>();
  for (const entry of entries) {
    if (entry.type === 'usage') {
      pendingUsage.set(entry.role, entry.usage);
      continue;
    }
    const { message } = entry;
    if (message.role === 'tool') {
      const call = pending.get(message.toolCallId);
      if (call) {
        call.result = message;
        pending.delete(message.toolCallId);
      } else {
        turns.push({ kind: 'orphan-result', role: entry.role, iteration: entry.iteration, time: entry.time, message });
      }
      continue;
    }
    const toolCalls =
      message.role === 'assistant'
        ? (message.toolCalls ?? []).map((call) => {
            const parsed = parseArguments(call.argumentsText);
            const view: ToolCallView = {
              id: call.id,
              name: call.name,
              argumentsText: parsed ? JSON.stringify(parsed, null, 2) : call.argumentsText,
              arguments: parsed,
              result: undefined,
            };
            pending.set(call.id, view);
            return view;
          })
        : [];
    const usage = message.role === 'assistant' ? pendingUsage.get(entry.role) : undefined;
    if (message.role === 'assistant') pendingUsage.delete(entry.role);
    turns.push({
      kind: 'message',
      role: entry.role,
      iteration: entry.iteration,
      time: entry.time,
      message,
      toolCalls,
      usage,
    });
  }
  return turns;
}

/** Every verify report handed to the evaluator, in order. */
export function verifyReports(entries: readonly TranscriptEntry[]): VerifyReport[] {
  return entries.flatMap((entry) => {
    if (entry.type !== 'message' || entry.role !== 'evaluator' || entry.message.role !== 'user') return [];
    const reports: VerifyReport[] = [];
    const pattern = /^# verify: (.*?)(?: \(exit code (-?\d+)\))?\n\n```\n([\s\S]*?)\n```/gm;
    for (const match of entry.message.content.matchAll(pattern)) {
      reports.push({
        iteration: entry.iteration,
        command: match[1] ?? '',
        exitCode: match[2] === undefined ? undefined : Number(match[2]),
        output: match[3] ?? '',
      });
    }
    return reports;
  });
}

function parseArguments(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
