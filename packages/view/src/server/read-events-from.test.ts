import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventsFrom } from './read-events-from.js';

describe('readEventsFrom', () => {
  it('reads whole lines past an offset and leaves a line being written for later', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentbatch-events-')), 'events.jsonl');
    writeFileSync(file, '{"type":"run-start"}\n{"type":"task-st');
    const first = readEventsFrom(file, 0);
    expect(first.events.map((event) => event.type)).toEqual(['run-start']);
    appendFileSync(file, 'art"}\n');
    const second = readEventsFrom(file, first.offset);
    expect(second.events.map((event) => event.type)).toEqual(['task-start']);
    expect(readEventsFrom(file, second.offset)).toEqual({ events: [], offset: second.offset });
  });

  it('leaves out the events the pages do not draw', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentbatch-events-')), 'events.jsonl');
    writeFileSync(file, '{"type":"tool-call-end"}\n{"type":"stage-end"}\n{"type":"verdict"}\n');
    expect(readEventsFrom(file, 0).events.map((event) => event.type)).toEqual(['verdict']);
  });

  it('reads nothing from a log that does not exist yet', () => {
    expect(readEventsFrom('/nonexistent/events.jsonl', 0)).toEqual({ events: [], offset: 0 });
  });
});
