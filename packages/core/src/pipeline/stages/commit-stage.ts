import type { Stage } from '../../plugin/stage.js';
import { runCommandStep } from './command-step.js';
import { lastLines } from './last-lines.js';
import { StageFailure } from './stage-failure.js';

const limits = { timeoutMs: 60_000, maxOutputChars: 4_000 };

/** Used only where git has no identity configured, so that committing never fails for want of one. */
const fallbackIdentity = '-c user.name=agentbatch -c user.email=agentbatch@localhost';

/**
 * Commits everything in the workspace at its place in each iteration (put it before `evaluate`,
 * whose accepting verdict ends the task), so the history holds one commit per iteration, named
 * after the task and the iteration. Iterations that changed nothing still get a (empty) commit.
 */
export function commitStage(): Stage {
  return {
    name: 'commit',
    async taskStart(context) {
      const step = await runCommandStep(context, 'git rev-parse --is-inside-work-tree', limits);
      if (!step.passed) {
        throw new StageFailure(
          'commit',
          `${context.workspace.root} is not inside a git repository (git init it, or remove the commit stage): ${lastLines(step.content, 3)}`,
        );
      }
    },
    async run(context) {
      const message = `agentbatch: task ${context.task.id}, iteration ${context.iteration}\n\n${context.task.prompt}`;
      const identity = `$(git config user.email >/dev/null || echo '${fallbackIdentity}')`;
      const command = `git add -A . && git ${identity} commit --quiet --allow-empty --no-verify -m ${shellQuote(message)} && git rev-parse --short HEAD`;
      const step = await runCommandStep(context, command, limits);
      if (!step.passed) throw new StageFailure('commit', `git commit failed:\n${lastLines(step.content)}`);
      const hash = step.result.output.trim().split('\n').at(-1) ?? '';
      context.emit({ message: `committed ${hash} (iteration ${context.iteration})`, data: { commit: hash } });
      return undefined;
    },
  };
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
