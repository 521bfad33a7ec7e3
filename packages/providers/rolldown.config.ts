import { packageBundle } from '../../rolldown.shared.js';

export default packageBundle({
  root: import.meta.dirname,
  input: { index: 'src/index.ts', 'loadable-providers': 'src/loadable-providers.ts' },
  zodFromCore: true,
});
