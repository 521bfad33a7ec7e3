import type { Scripts } from './model-script.js';

/**
 * The model side of the offline demo (`examples/demo`), recorded into its cassette by
 * `e2e/demo.test.ts`. Markers are the start of each task's prompt.
 */
const fizzbuzzSolution = `export function fizzbuzz(n) {
  if (n % 15 === 0) return 'FizzBuzz';
  if (n % 3 === 0) return 'Fizz';
  if (n % 5 === 0) return 'Buzz';
  return String(n);
}
`;

const slugifyFirstTry = `return title
    .toLowerCase()
    .trim()
    .split(/\\s+/)
    .join('-');`;

const slugifyFixed = `return title
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');`;

const wordcountSolution = `import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const countLines = args.includes('--lines');
const file = args.find((arg) => !arg.startsWith('--'));
if (!file) {
  console.error('usage: node wc.js [--lines] FILE');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const lines = text.split('\\n').length - (text.endsWith('\\n') ? 1 : 0);
const words = text.split(/\\s+/).filter(Boolean).length;
console.log(countLines ? lines : words);
`;

const wordcountReadme = `# wc.js

Counts the words or the lines of a text file.

\`\`\`sh
node wc.js sample.txt          # words: 9
node wc.js --lines sample.txt  # lines: 3
\`\`\`
`;

export const demoScripts: Scripts = {
  'Implement fizzbuzz(n)': {
    coder: [
      {
        text: "I'll read the stub and the test first.",
        toolCalls: [
          { name: 'read_file', arguments: { path: 'fizzbuzz.js' } },
          { name: 'read_file', arguments: { path: 'test.js' } },
        ],
      },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'fizzbuzz.js', content: fizzbuzzSolution } }] },
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'node test.js' } }] },
      {
        text: 'Implemented fizzbuzz(n): multiples of 15 first, then 3 and 5, else the number as a string. `node test.js` passes.',
      },
    ],
    evaluator: [
      {
        toolCalls: [
          { name: 'read_file', arguments: { path: 'fizzbuzz.js' } },
          { name: 'read_file', arguments: { path: 'test.js' } },
        ],
      },
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: {
              status: 'completed',
              summary: 'fizzbuzz handles 15, 3, 5 and other numbers exactly as test.js expects.',
            },
          },
        ],
      },
    ],
  },
  'slugify() in slugify.js': {
    coder: [
      {
        toolCalls: [
          { name: 'read_file', arguments: { path: 'slugify.js' } },
          { name: 'read_file', arguments: { path: 'test.js' } },
        ],
      },
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: {
              path: 'slugify.js',
              old_string: "return title.replace(/ /g, '-');",
              new_string: slugifyFirstTry,
            },
          },
        ],
      },
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'node test.js' } }] },
      {
        text: 'Lowercasing and collapsing whitespace fixed the first two cases. "Ünïcode & Symbols!" still fails: should accented letters be transliterated (Ü → u) or dropped, and what should happen to symbols like "&"?',
      },
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: { path: 'slugify.js', old_string: slugifyFirstTry, new_string: slugifyFixed },
          },
        ],
      },
      { toolCalls: [{ name: 'run_shell', arguments: { command: 'node test.js' } }] },
      {
        text: 'Accents are now stripped (NFKD + removing combining marks) and every other run of symbols becomes one dash, trimmed at the ends. All three cases pass.',
      },
    ],
    evaluator: [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'slugify.js' } }] },
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: {
              status: 'continue',
              summary: 'Two of three cases pass; the coder asked how to treat accents and symbols.',
              next_prompt:
                'Transliterate accented letters to plain ASCII (normalize to NFKD and remove the combining marks, so Ü becomes u), and treat any other non-alphanumeric character like a space. Then make `node test.js` pass.',
            },
          },
        ],
      },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'slugify.js' } }] },
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: {
              status: 'completed',
              summary: 'slugify strips accents, collapses separators and trims dashes; the three cases pass.',
            },
          },
        ],
      },
    ],
  },
  'Add a --lines flag': {
    coder: [
      { toolCalls: [{ name: 'list_directory', arguments: {} }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'wc.js' } }] },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'wc.js', content: wordcountSolution } }] },
      {
        toolCalls: [
          { name: 'run_shell', arguments: { command: 'node wc.js sample.txt && node wc.js --lines sample.txt' } },
        ],
      },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'README.md', content: wordcountReadme } }] },
      {
        text: 'wc.js now takes --lines (prints 3 for sample.txt; words still print 9), and README.md documents both modes.',
      },
    ],
    evaluator: [
      {
        toolCalls: [
          { name: 'read_file', arguments: { path: 'wc.js' } },
          { name: 'read_file', arguments: { path: 'README.md' } },
        ],
      },
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: {
              status: 'completed',
              summary: '--lines counts lines, the default still counts words, and README.md documents both.',
            },
          },
        ],
      },
    ],
  },
};
