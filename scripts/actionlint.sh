#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint, built from its module through the Go module
# proxy (so the Go checksum database vouches for its source) into a cache outside the
# repository, and reused from there. actionlint also checks the `with:` keys of local actions
# (uses: ./gates) against their action.yml; scripts/check-actions.mjs covers the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v1.7.12
CACHE="${SETUP_GO_VERIFIED_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/setup-go-verified-tests}"
BIN_DIR="$CACHE/tools/actionlint-$VERSION"
if [ ! -x "$BIN_DIR/actionlint" ]; then
  echo "building actionlint $VERSION into $BIN_DIR"
  mkdir -p "$BIN_DIR"
  # GOFLAGS cleared: a caller's -mod=vendor or the like must not change what is built.
  GOBIN="$BIN_DIR" GOTOOLCHAIN=local GOFLAGS= \
    go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"
fi
echo "actionlint $("$BIN_DIR/actionlint" -version | head -1)"
# The shellcheck and pyflakes integrations are off (neither is installed here, and a lint
# must not depend on what happens to be on PATH); actionlint still checks syntax,
# expressions, contexts and their types, job needs, matrix values and action inputs.
"$BIN_DIR/actionlint" -shellcheck= -pyflakes= .github/workflows/*.yml examples/workflows/*.yml
