import type { Stage } from '../../plugin/stage.js';

/** The coder's turn on this iteration's instruction. */
export function codeStage(): Stage {
  return {
    name: 'code',
    async run(context) {
      await context.agents.runCoder();
      return undefined;
    },
  };
}
