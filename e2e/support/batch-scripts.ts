import type { Scripts } from './model-script.js';

/** The scripted agents for `fixtures/batch`: real tool calls that do the work on disk. */
export const batchScripts: Scripts = {
  '[calc]': {
    coder: [
      { text: 'Let me look at calc.js.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: { path: 'calc.js', old_string: 'return a - b;', new_string: 'return a + b;' },
          },
        ],
      },
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'node test.js' } }] },
      { text: 'add subtracted instead of adding; fixed it, and node test.js prints ok.' },
    ],
    evaluator: [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
      {
        toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'add now returns a + b.' } }],
      },
    ],
  },
  '[docs]': {
    coder: [
      { toolCalls: [{ name: 'list_directory', arguments: {} }] },
      {
        toolCalls: [{ name: 'write_file', arguments: { path: 'README.md', content: '# double\n\nA tiny library.\n' } }],
      },
      { text: 'Wrote README.md.' },
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: {
              path: 'README.md',
              old_string: 'A tiny library.\n',
              new_string: "A tiny library.\n\n## Usage\n\n```js\nimport { double } from './index.js';\n```\n",
            },
          },
        ],
      },
      { text: 'Added a Usage section.' },
    ],
    evaluator: [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] },
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: {
              status: 'continue',
              summary: 'No usage example.',
              next_prompt: 'Add a Usage section that shows how to import double.',
            },
          },
        ],
      },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] },
      {
        toolCalls: [
          { name: 'submit_verdict', arguments: { status: 'completed', summary: 'README has a usage example.' } },
        ],
      },
    ],
  },
  '[rename]': {
    coder: [
      { toolCalls: [{ name: 'grep', arguments: { pattern: 'greet' } }] },
      {
        text: 'Renaming in both files.',
        toolCalls: [
          {
            name: 'edit_file',
            arguments: { path: 'greet.js', old_string: 'greet', new_string: 'sayHello', replace_all: true },
          },
          {
            name: 'edit_file',
            arguments: { path: 'main.js', old_string: 'import { greet }', new_string: 'import { sayHello }' },
          },
        ],
      },
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: { path: 'main.js', old_string: "greet('world')", new_string: "sayHello('world')" },
          },
        ],
      },
      { text: 'Renamed greet to sayHello in greet.js and main.js.' },
    ],
    evaluator: [
      { toolCalls: [{ name: 'grep', arguments: { pattern: 'greet\\(' } }] },
      // Answers in plain text, as models sometimes do, in the original system's wording.
      { text: '检查完毕：没有遗留的 greet 调用。任务已完成' },
      { text: '任务已完成' },
    ],
  },
};

/** Each task's `lastResponse` once it has run to the end: its coder's last reply in `batchScripts`, by prompt marker. */
export const batchLastResponses: Record<string, string> = {
  '[calc]': 'add subtracted instead of adding; fixed it, and node test.js prints ok.',
  '[docs]': 'Added a Usage section.',
  '[rename]': 'Renamed greet to sayHello in greet.js and main.js.',
};
