interface FolderState {
  /** Settles when the last writer queued so far is done. */
  writing: Promise<unknown>;
  /** Readers in flight: a writer waits for every one of them. */
  reading: Set<Promise<unknown>>;
}

const folders = new Map<string, FolderState>();

function stateOf(folder: string): FolderState {
  let state = folders.get(folder);
  if (!state) {
    state = { writing: Promise.resolve(), reading: new Set() };
    folders.set(folder, state);
  }
  return state;
}

/**
 * Runs `action` while it reads `folder` (a copy of a task's folder being taken, with its
 * baseline): readers run side by side, after every writer queued before them.
 */
export function readingFolder<T>(folder: string, action: () => Promise<T>): Promise<T> {
  const state = stateOf(folder);
  const run = state.writing.then(action);
  const settled = run.catch(() => undefined);
  state.reading.add(settled);
  void settled.then(() => state.reading.delete(settled));
  return run;
}

/**
 * Runs `action` while it writes `folder` (a change applied back to the original), alone: after
 * the readers in flight and the writers queued before it.
 */
export function writingFolder<T>(folder: string, action: () => Promise<T>): Promise<T> {
  const state = stateOf(folder);
  const run = Promise.all([state.writing, ...state.reading]).then(action);
  state.writing = run.catch(() => undefined);
  return run;
}
