#!/usr/bin/env python3
"""Prints what the browser downloads (gzip) for the built app in target/site: the first screen
(sign-in and the Inbox: index.html, boot.js, the CSS, worklane.js, the split loader and the main
wasm), then each lazy route's piece with the shared chunks it needs, read from the loader
__wasm_split.js that wasm-split-cli wrote. The browser tests hold the budget; this says how
close the build is to it."""

import re
import sys
from pathlib import Path

BUDGET = 300 * 1024
SITE = Path(sys.argv[1] if len(sys.argv) > 1 else "target/site")
PKG = SITE / "pkg"


def gz(path: Path) -> int:
    return Path(f"{path}.gz").stat().st_size


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


first = {
    "index.html": gz(SITE / "index.html"),
    "boot.js": gz(SITE / "boot.js"),
    "css": sum(gz(p) for p in sorted((SITE / "style").glob("*.css"))),
    "worklane.js": gz(PKG / "worklane.js"),
    "__wasm_split.js": gz(PKG / "__wasm_split.js"),
    "worklane_bg.wasm": gz(PKG / "worklane_bg.wasm"),
}
initial = sum(first.values())
print(f"first screen (sign-in, Inbox), gzip: {kb(initial)} of a {kb(BUDGET)} budget")
for name, size in first.items():
    print(f"  {name:<20} {kb(size):>9}")

loader = (PKG / "__wasm_split.js").read_text()
chunk_files = dict(
    re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', loader)
)
pieces = re.findall(
    r'export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\((.*?), \[([^\]]*)\]\)\);',
    loader,
    re.S,
)
print("on demand, each page group's first visit (its piece + the shared chunks it needs), gzip:")
seen = set()
for name, fetcher, deps in sorted(pieces):
    files = re.findall(r'new URL\("\./([^"]+)"', fetcher)
    files += [chunk_files[d.strip()] for d in deps.split(",") if d.strip()]
    seen.update(files)
    total = sum(gz(PKG / f) for f in files)
    label = re.sub(r"_\d+$", "", name)
    print(f"  {label:<32} {kb(total):>9}  ({', '.join(files) or 'nothing left to fetch'})")
on_demand = sum(gz(p) for p in PKG.glob("*.wasm") if p.name != "worklane_bg.wasm")
print(f"everything on demand together: {kb(on_demand)}; the whole app: {kb(initial + on_demand)}")
if initial > BUDGET:
    print(f"OVER BUDGET: the first screen is {kb(initial - BUDGET)} over {kb(BUDGET)}", file=sys.stderr)
