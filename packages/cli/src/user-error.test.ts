import { ConfigError } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { reportFailure } from './user-error.js';

function capture() {
  let text = '';
  return {
    stream: {
      write(chunk: string) {
        text += chunk;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
}

describe('reportFailure', () => {
  it('prints a config error as one line with its location, no stack, and exit status 2', () => {
    const output = capture();
    const status = reportFailure(
      new ConfigError('unknown key "x"', { file: '/a/agentbatch.yaml', line: 3, column: 1, yamlPath: 'run' }),
      output.stream,
    );
    expect(status).toBe(2);
    expect(output.text()).toBe('agentbatch: /a/agentbatch.yaml:3:1 (at run): unknown key "x"\n');
  });

  it('prints anything else with its stack, as a bug to report, and exit status 1', () => {
    const output = capture();
    expect(reportFailure(new TypeError('boom'), output.stream)).toBe(1);
    expect(output.text()).toContain('unexpected error: TypeError: boom');
    expect(output.text()).toMatch(/\n\s+at /);
  });
});
