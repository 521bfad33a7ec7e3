import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot } from './cli.js';

/** Debian's chromium, which `.ci/run` installs; CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`no chromium at ${chromiumPath}: install Debian's chromium (see .ci/run)`);
  return chromium.launch({ executablePath: chromiumPath });
}

/** Every console error and uncaught exception of a page, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return errors;
}

export interface ViewProcess {
  url: string;
  process: ResultPromise;
  stop(): Promise<void>;
}

/** `agentbatch view … --port 0 --no-open` in its own process, resolved once it prints its URL. */
export async function startView(args: string[], cwd = repoRoot): Promise<ViewProcess> {
  const child = execa(
    'node',
    [join(repoRoot, 'packages/cli/bin/agentbatch.js'), 'view', ...args, '--port', '0', '--no-open'],
    {
      cwd,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`view printed no URL in 20 s:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /agentbatch view: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void child.then((result) => reject(new Error(`view exited with ${result.exitCode}:\n${output}`)));
  });
  return {
    url,
    process: child,
    async stop() {
      child.kill('SIGTERM');
      await child;
    },
  };
}
