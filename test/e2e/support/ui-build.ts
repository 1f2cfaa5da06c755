// Browser tests run against the built admin UI: rebuild it when the build is older than its sources.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminUiDist, repoRoot } from '../../../server/paths.js';

const execFileAsync = promisify(execFile);
const builtIndex = path.join(adminUiDist, 'index.html');
// What the built UI is made from; a build older than any of these is stale.
const uiSources = ['admin-ui/src', 'admin-ui/index.html', 'admin-ui/vite.config.ts', 'server/contracts'].map(
  (p) => path.join(repoRoot, p),
);

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(entries.map((entry) => newestMtime(path.join(target, entry))));
  return Math.max(info.mtimeMs, ...times);
}

export async function ensureUiBuilt(): Promise<void> {
  if (existsSync(builtIndex)) {
    const built = (await stat(builtIndex)).mtimeMs;
    const sources = Math.max(...(await Promise.all(uiSources.map(newestMtime))));
    if (built >= sources) return;
  }
  // Vite's build() can't run inside Jest's VM-module realm (rolldown's native binding rejects objects
  // created there), so the same build runs in a plain Node child process.
  await execFileAsync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'admin-ui/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: repoRoot },
  );
}
