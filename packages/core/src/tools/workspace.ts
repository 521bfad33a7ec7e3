/**
 * The folder a task's agents work in. Every path a tool receives goes through `resolve`, which
 * refuses anything that lands outside the folder, following symlinks.
 */
export interface Workspace {
  /** The workspace's real absolute path (symlinks resolved). */
  readonly root: string;
  /**
   * Resolve a model-supplied path (relative to the root, or absolute inside it) to a real absolute
   * path inside the workspace. Throws `WorkspacePathError` when it would leave the workspace.
   * The path need not exist yet (for writes); its deepest existing ancestor is checked instead.
   */
  resolve(path: string): Promise<string>;
  /** The workspace-relative form of an absolute path inside it, with `/` separators. */
  relative(absolutePath: string): string;
}
