#!/usr/bin/env bash
# The lints that gate `make test`: formatting, and clippy with every warning an error on the
# host targets and on the app for wasm32 (workspace lints in Cargo.toml: no unsafe code, no
# unwrap or expect outside tests). Prints one "lint: <check> passed|failed" line per check.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
check() { # NAME COMMAND...
    local name="$1"; shift
    echo "==> $name: $*"
    if "$@"; then
        echo "lint: $name passed"
    else
        echo "lint: $name failed"
        status=1
    fi
}

check fmt cargo fmt --all --check
check clippy-host cargo clippy --workspace --all-targets -- -D warnings
check clippy-wasm cargo clippy -p worklane-app --target wasm32-unknown-unknown -- -D warnings
exit $status
