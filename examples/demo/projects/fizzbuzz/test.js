import { fizzbuzz } from './fizzbuzz.js';

const expected = [
  '1',
  '2',
  'Fizz',
  '4',
  'Buzz',
  'Fizz',
  '7',
  '8',
  'Fizz',
  'Buzz',
  '11',
  'Fizz',
  '13',
  '14',
  'FizzBuzz',
];
const actual = expected.map((_, index) => fizzbuzz(index + 1));
if (actual.join(',') !== expected.join(',')) {
  console.log(`FAIL got ${actual.join(',')}`);
  process.exit(1);
}
console.log('ok   fizzbuzz(1..15)');
