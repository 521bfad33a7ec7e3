/** A stage found the task cannot go on (a failed set-up command, a workspace that is no git repository). */
export class StageFailure extends Error {
  constructor(
    readonly stage: string,
    message: string,
  ) {
    super(`${stage} stage: ${message}`);
    this.name = 'StageFailure';
  }
}
