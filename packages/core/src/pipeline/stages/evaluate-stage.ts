import type { Stage } from '../../plugin/stage.js';

/** The evaluator's judgement of the iteration; its verdict decides whether the task goes on. */
export function evaluateStage(): Stage {
  return {
    name: 'evaluate',
    async run(context) {
      return { verdict: await context.agents.runEvaluator() };
    },
  };
}
