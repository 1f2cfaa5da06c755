// The admin UI's build is a production build whoever runs it. The browser tests build it from inside Jest,
// whose NODE_ENV is "test"; Vite takes the build's flavour from NODE_ENV, and such a build shipped React's
// development runtime and Polaris Viz's test-only first measurement (a 500 px legend: negative chart heights).
// Vite's config resolution can't run in Jest's VM-module realm (see test/e2e/support/ui-build.ts), so it runs
// in a plain Node child process, with NODE_ENV=test as the browser tests pass it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from '../../../server/paths.js';

const run = promisify(execFile);

const resolveBuildConfig = `
import { resolveConfig } from 'vite';
const config = await resolveConfig({ configFile: 'admin-ui/vite.config.ts', logLevel: 'silent' }, 'build');
console.log(JSON.stringify({ isProduction: config.isProduction, nodeEnv: process.env.NODE_ENV }));
`;

describe('admin UI build mode', () => {
  it('is production when the caller runs under NODE_ENV=test', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', resolveBuildConfig], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test' },
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      isProduction: true,
      nodeEnv: 'production',
    });
  }, 60_000);
});
