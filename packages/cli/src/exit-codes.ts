/** The exit statuses DESIGN.md §5 promises. */
export const ExitCode = {
  /** Every task completed. */
  success: 0,
  /** Some task did not complete (or a reporter failed). */
  incomplete: 1,
  /** Bad usage, config or input. */
  usage: 2,
  /** Interrupted by Ctrl-C or SIGTERM. */
  interrupted: 130,
} as const;
