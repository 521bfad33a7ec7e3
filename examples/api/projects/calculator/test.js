import { add } from './calc.js';

if (add(2, 3) !== 5) {
  console.error(`add(2, 3) returned ${add(2, 3)}, expected 5`);
  process.exit(1);
}
console.log('ok');
