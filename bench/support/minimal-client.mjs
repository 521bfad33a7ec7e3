// The yardstick of the scale benchmark: what a batch costs without a framework. Plain Node, no
// dependency: raw HTTP to the same scripted model server, the same request JSON (system prompts and
// tool specs captured from agentbatch's own requests), streamed responses parsed by hand, and the
// same tools really executed in each task's folder (files read and edited, commands run in a shell).
// It writes nothing but the tasks' own files: no events, transcripts or results.
// With `sdk: true` in the job, the calls go through the official OpenAI SDK instead (its own
// `fetch`, its stream parser): the least any client on the SDK pays, the floor for agentbatch,
// whose providers use the official SDKs.
//
// Usage: node minimal-client.mjs <job.json>
// job: { url, concurrency, sdk?, tasks: [{ dir, prompt }], coder: { system, tools }, evaluator: { system, tools } }
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

const job = JSON.parse(await readFile(process.argv[2], 'utf8'));
const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency * 2 });

/**
 * One streamed chat completion: the reply's text and tool calls. A dropped connection or an error
 * status is tried again after a short pause, up to 10 times (a loaded server drops connections).
 */
async function complete(system, tools, messages) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await completeOnce(system, tools, messages);
    } catch (error) {
      if (attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

const sdk = job.sdk
  ? new (await import('openai')).default({ baseURL: job.url, apiKey: 'local', maxRetries: 0 })
  : undefined;

function completeOnce(system, tools, messages) {
  if (sdk) return completeWithSdk(system, tools, messages);
  const body = JSON.stringify({
    model: 'scripted',
    messages: [{ role: 'system', content: system }, ...messages],
    tools,
    stream: true,
    stream_options: { include_usage: true },
  });
  return new Promise((resolve, reject) => {
    const target = new URL(`${job.url}/chat/completions`);
    const call = request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer local' } },
      (response) => {
        let buffered = '';
        let text = '';
        const calls = [];
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          buffered += chunk;
          let end = buffered.indexOf('\n\n');
          while (end >= 0) {
            const line = buffered.slice(0, end).replace(/^data: /, '');
            buffered = buffered.slice(end + 2);
            end = buffered.indexOf('\n\n');
            if (line === '[DONE]') continue;
            const delta = JSON.parse(line).choices?.[0]?.delta;
            if (delta?.content) text += delta.content;
            for (const part of delta?.tool_calls ?? []) {
              calls[part.index] ??= { id: part.id, name: part.function?.name, arguments: '' };
              calls[part.index].arguments += part.function?.arguments ?? '';
            }
          }
        });
        response.on('end', () =>
          response.statusCode === 200 ? resolve({ text, calls }) : reject(new Error(`HTTP ${response.statusCode}`)),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

async function completeWithSdk(system, tools, messages) {
  const stream = await sdk.chat.completions.create({
    model: 'scripted',
    messages: [{ role: 'system', content: system }, ...messages],
    tools,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  const calls = [];
  for await (const chunk of stream) {
    const delta = chunk.choices?.[0]?.delta;
    if (delta?.content) text += delta.content;
    for (const part of delta?.tool_calls ?? []) {
      calls[part.index] ??= { id: part.id, name: part.function?.name, arguments: '' };
      calls[part.index].arguments += part.function?.arguments ?? '';
    }
  }
  return { text, calls };
}

function shell(command, cwd) {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve(`Exit code ${code}.\n\n${output}`));
  });
}

async function grep(pattern, dir) {
  const regex = new RegExp(pattern);
  const hits = [];
  for (const name of await readdir(dir)) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (regex.test(line)) hits.push(`${name}:${index + 1}:${line}`);
    });
  }
  return hits.join('\n') || 'No matches.';
}

async function execute(call, dir) {
  const args = JSON.parse(call.arguments);
  switch (call.name) {
    case 'read_file':
      return readFile(join(dir, args.path), 'utf8');
    case 'list_directory':
      return (await readdir(join(dir, args.path ?? '.'))).join('\n');
    case 'glob':
      return (await readdir(dir)).filter((name) => name.endsWith(args.pattern.replace('*', ''))).join('\n');
    case 'grep':
      return grep(args.pattern, dir);
    case 'edit_file': {
      const file = join(dir, args.path);
      await writeFile(file, (await readFile(file, 'utf8')).replace(args.old_string, args.new_string));
      return 'Edited.';
    }
    case 'run_shell':
      return shell(args.command, dir);
    case 'submit_verdict':
      return 'Verdict recorded.';
    default:
      return `Unknown tool ${call.name}`;
  }
}

/** An agent's turn: calls the model and runs its tools until it answers in text or gives a verdict. */
async function turn(role, messages, dir) {
  for (;;) {
    const reply = await complete(role.system, role.tools, messages);
    messages.push({
      role: 'assistant',
      content: reply.text || null,
      ...(reply.calls.length && {
        tool_calls: reply.calls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      }),
    });
    if (reply.calls.length === 0) return reply.text;
    for (const call of reply.calls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: await execute(call, dir) });
    }
    if (reply.calls.some((call) => call.name === 'submit_verdict')) return reply.text;
  }
}

async function runTask(task) {
  const coderReply = await turn(job.coder, [{ role: 'user', content: task.prompt }], task.dir);
  await turn(
    job.evaluator,
    [{ role: 'user', content: `Task:\n${task.prompt}\n\nThe coder's last reply:\n${coderReply}` }],
    task.dir,
  );
}

let next = 0;
async function lane() {
  while (next < job.tasks.length) await runTask(job.tasks[next++]);
}
await Promise.all(Array.from({ length: Math.min(job.concurrency, job.tasks.length) }, lane));
agent.destroy();
