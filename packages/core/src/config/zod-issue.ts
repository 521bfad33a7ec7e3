import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';

/** A validation problem as a person should read it, and where it is. */
export interface DescribedIssue {
  message: string;
  /** From the validated value's root, e.g. `['tasks', 0, 'prompt']`. */
  path: PropertyKey[];
  /** Where to point: the unknown key itself for an unknown key, else `path`. */
  at: PropertyKey[];
}

/**
 * The first problem zod found, described: an unknown key with a did-you-mean from the schema's own
 * keys (`unknown key "concurency"; did you mean "concurrency"?`), a missing key as missing, and a
 * value that fits no branch of a union (`tasks: a file or a list`) by the branch that got furthest,
 * so that `tasks[0].prompt` is named instead of `tasks`.
 */
export function describeFirstIssue(error: z.ZodError, schema: z.ZodType, input: unknown): DescribedIssue | undefined {
  const issue = deepestBranch(error.issues[0]);
  if (!issue) return undefined;
  const { path } = issue;
  const missing = valueAt(input, path) === undefined;
  if (issue.code === 'unrecognized_keys') {
    const known = objectKeysAt(schema, path);
    const keys = issue.keys.map((key) => {
      const suggestion = didYouMean(key, known);
      return suggestion ? `"${key}" (did you mean "${suggestion}"?)` : `"${key}"`;
    });
    const allowed = known.length ? `; allowed here: ${known.join(', ')}` : '';
    return {
      message: `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}${allowed}`,
      path,
      at: issue.keys[0] === undefined ? path : [...path, issue.keys[0]],
    };
  }
  if (issue.code === 'invalid_type' && missing)
    return { message: `missing required key (expected ${issue.expected})`, path, at: path };
  if (issue.code === 'invalid_union' && missing) return { message: 'missing required key', path, at: path };
  return { message: issue.message.replace(/^Invalid input: /, ''), path, at: path };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** For a value that fits no branch of a union: the issue of the branch that got deepest into it, with its full path. */
function deepestBranch(issue: z.core.$ZodIssue | undefined): z.core.$ZodIssue | undefined {
  if (issue?.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && (best === undefined || first.path.length > best.path.length)) best = first;
  }
  if (!best || best.path.length === 0) return issue;
  return deepestBranch({ ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue);
}

/** The keys an object schema at `path` knows (through optional, default, union, array and record wrappers). */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  collectKeys(schema as unknown as Walkable, path, keys, 0);
  return [...keys];
}

interface Walkable {
  _zod?: { def?: Record<string, unknown> & { type: string } };
}

function collectKeys(schema: Walkable, path: readonly PropertyKey[], keys: Set<string>, depth: number): void {
  // A plugin may bring its own copy of zod, of another major version: no keys to offer then.
  const def = schema?._zod?.def;
  if (depth > 40 || def === undefined) return;
  if (def.type === 'object' && path.length === 0) {
    for (const key of Object.keys(def.shape as Record<string, Walkable>)) keys.add(key);
    return;
  }
  for (const [child, rest] of descend(def, path)) if (child) collectKeys(child, rest, keys, depth + 1);
}

/** The schemas inside a wrapper, union, array, record or object that `path` leads into. */
function descend(
  def: Record<string, unknown> & { type: string },
  path: readonly PropertyKey[],
): Array<[Walkable | undefined, readonly PropertyKey[]]> {
  const inner = (name: string) => def[name] as Walkable | undefined;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return [[inner('innerType'), path]];
    case 'pipe':
      return [[inner('in'), path]];
    case 'lazy':
      return [[(def.getter as () => Walkable)(), path]];
    case 'union':
      return (def.options as Walkable[]).map((option) => [option, path]);
    case 'array':
      return typeof path[0] === 'number' ? [[inner('element'), path.slice(1)]] : [];
    case 'record':
      return path.length > 0 ? [[inner('valueType'), path.slice(1)]] : [];
    case 'object':
      return [[(def.shape as Record<string, Walkable>)[String(path[0])], path.slice(1)]];
    default:
      return [];
  }
}
