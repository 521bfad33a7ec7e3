import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigErrorLocation } from '../config/config-error.js';
import { type TaskEntry, taskEntrySchema } from '../config/schema.js';
import { formatYamlPath } from '../config/yaml-locator.js';
import { describeFirstIssue } from '../config/zod-issue.js';
import type { TaskDefinition } from './task-definition.js';
import { hashTaskId, taskIdPattern } from './task-id.js';

type Locate = (path: readonly PropertyKey[]) => ConfigErrorLocation;

/**
 * Reads a task file in the original system's format, `{ "tasks": [{ "dir", "first_prompt" }] }`,
 * or a bare array of tasks. `dir` is relative to the task file.
 */
export function loadTaskFile(file: string): TaskDefinition[] {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the task file: ${(error as Error).message}`, { file: path });
  }
  let data: unknown;
  try {
    // Editors on Windows save a byte order mark, which JSON.parse takes for an unexpected token.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`invalid JSON: ${(error as Error).message}`, { file: path, ...jsonErrorLine(text, error) });
  }
  const list = Array.isArray(data) ? data : (data as { tasks?: unknown } | null)?.tasks;
  const prefix: PropertyKey[] = Array.isArray(data) ? [] : ['tasks'];
  if (!Array.isArray(list)) {
    throw new ConfigError('expected { "tasks": [ { "dir": "...", "first_prompt": "..." } ] } or a list of tasks', {
      file: path,
    });
  }
  const entries = list.map((entry, index) =>
    parseTaskEntry(entry, [...prefix, index], (p) => ({ file: path, yamlPath: formatYamlPath(p) })),
  );
  return resolveTasks(entries, dirname(path), (p) => ({ file: path, yamlPath: formatYamlPath([...prefix, ...p]) }));
}

export function parseTaskEntry(entry: unknown, path: PropertyKey[], locate: Locate): TaskEntry {
  const parsed = taskEntrySchema.safeParse(entry);
  if (parsed.success) return parsed.data;
  const issue = describeFirstIssue(parsed.error, taskEntrySchema, entry);
  throw new ConfigError(issue?.message ?? 'invalid task', locate([...path, ...(issue?.path ?? [])]));
}

/** Resolves dirs against `baseDir`, checks them, and gives every task a unique, stable id. */
export function resolveTasks(entries: readonly TaskEntry[], baseDir: string, locate: Locate): TaskDefinition[] {
  const seen = new Map<string, number>();
  return entries.map((entry, index) => {
    const prompt = (entry.prompt ?? entry.first_prompt) as string;
    const dirText = entry.dir ?? '';
    const dir = resolve(baseDir, dirText);
    if (!isDirectory(dir)) {
      throw new ConfigError(
        `task dir "${dirText}" is not a folder (resolved to ${dir}); create it or fix the path`,
        locate([index, 'dir']),
      );
    }
    let id = entry.id ?? hashTaskId(dirText, prompt);
    if (!taskIdPattern.test(id)) {
      throw new ConfigError(`task id "${id}" may use only letters, digits, ".", "_" and "-"`, locate([index, 'id']));
    }
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    if (count > 1) {
      if (entry.id) throw new ConfigError(`task id "${id}" is used twice; ids must be unique`, locate([index, 'id']));
      id = `${id}-${count}`;
    }
    return { id, index, dir, prompt };
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function jsonErrorLine(text: string, error: unknown): { line?: number; column?: number } {
  const reported = /position (\d+)/.exec(String((error as Error).message))?.[1];
  // V8 gives no position for an unexpected token; the usual cause by hand is a trailing comma.
  const trailingComma = /,\s*[\]}]/.exec(text);
  const offset =
    reported !== undefined ? Number(reported) : trailingComma && trailingComma.index + trailingComma[0].length - 1;
  if (offset === undefined || offset === null) return {};
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
