#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with schemathesis (pinned in scripts/tools.sh):
# starts the local server (debug build, in memory, a small demo data set) on a free port, then
# runs every phase (examples, coverage, fuzzing, stateful) with every check, positive and
# negative data, a fixed seed, once signed in as a rep and once as an admin. Fails on any
# failure. Usage: scripts/fuzz-api.sh [extra schemathesis options]
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER=target/debug/worklane
ST=.tools/venv/bin/schemathesis
EXAMPLES="${WORKLANE_FUZZ_EXAMPLES:-40}"
SEED="${WORKLANE_FUZZ_SEED:-20261202}"
[ -x "$SERVER" ] || { echo "fuzz-api: $SERVER is not built (cargo build -p worklane-server)" >&2; exit 1; }
[ -x "$ST" ] || { echo "fuzz-api: schemathesis is not installed (scripts/tools.sh test)" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log=target/test-logs/fuzz-server.log
mkdir -p target/test-logs
"$SERVER" --in-memory --demo-contacts 60 --addr "127.0.0.1:$port" --site target/site >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fsS "$base/api/health" >/dev/null 2>&1 && break
    kill -0 $server 2>/dev/null || { echo "fuzz-api: the server stopped; see $log" >&2; exit 1; }
    sleep 0.5
done

status=0
for who in rep1 admin; do
    echo "==> schemathesis signed in as $who@worklane.test"
    out="target/test-logs/fuzz-$who.log"
    if WORKLANE_FUZZ_EMAIL="$who@worklane.test" WORKLANE_FUZZ_PASSWORD=worklane-demo \
        "$ST" --config-file tests/api-fuzz/schemathesis.toml run "$base/api/openapi.json" \
        --phases examples,coverage,fuzzing,stateful --mode all --checks all \
        --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 --request-timeout 20 \
        --no-color "$@" 2>&1 | tee "$out"; then
        verdict=passed
    else
        verdict=failed
        status=1
    fi
    cases=$(grep -oE '[0-9]+ generated' "$out" | tail -1)
    echo "fuzz-api: signed in as $who, $verdict (${cases:-no} cases, seed $SEED)"
done
exit $status
