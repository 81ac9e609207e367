#!/usr/bin/env bash
# Installs the tools the Makefile needs, idempotently: each step checks first and prints one
# line saying what it did or that the tool was already there. Quick when nothing is missing.
#
#   scripts/tools.sh app     wasm32 target, wasm-bindgen CLI (= Cargo.lock's wasm-bindgen),
#                            wasm-split-cli (splits the app by route), wasm-opt from npm's
#                            binaryen@132 (never Debian's binaryen 108)
#   scripts/tools.sh test    .tools/venv with moto[server], cfn-lint and schemathesis, Debian's chromium,
#                            tests/e2e's npm packages (no browser download)
#   scripts/tools.sh lambda  cargo-lambda (PyPI, brings zig) in .tools/venv, aarch64 target
#   scripts/tools.sh all     all of the above
#
# Everything project-local goes under .tools/ (git-ignored); the logs of installs that ran are
# in .tools/logs/.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
LOGS="$TOOLS/logs"
BINARYEN_VERSION=132
# Pinned: a new release may add checks, which is worth a deliberate upgrade, not a surprise.
SCHEMATHESIS_VERSION=4.32.5
# 0.2.3 is the first that roots wasm-bindgen 0.2.128+'s descriptors in the main module.
WASM_SPLIT_VERSION=0.2.4
STEP="starting"

say() { printf 'tools: %s\n' "$*"; }
die() { printf 'tools: ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; printf "tools: ERROR: step \"%s\" failed (exit %s, line %s)\n" "$STEP" "$rc" "$LINENO" >&2' ERR

# run_logged NAME CMD... — runs CMD with its output in .tools/logs/NAME.log; on failure shows
# the end of that log and stops.
run_logged() {
    local name="$1"; shift
    mkdir -p "$LOGS"
    local log="$LOGS/$name.log"
    if ! "$@" >"$log" 2>&1; then
        printf 'tools: ERROR: %s failed: %s\n--- last lines of %s ---\n' "$name" "$*" "$log" >&2
        tail -n 30 "$log" >&2
        trap - ERR
        exit 1
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for: $* (not root and no sudo)"
    fi
}

rust_target() {
    local target="$1"
    STEP="rust target $target"
    command -v rustup >/dev/null 2>&1 || die "rustup not found: install Rust with rustup (https://rustup.rs)"
    if rustup target list --installed | grep -qx "$target"; then
        say "rust target $target already installed"
    else
        run_logged "rustup-$target" rustup target add "$target"
        say "rust target $target installed"
    fi
}

venv() {
    STEP="python venv $VENV"
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '' >/dev/null 2>&1; then
        return 0
    fi
    command -v python3 >/dev/null 2>&1 || die "python3 not found: it is needed for $VENV"
    mkdir -p "$TOOLS"
    run_logged venv python3 -m venv "$VENV"
    run_logged pip-upgrade "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    say "python venv created at .tools/venv"
}

# pip_tool LABEL CHECK_CMD PIP_SPEC... — installs PIP_SPEC into the venv unless CHECK_CMD succeeds.
pip_tool() {
    local label="$1" check="$2"; shift 2
    STEP="pip $label"
    venv
    if bash -c "$check" >/dev/null 2>&1; then
        say "$label already installed in .tools/venv"
    else
        run_logged "pip-$label" "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
        say "$label installed in .tools/venv"
    fi
}

# --- app -------------------------------------------------------------------------------------

wasm_bindgen() {
    STEP="wasm-bindgen CLI"
    [ -f Cargo.lock ] || die "Cargo.lock not found: run 'cargo generate-lockfile' first"
    local want
    want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)"
    [ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
    local have=""
    if command -v wasm-bindgen >/dev/null 2>&1; then
        have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')"
    fi
    if [ "$have" = "$want" ]; then
        say "wasm-bindgen $want already installed"
    else
        say "installing wasm-bindgen-cli $want${have:+ (found $have)}; this takes about 5 minutes..."
        # Never --locked: the CLI's own lockfile pins a webpki-roots the registry lacks.
        run_logged wasm-bindgen-cli cargo install wasm-bindgen-cli --version "$want" --force
        say "wasm-bindgen $want installed"
    fi
}

wasm_split() {
    STEP="wasm-split-cli"
    if command -v wasm-split-cli >/dev/null 2>&1 \
        && cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        say "wasm-split-cli $WASM_SPLIT_VERSION already installed"
    else
        say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)..."
        run_logged wasm-split-cli cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
            --features build-binary --locked --force
        say "wasm-split-cli $WASM_SPLIT_VERSION installed"
    fi
}

