import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../src/view-data.js';
import { buildTurns, verifyReports } from './transcript-model.js';

const time = '2026-12-01T10:00:00.000Z';
const entries: TranscriptEntry[] = [
  { type: 'message', time, iteration: 1, role: 'coder', message: { role: 'user', content: 'fix it' } },
  {
    type: 'usage',
    time,
    iteration: 1,
    role: 'coder',
    usage: { calls: 1, inputTokens: 10, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0, totalTokens: 12 },
  },
  {
    type: 'message',
    time,
    iteration: 1,
    role: 'coder',
    message: {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'c1', name: 'read_file', argumentsText: '{"path":"a.js"}' },
        { id: 'c2', name: 'run_shell', argumentsText: '{not json' },
      ],
    },
  },
  {
    type: 'message',
    time,
    iteration: 1,
    role: 'coder',
    message: { role: 'tool', toolCallId: 'c1', toolName: 'read_file', content: '1: x' },
  },
  {
    type: 'message',
    time,
    iteration: 1,
    role: 'coder',
    message: { role: 'tool', toolCallId: 'c2', toolName: 'run_shell', content: 'bad arguments', isError: true },
  },
  {
    type: 'message',
    time,
    iteration: 1,
    role: 'evaluator',
    message: {
      role: 'user',
      content:
        '# The task\n\nfix it\n\n# verify: npm test (exit code 1)\n\n```\n1 failing\n```\n\nInspect the project folder, then call submit_verdict.',
    },
  },
];

describe('buildTurns', () => {
  it('puts each tool call next to its result and the model call usage on the message it produced', () => {
    const turns = buildTurns(entries);
    expect(turns.map((turn) => (turn.kind === 'message' ? `${turn.role}:${turn.message.role}` : turn.kind))).toEqual([
      'coder:user',
      'coder:assistant',
      'evaluator:user',
    ]);
    const assistant = turns[1];
    if (assistant?.kind !== 'message') throw new Error('expected a message');
    expect(assistant.usage?.totalTokens).toBe(12);
    expect(assistant.toolCalls.map((call) => [call.name, call.argumentsText, call.result?.content])).toEqual([
      ['read_file', '{\n  "path": "a.js"\n}', '1: x'],
      ['run_shell', '{not json', 'bad arguments'],
    ]);
  });
});

describe('verifyReports', () => {
  it('finds the verify output handed to the evaluator, with its command and exit code', () => {
    expect(verifyReports(entries)).toEqual([{ iteration: 1, command: 'npm test', exitCode: 1, output: '1 failing' }]);
  });
});
