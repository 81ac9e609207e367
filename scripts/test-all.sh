#!/usr/bin/env bash
# Runs every suite, even after one fails, prints each runner's summary, then one closing
# line for all; exits non-zero if any suite failed. Called by `make test` once the tools are
# installed and the app is built.
set -uo pipefail

cd "$(dirname "$0")/.."
LOGS=target/test-logs
mkdir -p "$LOGS"

failed_suites=()
passed_total=0
failed_total=0

count() { # FILE PATTERN -> the sum of the numbers before PATTERN in the summary lines of FILE
    grep -oE "[0-9]+ $2" "$1" | awk '{s += $1} END {print s + 0}'
}

add_cargo_counts() { # FILE — adds the "test result:" lines of a cargo test log to the totals
    local passed failed
    passed=$(grep -E '^test result:' "$1" | grep -oE '[0-9]+ passed' | awk '{s += $1} END {print s + 0}')
    failed=$(grep -E '^test result:' "$1" | grep -oE '[0-9]+ failed' | awk '{s += $1} END {print s + 0}')
    passed_total=$((passed_total + passed)); failed_total=$((failed_total + failed))
    printf '%s: %s passed, %s failed\n' "$(basename "$1" .log)" "$passed" "$failed"
}

suite() { # NAME COMMAND... — runs it with its output shown and kept in target/test-logs/NAME.log
    local name="$1"; shift
    printf '\n==> %s: %s\n' "$name" "$*"
    "$@" 2>&1 | tee "$LOGS/$name.log"
    local status=${PIPESTATUS[0]}
    if [ "$status" -ne 0 ]; then failed_suites+=("$name"); fi
    return 0
}

# Formatting and clippy (host and wasm32), warnings as errors.
suite lint scripts/lint.sh
passed_total=$((passed_total + $(grep -cE '^lint: .* passed' "$LOGS/lint.log")))
failed_total=$((failed_total + $(grep -cE '^lint: .* failed' "$LOGS/lint.log")))

# Every target at once, the local server's binary among them: built with the same features
# as the tests, the browser tests' server costs no second compile.
suite build cargo build --workspace --exclude worklane-app --all-targets

# Unit, API, conformance (embedded and DynamoDB on moto), Lambda runtime and infra tests.
suite cargo scripts/with-moto.sh cargo test --workspace --exclude worklane-app
add_cargo_counts "$LOGS/cargo.log"

# The API suite again with DynamoDB (moto) behind the router: every use case on both engines.
suite api-dynamodb env WORKLANE_TEST_ENGINE=dynamodb scripts/with-moto.sh cargo test -p worklane-tests --test api
add_cargo_counts "$LOGS/api-dynamodb.log"

# The app's own unit tests (plain Rust, run on the host).
suite app-unit cargo test -p worklane-app --lib
add_cargo_counts "$LOGS/app-unit.log"

# cfn-lint on the SAM template.
suite infra scripts/lint-infra.sh
passed_total=$((passed_total + $(count "$LOGS/infra.log" passed)))
failed_total=$((failed_total + $(count "$LOGS/infra.log" failed)))

# The API fuzzed from its own OpenAPI document, signed in as a rep and as an admin.
suite api-fuzz scripts/fuzz-api.sh
# Each signed-in run counts as one test (its case count is in the log).
passed_total=$((passed_total + $(grep -cE '^fuzz-api: .* passed' "$LOGS/api-fuzz.log")))
failed_total=$((failed_total + $(grep -cE '^fuzz-api: .* failed' "$LOGS/api-fuzz.log")))

# Browser tests: headless Chromium clicking through the built app on the local server.
if [ -f tests/e2e/package.json ]; then
    suite e2e bash -c 'cd tests/e2e && npx playwright test'
    passed_total=$((passed_total + $(grep -E '^\s+[0-9]+ passed' "$LOGS/e2e.log" | grep -oE '[0-9]+' | head -1 | awk '{print $1 + 0}')))
    failed_total=$((failed_total + $(grep -E '^\s+[0-9]+ (failed|flaky)' "$LOGS/e2e.log" | grep -oE '^\s+[0-9]+' | awk '{s += $1} END {print s + 0}')))
fi

echo
if [ ${#failed_suites[@]} -gt 0 ]; then
    echo "failed suites: ${failed_suites[*]} (logs in $LOGS/)"
    [ "$failed_total" -gt 0 ] || failed_total=${#failed_suites[@]}
fi
echo "make test: $passed_total passed, $failed_total failed"
[ ${#failed_suites[@]} -eq 0 ]