wasm_opt() {
    STEP="wasm-opt (npm binaryen@$BINARYEN_VERSION)"
    local bin="$TOOLS/node_modules/.bin/wasm-opt"
    if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
        say "wasm-opt $BINARYEN_VERSION already installed at .tools/node_modules/.bin/wasm-opt"
    elif ! command -v npm >/dev/null 2>&1; then
        say "NOTICE: npm not found; skipping wasm-opt (the app builds, unoptimised; install Node.js for a smaller wasm)"
    else
        mkdir -p "$TOOLS"
        run_logged binaryen npm install --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION"
        "$bin" --version >/dev/null || die "wasm-opt from binaryen@$BINARYEN_VERSION does not run"
        say "wasm-opt $BINARYEN_VERSION installed at .tools/node_modules/.bin/wasm-opt"
    fi
}

cmd_app() {
    rust_target wasm32-unknown-unknown
    wasm_bindgen
    wasm_split
    wasm_opt
}

# --- test ------------------------------------------------------------------------------------

chromium() {
    STEP="chromium"
    if [ -x /usr/bin/chromium ]; then
        say "chromium already installed at /usr/bin/chromium"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || die "/usr/bin/chromium missing and no apt-get to install it"
    say "installing Debian's chromium (about a minute)..."
    run_logged apt-update as_root apt-get update
    run_logged apt-chromium as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
    [ -x /usr/bin/chromium ] || die "apt-get installed chromium but /usr/bin/chromium is missing"
    say "chromium installed at /usr/bin/chromium"
}

e2e_packages() {
    STEP="tests/e2e npm packages"
    local dir="$ROOT/tests/e2e"
    if [ ! -f "$dir/package.json" ]; then
        say "no tests/e2e/package.json; nothing to install for browser tests"
    elif [ -d "$dir/node_modules" ]; then
        say "tests/e2e node_modules already installed"
    else
        command -v npm >/dev/null 2>&1 || die "npm not found: Node.js is needed for the browser tests in tests/e2e"
        if [ -f "$dir/package-lock.json" ]; then
            run_logged e2e-npm env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefix "$dir"
        else
            run_logged e2e-npm env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --prefix "$dir"
        fi
        say "tests/e2e npm packages installed (browser download skipped; tests use /usr/bin/chromium)"
    fi
}

cmd_test() {
    pip_tool "moto[server]" "'$VENV/bin/python' -c 'import moto.server, flask_cors' && test -x '$VENV/bin/moto_server'" "moto[server]"
    pip_tool cfn-lint "test -x '$VENV/bin/cfn-lint'" cfn-lint
    pip_tool "schemathesis==$SCHEMATHESIS_VERSION" \
        "'$VENV/bin/schemathesis' --version | grep -qx 'schemathesis, version $SCHEMATHESIS_VERSION'" \
        "schemathesis==$SCHEMATHESIS_VERSION"
    chromium
    e2e_packages
}

# --- lambda ----------------------------------------------------------------------------------

cmd_lambda() {
    pip_tool cargo-lambda "test -x '$VENV/bin/cargo-lambda'" cargo-lambda
    rust_target aarch64-unknown-linux-gnu
}

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] || usage
for cmd in "$@"; do
    case "$cmd" in
        app) cmd_app ;;
        test) cmd_test ;;
        lambda) cmd_lambda ;;
        all) cmd_app; cmd_test; cmd_lambda ;;
        -h|--help|help) usage ;;
        *) printf 'tools: unknown subcommand "%s"\n' "$cmd" >&2; usage ;;
    esac
done
