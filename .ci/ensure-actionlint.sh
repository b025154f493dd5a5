#!/usr/bin/env bash
# Makes actionlint (github.com/rhysd/actionlint, the linter for GitHub Actions workflows) available
# to the tests that check examples/github-actions, and prints its path (the last line of stdout):
# an `actionlint` on PATH, else a cached build, else `go install` of the pinned version from the
# Go module proxy (a few seconds to a minute). The cache lives outside the repository:
# $ACTIONLINT_CACHE, default ~/.cache/bedrock-model-access/actionlint.
set -euo pipefail

VERSION=v1.7.12
CACHE="${ACTIONLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bedrock-model-access/actionlint}/$VERSION"

if command -v actionlint >/dev/null 2>&1; then
    command -v actionlint
    exit 0
fi
if [ ! -x "$CACHE/actionlint" ]; then
    mkdir -p "$CACHE"
    echo "Building actionlint $VERSION from the Go module proxy into $CACHE" >&2
    GOBIN="$CACHE" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" >&2
fi
echo "$CACHE/actionlint"
