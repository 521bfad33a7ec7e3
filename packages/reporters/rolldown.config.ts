import { packageBundle } from '../../rolldown.shared.js';

export default packageBundle({
  root: import.meta.dirname,
  input: { index: 'src/index.ts', 'loadable-reporters': 'src/loadable-reporters.ts' },
  zodFromCore: true,
});
