import { slugify } from './slugify.js';

const cases = [
  ['Hello World', 'hello-world'],
  ['  Many   spaces ', 'many-spaces'],
  ['Ünïcode & Symbols!', 'unicode-symbols'],
];
let failed = 0;
for (const [input, expected] of cases) {
  const actual = slugify(input);
  if (actual === expected) {
    console.log(`ok   slugify(${JSON.stringify(input)})`);
  } else {
    failed++;
    console.log(
      `FAIL slugify(${JSON.stringify(input)}) = ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    );
  }
}
process.exit(failed ? 1 : 0);
