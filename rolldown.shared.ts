import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type RolldownOptions } from 'rolldown';

/**
 * How the packages on the run path (core, providers, reporters, cli) build their JavaScript: each
 * package's sources and the libraries it uses become a few files in `dist/` (an entry per
 * `exports` subpath, and a chunk per lazily loaded part), because Node loads one bundled file in a
 * fraction of the time it takes to resolve, read and link the ~500 small modules they are made of.
 * `tsc` still writes the declarations.
 *
 * The `@agentbatch/*` packages stay imports, never copies: plugins installed as packages import
 * `@agentbatch/core` too, and every package must share that one copy of it. zod is bundled once,
 * into core, which re-exports it as `z`; the sibling packages' `import { z } from 'zod'` is served
 * by core's copy.
 */
export function packageBundle(options: {
  /** The package folder (its `import.meta.dirname`). */
  root: string;
  /** Output name → source file, relative to the package. */
  input: Record<string, string>;
  /** Serve `zod` from core's re-export (every package but core). */
  zodFromCore?: boolean;
}): RolldownOptions {
  const dist = join(options.root, 'dist');
  return defineConfig({
    input: Object.fromEntries(Object.entries(options.input).map(([name, file]) => [name, join(options.root, file)])),
    platform: 'node',
    external: (id) => builtin.has(id) || id.startsWith('node:') || id.startsWith('@agentbatch/'),
    // What a bundled CommonJS library (write-file-atomic) reads of its module, from the ES module it is now part of.
    transform: { define: { __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' } },
    // A library that cannot be found would otherwise be left as an import that fails at run time.
    onLog(level, log, handle) {
      handle(log.code === 'UNRESOLVED_IMPORT' ? 'error' : level, log);
    },
    plugins: [
      removeStaleJavaScript(dist),
      ...(options.zodFromCore ? [zodFromCore] : [zodInEnglish]),
      librariesWithoutSourceMaps,
      oneCopyOfEachLibrary(),
    ],
    output: {
      dir: dist,
      format: 'esm',
      // One flat folder: a file's path relative to its own module (the command spawner's entry,
      // the CLI's package.json) is the same from every chunk.
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      sourcemap: true,
      // Less for V8 to read and parse on every start: whitespace, comments and local names go;
      // functions and classes keep their names (for stack traces and `error.name`), and the maps
      // still lead to the sources. ASCII only, so that V8 holds each file as one-byte text.
      minify: {
        compress: { keepNames: { function: true, class: true } },
        mangle: { keepNames: true },
        codegen: { asciiOnly: true },
      },
      // The sources ship in the package (`src/`); the maps point at them instead of copying them.
      sourcemapExcludeSources: true,
    },
  });
}

const builtin = new Set(builtinModules);

/** `dist/` also holds the declarations `tsc` wrote; only JavaScript from an earlier build goes. */
function removeStaleJavaScript(dist: string): Plugin {
  return {
    name: 'remove-stale-javascript',
    buildStart() {
      if (!existsSync(dist)) return;
      for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && /\.(m?js|js\.map)$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
      }
    },
  };
}

/**
 * npm installs one version of a library in several places when another version holds the top of
 * `node_modules` (string-width 8 sits both under log-update and under the reporters, because nx
 * wants string-width 4 at the top). Bundled as found, the copies would each be loaded and set up
 * (the console's live view made two Unicode segmenters and two sets of emoji regular expressions
 * for one string-width): every import of a library's file, by name and version, gets the first
 * copy found.
 */
function oneCopyOfEachLibrary(): Plugin {
  const firstCopy = new Map<string, string>();
  return {
    name: 'one-copy-of-each-library',
    async resolveId(source, importer, options) {
      if (source.startsWith('.') || source.startsWith('\0') || isAbsolute(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const match = /^(.*[\\/]node_modules[\\/])((?:@[^\\/]+[\\/])?[^\\/]+)([\\/].*)$/.exec(resolved.id);
      if (!match) return resolved;
      const [, root = '', name = '', rest = ''] = match;
      const manifest = join(root, name, 'package.json');
      if (!existsSync(manifest)) return resolved;
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
      const key = `${name}@${version}${rest}`;
      const first = firstCopy.get(key);
      if (first === undefined) firstCopy.set(key, resolved.id);
      return first === undefined || first === resolved.id ? resolved : { ...resolved, id: first };
    },
  };
}

const zodInEnglish: Plugin = {
  name: 'zod-in-english',
  resolveId(id, importer) {
    return id === '../locales/index.js' && /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(importer ?? '')
      ? '\0zod-locales'
      : null;
  },
  load(id) {
    if (id !== '\0zod-locales') return null;
    return `export { default as en } from ${JSON.stringify(fileURLToPath(import.meta.resolve('zod/v4/locales/en.js')))};`;
  },
};

const zodFromCore: Plugin = {
  name: 'zod-from-core',
  resolveId(id) {
    return id === 'zod' ? { id: '@agentbatch/core', external: true } : null;
  },
};

/**
 * A bundled library's code maps to nothing: a source map names only files that ship in the
 * package, so a stack trace points at agentbatch's own sources and otherwise at the bundle.
 */
const librariesWithoutSourceMaps: Plugin = {
  name: 'libraries-without-source-maps',
  transform: {
    filter: { id: /[\\/]node_modules[\\/]/ },
    handler(code) {
      return { code, map: { mappings: '' } };
    },
  },
};
