/** Where an attempt (`run.attempts` above 1) keeps its records, beside its task's: `tasks/<taskId>/attempt-<n>/`. */
export function attemptKey(taskId: string, attempt: number): string {
  return `${taskId}/attempt-${attempt}`;
}
