import type { EventSink } from '../plugin/event-sink.js';
import type { Stage, StageNote, StageTaskContext } from '../plugin/stage.js';

export interface StageScope {
  taskId: string;
  /** The iteration in progress, or the iterations done so far for task-level hooks. */
  iteration: number;
  when?: 'task-start' | 'task-end';
  emit: EventSink['emit'];
}

/**
 * Runs one hook of a stage between its `stage-start` and `stage-end` events, so reporters follow
 * every stage by name without knowing what it does; the stage's notes become `stage-note` events.
 */
export async function runStageHook<Result>(
  stage: Stage,
  scope: StageScope,
  hook: (emitNote: (note: StageNote) => void) => Promise<Result>,
): Promise<Result> {
  const base = {
    taskId: scope.taskId,
    iteration: scope.iteration,
    stage: stage.name,
    ...(scope.when && { when: scope.when }),
  };
  scope.emit({ type: 'stage-start', ...base });
  const started = Date.now();
  const result = await hook((note) =>
    scope.emit({ type: 'stage-note', ...base, message: note.message, ...(note.data && { data: note.data }) }),
  );
  scope.emit({ type: 'stage-end', ...base, durationMs: Date.now() - started });
  return result;
}

/** Runs the `taskStart` or `taskEnd` hooks of the stages that have one, in pipeline order. */
export async function runTaskHooks(
  when: 'task-start' | 'task-end',
  stages: readonly Stage[],
  context: Omit<StageTaskContext, 'emit'>,
  scope: Omit<StageScope, 'when'>,
): Promise<void> {
  for (const stage of stages) {
    const hook = when === 'task-start' ? stage.taskStart : stage.taskEnd;
    if (!hook) continue;
    await runStageHook(stage, { ...scope, when }, (emitNote) => hook.call(stage, { ...context, emit: emitNote }));
  }
}
