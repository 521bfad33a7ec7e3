import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../model/message.js';
import { FakeModel, textReply, toolReply, unansweredToolCalls, verdictReply } from '../test-support/fake-model.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { evaluatorTools } from '../tools/index.js';
import { createWorkspace } from '../tools/workspace.js';
import type { AgentEnvironment } from './agent-role.js';
import { EvaluatorAgent } from './evaluator-agent.js';
import { type EvaluationInput, evaluatorSystemPrompt, verdictReminder } from './prompts.js';

async function evaluatorWith(model: FakeModel, files: Record<string, string> = {}) {
  const root = await makeTempDir();
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(root, name), content);
  const messages: ChatMessage[] = [];
  const environment: AgentEnvironment = {
    callModel: (request) => model.generate(request),
    onMessage: (message) => messages.push(message),
    onToolCall: () => {},
  };
  const evaluator = new EvaluatorAgent(
    { system: evaluatorSystemPrompt, maxTurns: 5 },
    evaluatorTools({ allowShell: false }),
    await createWorkspace(root),
    environment,
  );
  return { evaluator, messages };
}

const input = (iteration = 1, coderReply = 'I wrote hello.py.'): EvaluationInput => ({
  taskPrompt: 'Write hello.py that prints "Hello, World!"',
  iteration,
  coderReply,
  coderToolCalls: ['write_file hello.py (1 line)'],
  reports: [],
});

const signal = () => new AbortController().signal;

