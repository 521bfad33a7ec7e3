import { packageBundle } from '../../rolldown.shared.js';

export default packageBundle({
  root: import.meta.dirname,
  input: { index: 'src/index.ts', bin: 'src/bin.ts' },
  zodFromCore: true,
});
