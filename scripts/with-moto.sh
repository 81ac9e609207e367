#!/usr/bin/env bash
# Runs a command with a moto server (a local AWS emulator: DynamoDB, SES v2, SNS…) on a free
# loopback port, WORKLANE_DYNAMODB_ENDPOINT and WORKLANE_MOTO_ENDPOINT pointing at it, and
# stops moto when the command ends.
# Exits with the command's status.
#
#   scripts/with-moto.sh cargo test -p worklane-tests --test store_conformance
#
# moto comes from .tools/venv (created here with moto[server] if missing); its log is
# .tools/logs/moto.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.tools/venv"
LOGS="$ROOT/.tools/logs"
MOTO="$VENV/bin/moto_server"
MOTO_SPEC="moto[server]==5.*"
READY_WITHIN=30

say() { printf 'with-moto: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[ $# -ge 1 ] || die "usage: scripts/with-moto.sh COMMAND [ARGS...]"
mkdir -p "$LOGS"

if [ ! -x "$MOTO" ]; then
    command -v python3 >/dev/null 2>&1 || die "python3 not found: it is needed to install moto into .tools/venv"
    say "installing $MOTO_SPEC into .tools/venv (about 2 minutes)..."
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" >"$LOGS/venv.log" 2>&1 \
        || die "python3 -m venv .tools/venv failed; see .tools/logs/venv.log"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$MOTO_SPEC" \
        >"$LOGS/pip-moto.log" 2>&1 \
        || die "pip install $MOTO_SPEC failed; see .tools/logs/pip-moto.log"
    [ -x "$MOTO" ] || die "moto installed but $MOTO is missing"
fi

# A port the kernel says is free now; moto binds it a moment later.
PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
ENDPOINT="http://127.0.0.1:$PORT"

"$MOTO" -H 127.0.0.1 -p "$PORT" >"$LOGS/moto.log" 2>&1 &
MOTO_PID=$!
stop_moto() {
    if kill -0 "$MOTO_PID" 2>/dev/null; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
}
trap stop_moto EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Ready when it answers HTTP at all (any status code).
answers() {
    "$VENV/bin/python" - "$ENDPOINT" <<'PY' >/dev/null 2>&1
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1)
except urllib.error.HTTPError:
    pass
PY
}

deadline=$((SECONDS + READY_WITHIN))
until answers; do
    kill -0 "$MOTO_PID" 2>/dev/null \
        || die "moto exited before answering; last lines of .tools/logs/moto.log:$(printf '\n'; tail -n 20 "$LOGS/moto.log")"
    [ "$SECONDS" -lt "$deadline" ] \
        || die "moto did not answer on $ENDPOINT within ${READY_WITHIN}s; see .tools/logs/moto.log"
    sleep 0.3
done
say "moto is answering on $ENDPOINT"

export WORKLANE_DYNAMODB_ENDPOINT="$ENDPOINT"
export WORKLANE_MOTO_ENDPOINT="$ENDPOINT"
status=0
"$@" || status=$?
exit "$status"
