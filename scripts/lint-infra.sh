#!/usr/bin/env bash
# Lints the SAM template with cfn-lint (installed into .tools/venv when missing; other packages
# already in that venv are left alone) and prints a runner-style summary line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV=.tools/venv
TEMPLATE=infra/template.yaml

if [ ! -x "$VENV/bin/cfn-lint" ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        echo "lint-infra: creating $VENV"
        python3 -m venv "$VENV"
    fi
    echo "lint-infra: installing cfn-lint into $VENV"
    if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check cfn-lint; then
        echo "lint-infra: ERROR: could not install cfn-lint into $VENV" >&2
        exit 1
    fi
fi

status=0
"$VENV/bin/cfn-lint" "$TEMPLATE" || status=$?

if [ "$status" -eq 0 ]; then
    echo "cfn-lint: 1 passed, 0 failed"
else
    echo "cfn-lint: $TEMPLATE has findings (exit $status)" >&2
    echo "cfn-lint: 0 passed, 1 failed"
fi
exit "$status"
