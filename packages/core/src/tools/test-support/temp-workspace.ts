import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ToolContext } from '../tool.js';
import { createWorkspace, type Workspace, type WorkspaceOptions } from '../workspace.js';

export interface TempWorkspace {
  workspace: Workspace;
  /** The workspace root (real path). */
  root: string;
  /** A sibling folder outside the workspace, for escape attempts to aim at. */
  outside: string;
  context: ToolContext;
  /** Write a file under the root, creating folders. */
  write(relativePath: string, content: string | Uint8Array): Promise<string>;
  read(relativePath: string): Promise<string>;
}

/** A real workspace in a fresh temp folder, deleted when the current test finishes. */
export async function createTempWorkspace(
  signal: AbortSignal = new AbortController().signal,
  options: WorkspaceOptions = {},
): Promise<TempWorkspace> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'agentbatch-tools-'));
  onTestFinished(() => rm(base, { recursive: true, force: true }));
  await mkdir(path.join(base, 'workspace'));
  await mkdir(path.join(base, 'outside'));
  const workspace = await createWorkspace(path.join(base, 'workspace'), options);
  const outside = path.join(path.dirname(workspace.root), 'outside');
  return {
    workspace,
    root: workspace.root,
    outside,
    context: { workspace, signal },
    async write(relativePath, content) {
      const file = path.join(workspace.root, relativePath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    read: (relativePath) => readFile(path.join(workspace.root, relativePath), 'utf8'),
  };
}
