#!/usr/bin/env bash
# Makes an S3-compatible server available to the engine tests of the S3 state backend and prints
# its path (the last line of stdout): gofakes3 (github.com/johannesboyne/gofakes3), built from the
# Go module proxy and cached outside the repository ($FAKE_S3_CACHE, default
# ~/.cache/bedrock-model-access/gofakes3). The tests start it on 127.0.0.1 only.
set -euo pipefail

VERSION=v1.2.0
CACHE="${FAKE_S3_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bedrock-model-access/gofakes3}"
BIN="$CACHE/$VERSION/gofakes3"

if [ -x "$BIN" ]; then
    echo "$BIN"
    exit 0
fi
command -v go >/dev/null 2>&1 || { echo "Go is needed to build the S3 test server (gofakes3)." >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/gofakes3.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
printf 'module bedrock-model-access/gofakes3\n\ngo 1.25\n\nrequire github.com/johannesboyne/gofakes3 %s\n' "$VERSION" >go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/johannesboyne/gofakes3/cmd/gofakes3"\n' >tools.go
export GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
go mod tidy >&2
mkdir -p "$(dirname "$BIN")"
go build -o "$work/gofakes3" github.com/johannesboyne/gofakes3/cmd/gofakes3 >&2
mv "$work/gofakes3" "$BIN"
echo "Built gofakes3 $VERSION in $BIN" >&2
echo "$BIN"
