import { describe, expect, it } from 'vitest';
import { displayUrl, parseQueueUrl } from './queue-url.js';

describe('parseQueueUrl', () => {
  it('takes redis:// and rediss:// addresses, with a database and credentials', () => {
    for (const url of ['redis://127.0.0.1:6379', 'redis://queue.internal:6380/2', 'rediss://user:secret@host:6379/0']) {
      expect(parseQueueUrl(url, '--queue')).toBe(url);
    }
  });

  it('says what is wrong and what it takes', () => {
    expect(() => parseQueueUrl('127.0.0.1:6379', '--queue')).toThrow(/--queue takes redis:\/\/HOST:PORT\[\/DB\]/);
    expect(() => parseQueueUrl('http://127.0.0.1:6379', 'run.queue')).toThrow(
      /starts with http:\/\/.*run\.queue takes/,
    );
    expect(() => parseQueueUrl('not a url', '--queue')).toThrow(/is not a queue address/);
    expect(() => parseQueueUrl('redis://host:6379/zero', '--queue')).toThrow(
      /database after the port must be a number/,
    );
  });

  it('hides the password in messages', () => {
    expect(displayUrl('redis://user:secret@host:6379/1')).toBe('redis://user:***@host:6379/1');
  });
});
