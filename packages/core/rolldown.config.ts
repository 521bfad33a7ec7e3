import { packageBundle } from '../../rolldown.shared.js';

export default packageBundle({
  root: import.meta.dirname,
  input: { index: 'src/index.ts', 'command-spawner-main': 'src/process/command-spawner-main.ts' },
});
