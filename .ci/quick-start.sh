#!/usr/bin/env bash
# The README's quick start, as a newcomer runs it: `npm start` with no DATABASE_URL, no NODE_ENV and no Shopify
# or SMS settings (local mode, embedded PostgreSQL), building the admin UI first when it is missing (as on a fresh
# clone, where .ci/run calls this before `npm run build`: dist/ does not exist yet). Passes when the app says it is
# ready, serves the admin page and its API, and shuts down cleanly on Ctrl-C. The embedded database goes to a
# temporary directory, so a developer's own .data/ is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${QUICK_START_PORT:-3000}"
dir="$(mktemp -d)"
log="${dir}/start.log"
trap 'rm -rf "$dir"' EXIT
: >"$log"

# A process group of its own, so SIGTERM reaches npm's child (tsx, then node) as a terminal's Ctrl-C would.
env -u DATABASE_URL -u NODE_ENV -u SHOPIFY_API_KEY -u SHOPIFY_API_SECRET -u SMS_PROVIDER \
  PORT="$port" EMBEDDED_DB_DIR="${dir}/pglite" setsid npm start >"$log" 2>&1 &
pid=$!

fail() {
  echo "quick start: $1" >&2
  tail -n 40 "$log" >&2 || true
  kill -KILL -- "-$pid" 2>/dev/null || true
  exit 1
}

for _ in $(seq 1 300); do
  grep -q 'Local mode ready' "$log" && break
  kill -0 "$pid" 2>/dev/null || fail "npm start exited before it was ready"
  sleep 1
done
grep -q 'Local mode ready' "$log" || fail "not ready after 300 s"

base="http://127.0.0.1:${port}"
curl -fsS "${base}/" | grep -q '<div id="root">' || fail "GET / did not serve the admin page"
curl -fsS "${base}/readyz" >/dev/null || fail "GET /readyz failed"
curl -fsS "${base}/api/campaigns" | grep -q '"items"' || fail "GET /api/campaigns did not answer the demo shop's list"

# Ctrl-C in a terminal: SIGINT to the whole group (npm, tsx and the app). The app must shut down gracefully once
# (no "second signal" from a relayed copy, no failed shutdown) and every process of the group must be gone.
kill -INT -- "-$pid"
for _ in $(seq 1 30); do
  pgrep -g "$pid" >/dev/null || break
  sleep 1
done
pgrep -g "$pid" >/dev/null && fail "processes still running 30 s after SIGINT"
wait "$pid" || true
grep -q 'shutting down gracefully' "$log" || fail "the app did not log a graceful shutdown"
if grep -q -e 'second signal' -e 'shutdown failed' "$log"; then fail "the shutdown was not clean"; fi
echo "quick start: ready, admin page and API served, clean shutdown on Ctrl-C"
