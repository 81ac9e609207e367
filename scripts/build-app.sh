#!/usr/bin/env bash
# Builds the browser app into target/site/ (served by the local server and by CloudFront):
#   target/site/index.html, boot.js, style/*.css, and pkg/: worklane.js with its main
#   worklane_bg.wasm (the sign-in page, the frame and the Inbox), __wasm_split.js (the loader of
#   the rest) and one split_*.wasm per lazy route plus the chunk_*.wasm they share,
# plus a .gz copy of each, so the server can send them precompressed.
# Run from the repository root. Needs the wasm32-unknown-unknown target, the wasm-bindgen CLI at
# exactly Cargo.lock's version and wasm-split-cli (scripts/tools.sh app installs them); uses
# wasm-opt from .tools/ when present (npm binaryen).
set -euo pipefail

cd "$(dirname "$0")/.."

SITE=target/site
PKG="$SITE/pkg"
SPLIT=target/wasm-split
WASM=target/wasm32-unknown-unknown/wasm-release/worklane-app.wasm

# `erase_components` makes Leptos type-erase component and view boundaries: every reactive
# `{move || …}` child is compiled once per output type instead of once per closure.
# `--emit-relocs` keeps the linker's relocations, which wasm-split-cli needs to move each lazy
# route's code (and the code only it uses) out of the main module.
RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components -Clink-args=--emit-relocs" \
  cargo build -p worklane-app --target wasm32-unknown-unknown --profile wasm-release

# Splitting, wasm-bindgen and wasm-opt take most of a rebuild; skip them when cargo's output is
# the same as last time (a second `make run` with nothing changed is then up in seconds).
# Only the npm build of binaryen: Debian's wasm-opt produces a module that fails at run time.
WASM_OPT=.tools/node_modules/.bin/wasm-opt
STAMP="$PKG/.source.sha256"
source_hash="$(sha256sum "$WASM" | cut -d' ' -f1) wasm-opt:$([ -x "$WASM_OPT" ] && echo yes || echo no)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$source_hash" ] && [ -f "$PKG/worklane_bg.wasm" ]; then
  echo "app wasm unchanged since the last build; keeping $PKG"
else
  rm -rf "$PKG" "$SPLIT"
  mkdir -p "$PKG" "$SPLIT" "$SITE/style"
  # The main module (for wasm-bindgen), split_*.wasm, chunk_*.wasm and the loader
  # __wasm_split.js, which imports initSync from ./worklane.js beside it.
  # (It warns about name subsections it does not know: harmless, so only errors are shown.)
  RUST_LOG=error wasm-split-cli "$WASM" "$SPLIT" --target web --out-name worklane
  # --keep-lld-exports: the loader links each piece to the main module's function table.
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-dir "$PKG" --out-name worklane "$SPLIT/worklane.wasm"
  cp "$SPLIT/__wasm_split.js" "$PKG/"
  find "$SPLIT" -maxdepth 1 -name '*.wasm' ! -name worklane.wasm -exec cp {} "$PKG/" \;
  for placeholder in __wbindgen_placeholder__ __wasm_split_placeholder__; do
    if grep -l "$placeholder" "$PKG"/*.js; then
      echo "error: $placeholder left in the JavaScript above: a piece was not linked" >&2
      exit 1
    fi
  done

  if [ -x "$WASM_OPT" ]; then
    for file in "$PKG"/*.wasm; do
      "$WASM_OPT" -Oz --strip-debug --strip-producers --enable-bulk-memory \
        --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        --enable-multivalue --enable-reference-types -o "$file.opt" "$file"
      mv "$file.opt" "$file"
    done
  else
    echo "note: $WASM_OPT not found; the wasm is not size-optimised (npm i --prefix .tools binaryen@132)" >&2
  fi
  echo "$source_hash" >"$STAMP"
fi
mkdir -p "$SITE/style"

cp app/index.html "$SITE/index.html"
cp app/boot.js "$SITE/boot.js"
cp style/*.css "$SITE/style/"

find "$SITE" -name '*.gz' -delete
for file in "$SITE/index.html" "$SITE/boot.js" "$SITE"/style/*.css "$PKG"/*.js "$PKG"/*.wasm; do
  gzip -9 -k -f "$file"
done

python3 scripts/app-size.py "$SITE"
