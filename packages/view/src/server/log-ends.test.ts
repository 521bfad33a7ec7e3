import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logEnds } from './log-ends.js';

describe('logEnds', () => {
  it('reads the starts of the first and the last line, however long the last one is', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentbatch-log-ends-')), 'events.jsonl');
    const long = `{"type":"run-end","results":"${'x'.repeat(200_000)}"}`;
    writeFileSync(file, `{"type":"run-start","total":3}\n{"type":"task-start"}\n${long}\n`);
    const { first, last } = logEnds(file);
    expect(first).toBe('{"type":"run-start","total":3}');
    expect(last.startsWith('{"type":"run-end","results":"xxx')).toBe(true);
  });

  it('handles a log of one line, and no log', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentbatch-log-ends-')), 'events.jsonl');
    writeFileSync(file, '{"type":"run-start"}\n');
    expect(logEnds(file)).toEqual({ first: '{"type":"run-start"}', last: '{"type":"run-start"}' });
    expect(logEnds(join(file, 'missing'))).toEqual({ first: '', last: '' });
  });
});
