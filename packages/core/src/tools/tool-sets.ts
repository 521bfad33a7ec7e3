import { editFileTool } from './edit-file-tool.js';
import { globTool } from './glob-tool.js';
import { grepTool } from './grep-tool.js';
import { listDirectoryTool } from './list-directory-tool.js';
import { readFileTool } from './read-file-tool.js';
import { runShellTool } from './run-shell-tool.js';
import type { Tool } from './tool.js';
import { writeFileTool } from './write-file-tool.js';

/** Everything the coder may do in its workspace. */
export const coderTools: Tool[] = [
  listDirectoryTool,
  readFileTool,
  writeFileTool,
  editFileTool,
  globTool,
  grepTool,
  runShellTool,
];

/**
 * The evaluator's tools: the read-only ones, and run_shell when the config allows it (to run the
 * tests). A shell can change files, so allowing it trusts the evaluator not to.
 */
export function evaluatorTools(options: { allowShell: boolean }): Tool[] {
  const readOnly = coderTools.filter((tool) => tool.readOnly);
  return options.allowShell ? [...readOnly, runShellTool] : readOnly;
}
