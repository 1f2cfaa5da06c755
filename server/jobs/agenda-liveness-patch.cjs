// Run by `npm install` (postinstall). Agenda 6.2.x races every job against a liveness check that sleeps
// lockLifetime/2 (5 minutes at our defaults) on a referenced timer that is never cleared when the job ends
// (node_modules/agenda/dist/JobProcessor.js, `delay`). A stopped app therefore keeps its process alive for
// up to 5 minutes after stop() (tests booting the app in-process never exit; `npm start` calls
// process.exit after stopping, so it is not affected). The patch unreferences that one timer: the check
// still runs while the process is alive for other reasons (a running job always holds a database socket).
// Idempotent; if agenda changes the line, it says so and test/unit/jobs/agenda-liveness-patch.test.ts fails.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const file = join(__dirname, '..', '..', 'node_modules', 'agenda', 'dist', 'JobProcessor.js');
const ORIGINAL = 'const delay = (ms) => new Promise(resolve => setTimeout(resolve, ms));';
const PATCHED =
  'const delay = (ms) => new Promise(resolve => setTimeout(resolve, ms).unref()); // textlane: agenda-liveness-patch';

let source;
try {
  source = readFileSync(file, 'utf8');
} catch {
  process.exit(0); // agenda not installed (e.g. a production install without it): nothing to patch
}
if (source.includes(PATCHED)) process.exit(0);
if (!source.includes(ORIGINAL)) {
  process.stderr.write(
    `agenda-liveness-patch: the line to patch is not in ${file}; check the new agenda version\n`,
  );
  process.exit(0);
}
writeFileSync(file, source.replace(ORIGINAL, PATCHED));
