import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Finds a plugin module: a path (`./x.js`, `/abs/x.js`) relative to the config's folder, or an npm
 * package installed in a `node_modules` at or above it. Returns a file URL to import, or
 * undefined when nothing is there.
 */
export function resolvePluginModule(specifier: string, configDir: string): string | undefined {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const file = resolve(configDir, specifier);
    return existsSync(file) ? pathToFileURL(file).href : undefined;
  }
  const packageDir = findPackageDir(specifier, configDir);
  if (!packageDir) return undefined;
  const entry = packageEntry(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson);
  return pathToFileURL(join(packageDir, entry)).href;
}

interface PackageJson {
  exports?: unknown;
  module?: string;
  main?: string;
}

function findPackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The file an ESM `import` of the package would load (the `.` export, import/default condition). */
function packageEntry(manifest: PackageJson): string {
  const root =
    typeof manifest.exports === 'object' && manifest.exports !== null && '.' in manifest.exports
      ? (manifest.exports as Record<string, unknown>)['.']
      : manifest.exports;
  const fromExports = pickCondition(root);
  return fromExports ?? manifest.module ?? manifest.main ?? 'index.js';
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pickCondition).find(Boolean);
  if (typeof target !== 'object' || target === null) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const condition of ['import', 'node', 'default']) {
    const picked = pickCondition(conditions[condition]);
    if (picked) return picked;
  }
  return undefined;
}
