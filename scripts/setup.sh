#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Tagmark, then puts the
# tools on PATH. Safe to run again: each step checks before it installs.
# Sourced by scripts/serve and scripts/test; can also be run on its own.

tagmark_setup() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"

  command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; return 1; }

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "setup: adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || return 1
  fi

  if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
    echo "setup: installing trunk 0.21.14 (about 8 minutes)"
    cargo install trunk --version 0.21.14 --locked || return 1
  fi

  # wasm-bindgen-cli must match the wasm-bindgen the app links, exactly.
  local bindgen
  bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")"
  [ -n "$bindgen" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; return 1; }
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen" \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    echo "setup: installing wasm-bindgen-cli $bindgen"
    # No --locked: its lockfile names a crate version this registry lacks.
    cargo install wasm-bindgen-cli --version "$bindgen" || return 1
  fi

  # Debian's chromium for the browser tests, and a CJK font so that the
  # end-to-end tests drag over real glyphs rather than missing-glyph boxes.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! fc-list 2>/dev/null | grep -qi 'WenQuanYi'; then
    echo "setup: installing chromium, chromedriver and a CJK font from Debian"
    $sudo apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei \
      || return 1
  fi

  # npm: binaryen@132's wasm-opt (Debian's 108 breaks the wasm) and Playwright
  # (driving Debian's chromium; it never downloads a browser).
  if [ ! -x "$root/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/node_modules/@playwright/test" ] \
    || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "setup: installing npm packages"
    (cd "$root" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) || return 1
  fi

  wasm-opt --version | grep -q 'version 132' || { echo "setup: wasm-opt is not binaryen 132" >&2; return 1; }
  export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
  export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  tagmark_setup
  echo "setup: everything is in place"
else
  tagmark_setup || { echo "setup failed" >&2; return 1; }
fi
