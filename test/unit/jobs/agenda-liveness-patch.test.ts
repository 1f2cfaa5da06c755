// The postinstall patch (server/jobs/agenda-liveness-patch.cjs) is applied to the installed agenda: without
// it a stopped app keeps its process alive for lockLifetime/2 on agenda's job liveness timer, and the test
// run (which has no forceExit) would not exit. Fails when an agenda upgrade changes the patched line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../server/paths.js';

describe('agenda liveness-check patch', () => {
  it('is applied: the liveness sleep does not hold the process open', () => {
    const source = readFileSync(join(repoRoot, 'node_modules', 'agenda', 'dist', 'JobProcessor.js'), 'utf8');
    expect(source).toContain(
      'const delay = (ms) => new Promise(resolve => setTimeout(resolve, ms).unref()); // textlane: agenda-liveness-patch',
    );
    // The only caller of that sleep is the liveness check (so unref changes nothing else).
    expect(source.match(/await delay\(/g)).toHaveLength(1);
    expect(source).toMatch(/const checkIfJobIsStillAlive = async \(\) => \{[^]*?await delay\(timeout\)/);
  });
});