describe('EvaluatorAgent', () => {
  it('returns the verdict given with submit_verdict, after one model call', async () => {
    const model = new FakeModel([verdictReply('completed', 'hello.py prints the greeting')]);
    const { evaluator } = await evaluatorWith(model);
    const verdict = await evaluator.evaluate(input(), signal());
    expect(verdict).toEqual({ status: 'completed', summary: 'hello.py prints the greeting' });
    expect(model.calls).toBe(1);
  });

  it('gets the read-only tools plus submit_verdict, and no tool that writes', async () => {
    const model = new FakeModel([verdictReply('completed', 'ok')]);
    const { evaluator } = await evaluatorWith(model);
    await evaluator.evaluate(input(), signal());
    expect(model.requests[0]?.toolNames).toEqual(['list_directory', 'read_file', 'glob', 'grep', 'submit_verdict']);
    expect(model.requests[0]?.system).toBe(evaluatorSystemPrompt);
  });

  it('sees the task prompt verbatim and the coder reply in its first message', async () => {
    const model = new FakeModel([verdictReply('completed', 'ok')]);
    const { evaluator } = await evaluatorWith(model);
    await evaluator.evaluate(input(), signal());
    const first = model.requests[0]?.messages[0];
    expect(first?.role).toBe('user');
    expect(first?.content).toContain('Write hello.py that prints "Hello, World!"');
    expect(first?.content).toContain('I wrote hello.py.');
    expect(first?.content).toContain('- write_file hello.py (1 line)');
  });

  it('inspects the workspace with its tools before deciding', async () => {
    const model = new FakeModel([
      toolReply([{ id: 'r', name: 'read_file', args: { path: 'hello.py' } }]),
      verdictReply('continue', 'wrong greeting', 'Print "Hello, World!", not "Hi".'),
    ]);
    const { evaluator } = await evaluatorWith(model, { 'hello.py': 'print("Hi")\n' });
    const verdict = await evaluator.evaluate(input(), signal());
    expect(model.requests[1]?.messages[2]).toMatchObject({ role: 'tool', toolCallId: 'r' });
    expect(model.requests[1]?.messages[2]?.content).toContain('print("Hi")');
    expect(verdict).toEqual({
      status: 'continue',
      summary: 'wrong greeting',
      nextPrompt: 'Print "Hello, World!", not "Hi".',
    });
  });

  it('reminds once when the model answers in text, then accepts submit_verdict', async () => {
    const model = new FakeModel([textReply('Looks fine to me.'), verdictReply('completed', 'fine')]);
    const { evaluator } = await evaluatorWith(model);
    const verdict = await evaluator.evaluate(input(), signal());
    expect(verdict).toEqual({ status: 'completed', summary: 'fine' });
    expect(model.calls).toBe(2);
    expect(model.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: verdictReminder });
  });

  it('falls back to parsing text after one reminder: 任务已完成 means completed', async () => {
    const model = new FakeModel([textReply('检查过了。'), textReply('任务已完成')]);
    const { evaluator } = await evaluatorWith(model);
    const verdict = await evaluator.evaluate(input(), signal());
    expect(verdict.status).toBe('completed');
    expect(model.calls).toBe(2);
    expect(model.requests[1]?.messages.filter((message) => message.content === verdictReminder)).toHaveLength(1);
  });

  it('makes at most maxTurns + 1 calls when the evaluator never calls submit_verdict', async () => {
    const model = new FakeModel([], { fallback: toolReply([{ name: 'list_directory', args: {} }]) });
    const { evaluator } = await evaluatorWith(model);
    const verdict = await evaluator.evaluate(input(), signal());
    expect(model.calls).toBe(6);
    expect(model.requests[5]?.messages.at(-1)).toEqual({ role: 'user', content: verdictReminder });
    expect(verdict.status).toBe('continue');
    expect(unansweredToolCalls(evaluator.conversation)).toEqual([]);
  });

  it('gives the reminder the turns the first answer left', async () => {
    const model = new FakeModel([textReply('looked'), toolReply([{ name: 'list_directory', args: {} }])], {
      fallback: verdictReply('completed', 'fine'),
    });
    const { evaluator } = await evaluatorWith(model);
    expect((await evaluator.evaluate(input(), signal())).status).toBe('completed');
    expect(model.calls).toBe(3);
  });

  it('reads other text as continue, with the text as the next instruction', async () => {
    const model = new FakeModel([textReply('hmm'), textReply('Add a test for the greeting.')]);
    const { evaluator } = await evaluatorWith(model);
    const verdict = await evaluator.evaluate(input(), signal());
    expect(verdict).toMatchObject({ status: 'continue', nextPrompt: 'Add a test for the greeting.' });
  });

  it('lets the model correct a refused submit_verdict (continue without next_prompt) in the same turn', async () => {
    const model = new FakeModel([
      verdictReply('continue', 'not done'),
      verdictReply('continue', 'not done', 'Add tests.'),
    ]);
    const { evaluator } = await evaluatorWith(model);
    const verdict = await evaluator.evaluate(input(), signal());
    expect(verdict).toEqual({ status: 'continue', summary: 'not done', nextPrompt: 'Add tests.' });
    const refused = model.requests[1]?.messages.at(-1);
    expect(refused).toMatchObject({ role: 'tool', isError: true });
    expect(model.calls).toBe(2);
  });

  it('answers the submit_verdict call in its kept conversation', async () => {
    const model = new FakeModel([verdictReply('completed', 'ok')]);
    const { evaluator } = await evaluatorWith(model);
    await evaluator.evaluate(input(), signal());
    expect(evaluator.conversation.at(-1)).toMatchObject({ role: 'tool', toolName: 'submit_verdict' });
    expect(unansweredToolCalls(evaluator.conversation)).toEqual([]);
  });

  it('keeps its conversation across iterations, so it knows what it asked for before', async () => {
    const model = new FakeModel([
      verdictReply('continue', 'missing test', 'Add a test.'),
      verdictReply('completed', 'test added'),
    ]);
    const { evaluator } = await evaluatorWith(model);
    await evaluator.evaluate(input(1), signal());
    const second = await evaluator.evaluate(input(2, 'Added test_hello.py.'), signal());
    expect(second.status).toBe('completed');
    const messages = model.requests[1]?.messages ?? [];
    expect(messages[0]?.content).toContain('Write hello.py that prints');
    expect(JSON.stringify(messages)).toContain('Add a test.');
    expect(messages.at(-1)?.content).toContain('Iteration 2');
    expect(messages.at(-1)?.content).toContain('Added test_hello.py.');
    expect(unansweredToolCalls(messages)).toEqual([]);
  });

  it('does not reuse the previous iteration verdict when the next answer is text', async () => {
    const model = new FakeModel([
      verdictReply('completed', 'ok'),
      textReply('Please also handle errors.'),
      textReply('Please also handle errors.'),
    ]);
    const { evaluator } = await evaluatorWith(model);
    expect((await evaluator.evaluate(input(1), signal())).status).toBe('completed');
    expect(await evaluator.evaluate(input(2), signal())).toMatchObject({
      status: 'continue',
      nextPrompt: 'Please also handle errors.',
    });
  });
});
