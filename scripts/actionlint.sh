#!/usr/bin/env bash
# Lints the workflows with actionlint (built from its module through the Go module proxy, so
# the Go checksum database vouches for its source) and checks the action metadata files.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v1.7.12
BIN_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/setup-go-verified-tests/tools/actionlint-$VERSION"
if [ ! -x "$BIN_DIR/actionlint" ]; then
  mkdir -p "$BIN_DIR"
  GOBIN="$BIN_DIR" GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"
fi
"$BIN_DIR/actionlint" -version | head -1
# shellcheck and pyflakes integrations are off: run: scripts here are short and checked by
# review; actionlint still checks expressions, contexts, inputs of local actions and types.
"$BIN_DIR/actionlint" -shellcheck= -pyflakes= .github/workflows/*.yml
node scripts/check-actions.mjs
