#!/usr/bin/env bash
# Builds the browser app into target/site/ (served by the local server and by CloudFront):
#   target/site/index.html, target/site/style/*.css, target/site/pkg/worklane{.js,_bg.wasm}
# plus a .gz copy of each, so the server can send them precompressed.
# Run from the repository root. Needs the wasm32-unknown-unknown target and the wasm-bindgen
# CLI at exactly Cargo.lock's version; uses wasm-opt from .tools/ when present (npm binaryen).
set -euo pipefail

cd "$(dirname "$0")/.."

SITE=target/site
PKG="$SITE/pkg"
WASM=target/wasm32-unknown-unknown/wasm-release/worklane-app.wasm

# `erase_components` makes Leptos type-erase component and view boundaries: every reactive
# `{move || …}` child is compiled once per output type instead of once per closure. It cuts
# the bundle by about a sixth and is what keeps the app under its size budget.
RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components" \
  cargo build -p worklane-app --target wasm32-unknown-unknown --profile wasm-release

# wasm-bindgen and wasm-opt take most of a rebuild; skip them when cargo's output is the
# same as last time (a second `make run` with nothing changed is then up in seconds).
# Only the npm build of binaryen: Debian's wasm-opt produces a module that fails at run time.
WASM_OPT=.tools/node_modules/.bin/wasm-opt
STAMP="$PKG/.source.sha256"
source_hash="$(sha256sum "$WASM" | cut -d' ' -f1) wasm-opt:$([ -x "$WASM_OPT" ] && echo yes || echo no)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$source_hash" ] && [ -f "$PKG/worklane_bg.wasm" ]; then
  echo "app wasm unchanged since the last build; keeping $PKG"
else
  rm -rf "$PKG"
  mkdir -p "$PKG" "$SITE/style"
  wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name worklane "$WASM"

  if [ -x "$WASM_OPT" ]; then
    "$WASM_OPT" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
      -o "$PKG/worklane_bg.opt.wasm" "$PKG/worklane_bg.wasm"
    mv "$PKG/worklane_bg.opt.wasm" "$PKG/worklane_bg.wasm"
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

size() { wc -c <"$1" | tr -d ' '; }
wasm_gz=$(size "$PKG/worklane_bg.wasm.gz")
js_gz=$(size "$PKG/worklane.js.gz")
css_gz=0
for file in "$SITE"/style/*.css.gz; do
  css_gz=$((css_gz + $(size "$file")))
done
total=$((wasm_gz + js_gz + css_gz))
printf 'app built in %s: wasm %s B raw, %s B gzip; js %s B gzip; css %s B gzip\n' \
  "$SITE" "$(size "$PKG/worklane_bg.wasm")" "$wasm_gz" "$js_gz" "$css_gz"
printf 'gzip transfer size (wasm + js + css): %s B (%s KB)\n' "$total" "$(( (total + 1023) / 1024 ))"
