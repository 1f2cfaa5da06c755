// Absolute paths to files the server needs, the same whether it runs from source (tsx) or from dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'shopify.app.toml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const adminUiDist = join(repoRoot, 'dist', 'admin-ui');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
