import { describe, expect, it } from 'vitest';
import { parseVerdictText } from './parse-verdict-text.js';

describe('parseVerdictText', () => {
  it('reads the original completion phrase 任务已完成 as completed', () => {
    expect(parseVerdictText('经检查，任务已完成。')).toEqual({ status: 'completed', summary: '经检查，任务已完成。' });
    expect(parseVerdictText('任务已完成').status).toBe('completed');
  });

  it('reads English completion phrases as completed', () => {
    for (const text of ['The task is complete.', 'Task completed', 'The task is fully done!']) {
      expect(parseVerdictText(text).status, text).toBe('completed');
    }
  });

  it('reads 任务无法完成 and "task is impossible" as failed', () => {
    expect(parseVerdictText('任务无法完成：缺少依赖').status).toBe('failed');
    expect(parseVerdictText('This task is impossible without network access.').status).toBe('failed');
    expect(parseVerdictText('The task cannot be completed.').status).toBe('failed');
  });

  it('reads anything else as continue, with the text as the next instruction', () => {
    const text = '  The tests fail: fix the import in main.py.  ';
    expect(parseVerdictText(text)).toEqual({
      status: 'continue',
      summary: expect.stringContaining('plain text'),
      nextPrompt: 'The tests fail: fix the import in main.py.',
    });
  });

  it('does not read "not complete" or "任务未完成" as completed', () => {
    expect(parseVerdictText('The task is not complete yet; add tests.').status).toBe('continue');
    expect(parseVerdictText('任务未完成，请补充测试。').status).toBe('continue');
  });

  it('gives a usable next instruction for empty text', () => {
    const verdict = parseVerdictText('   ');
    expect(verdict.status).toBe('continue');
    expect(verdict.nextPrompt).toBeTruthy();
  });

  it('reads a JSON verdict in a code fence', () => {
    const text =
      'My verdict:\n```json\n{ "status": "continue", "summary": "no tests", "next_prompt": "Add tests." }\n```';
    expect(parseVerdictText(text)).toEqual({ status: 'continue', summary: 'no tests', nextPrompt: 'Add tests.' });
  });

  it('reads a bare JSON object, and nextPrompt spelt in camelCase', () => {
    expect(parseVerdictText('Result: {"status":"failed","summary":"needs a GPU"} (sorry)')).toEqual({
      status: 'failed',
      summary: 'needs a GPU',
    });
    expect(parseVerdictText('{"status":"continue","summary":"s","nextPrompt":"Do X."}').nextPrompt).toBe('Do X.');
  });

  it('ignores a JSON status that is not a verdict, and drops next_prompt from a final verdict', () => {
    expect(parseVerdictText('{"status":"ok","summary":"?"}').status).toBe('continue');
    expect(parseVerdictText('{"status":"completed","summary":"s","next_prompt":"x"}')).toEqual({
      status: 'completed',
      summary: 's',
    });
  });

  it('never throws on odd text', () => {
    for (const text of ['{', '}', '{"status": ', '```', '```json\n{]\n```', 'null', '{}']) {
      expect(() => parseVerdictText(text), text).not.toThrow();
    }
  });

  it('does not read "before the task is complete, add tests" as completed', () => {
    expect(parseVerdictText('Before the task is complete, you need to add unit tests for parse().').status).toBe(
      'continue',
    );
  });
});
