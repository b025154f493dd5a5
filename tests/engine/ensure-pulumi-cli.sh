#!/usr/bin/env bash
# Makes the Pulumi CLI, the Node.js language host and the dynamic-provider plugin available to
# the engine tests and CI, and prints the directory that holds them (the last line of stdout).
#
#   1. a `pulumi` already on PATH (with its language host beside it or on PATH);
#   2. else a cached build from an earlier run;
#   3. else the official release archive, where get.pulumi.com is reachable;
#   4. else a build from the Go module proxy: the CLI at the version of @pulumi/pulumi in
#      package-lock.json or, where the proxy refuses that version's source, the newest older
#      release it serves (it says which), and the Node.js language host (see build_language_host).
#
# The cache lives outside the repository: $PULUMI_CLI_CACHE, default ~/.cache/bedrock-model-access/pulumi-cli.
# Nothing here is committed; delete the cache to force a rebuild.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$(node -p "require('$ROOT/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")"
CACHE="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bedrock-model-access/pulumi-cli}"
BIN="$CACHE/v$VERSION/bin"

log() { printf '%s\n' "$*" >&2; }

# The plugin the engine runs for dynamic resources: a shim that starts @pulumi/pulumi's provider host
# from the project's node_modules (the engine runs it in the project directory).
write_shims() {
    local dir="$1"
    # An official release ships both; keep them.
    [ -x "$dir/pulumi-resource-pulumi-nodejs" ] && [ -x "$dir/pulumi-analyzer-policy" ] && return 0
    cat >"$dir/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SHIM
    cat >"$dir/pulumi-analyzer-policy" <<'SHIM'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")" "$@"
SHIM
    chmod +x "$dir/pulumi-resource-pulumi-nodejs" "$dir/pulumi-analyzer-policy"
}

complete() {
    local dir="$1"
    [ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-language-nodejs" ] && [ -x "$dir/pulumi-resource-pulumi-nodejs" ]
}

# 1. Already installed.
if command -v pulumi >/dev/null 2>&1; then
    dir="$(dirname "$(command -v pulumi)")"
    if [ -x "$dir/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1; then
        log "Using the Pulumi CLI on PATH: $(pulumi version) in $dir"
        echo "$dir"
        exit 0
    fi
fi

# The forwarding language host (tests/engine/langhost) is this project's code: a cached build made
# from other sources is rebuilt (seconds), so a change to it reaches every machine's cache.
LANGHOST_SOURCE="$(cd "$ROOT/tests/engine/langhost" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-16)"
build_forwarding_host() {
    local bin="$1"
    (cd "$ROOT/tests/engine/langhost" && GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go build -o "$bin/pulumi-language-nodejs" . >&2)
    echo "$LANGHOST_SOURCE" >"$bin/.langhost-source"
}

# 2. Cached.
if complete "$BIN" && [ -x "$BIN/pulumi-language-nodejs-v3.68.0" ] && [ "$(cat "$BIN/.langhost-source" 2>/dev/null)" != "$LANGHOST_SOURCE" ]; then
    log "Rebuilding the forwarding language host (tests/engine/langhost changed)"
    build_forwarding_host "$BIN"
fi
if complete "$BIN"; then
    log "Using the cached Pulumi CLI $(cat "$BIN/.built-version" 2>/dev/null || echo "v$VERSION") (for @pulumi/pulumi v$VERSION) in $BIN"
    echo "$BIN"
    exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-cli.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"

# 3. The official release, where reachable.
official="https://get.pulumi.com/releases/sdk/pulumi-v$VERSION-linux-x64.tar.gz"
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && [ -z "${PULUMI_CLI_NO_DOWNLOAD:-}" ] &&
    curl -fsSL --connect-timeout 5 --max-time 120 -o "$work/pulumi.tar.gz" "$official" 2>/dev/null; then
    tar -xzf "$work/pulumi.tar.gz" -C "$work"
    cp "$work"/pulumi/* "$work/bin/"
    log "Installed the official Pulumi CLI v$VERSION"
else
    # 4. Build from the Go module proxy.
    command -v go >/dev/null 2>&1 || {
        log "The Pulumi CLI is not on PATH, its release archive is unreachable, and Go is not installed to build it."
        log "Install the CLI: https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh)."
        exit 1
    }
    export GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
    started=$(date +%s)
    # The newest pkg/v3 release at or below the lockfile's version whose source the proxy serves
    # (this workplace's proxy refuses some releases' source).
    BUILD=""
    for candidate in $(go list -m -versions "github.com/pulumi/pulumi/pkg/v3" 2>/dev/null | tr ' ' '\n' | node "$ROOT/tests/engine/cli-versions.js" "$VERSION"); do
        if (cd "$work" && go mod download "github.com/pulumi/pulumi/pkg/v3@$candidate" >/dev/null 2>&1); then
            BUILD="${candidate#v}"
            break
        fi
        log "The Go module proxy does not serve the source of pkg/v3 $candidate; trying an older release."
    done
    BUILD="${BUILD:-$VERSION}"
    if [ "$BUILD" != "$VERSION" ]; then
        log "Building the Pulumi CLI v$BUILD: the newest release at or below the lockfile's v$VERSION that the module proxy serves."
    fi
    log "Building the Pulumi CLI v$BUILD from the Go module proxy (a few minutes on the first run)..."
    mkdir -p "$work/cli"
    (
        cd "$work/cli"
        cat >go.mod <<EOF
module bedrock-model-access/pulumi-cli

go 1.25

require github.com/pulumi/pulumi/pkg/v3 v$BUILD

// pkg/v3's own go.mod replaces this module; a replace only applies in the main module, so repeat it.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
        printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' >tools.go
        go mod tidy >&2
        go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$BUILD" \
            -o "$work/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
    )
    echo "v$BUILD" >"$work/bin/.built-version"

    # The Node.js language host is its own module, sdk/nodejs/cmd/pulumi-language-nodejs/v3, untagged:
    # first try the pseudo-version of the commit the pkg/v3 release was tagged on. Where the module
    # proxy refuses that module (this workplace's answers 403), use the newest sdk/v3 release that
    # still carried the language host inside it (v3.68.0), behind tests/engine/langhost: a small
    # host of this project that forwards every call to it and runs policy packs itself (RunPlugin,
    # which v3.68.0 lacks and the CLI uses for Node.js policy packs).
    build_language_host() {
        local info hash stamp pseudo
        info="$(go list -m -json "github.com/pulumi/pulumi/pkg/v3@v$BUILD" 2>/dev/null || true)"
        hash="$(printf '%s' "$info" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);process.stdout.write((j.Origin&&j.Origin.Hash||"").slice(0,12))}catch{}})')"
        stamp="$(printf '%s' "$info" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.stdout.write(JSON.parse(s).Time.replace(/[-:TZ]/g,""))}catch{}})')"
        mkdir -p "$work/host"
        cd "$work/host"
        if [ -n "$hash" ] && [ -n "$stamp" ]; then
            pseudo="v3.0.0-$stamp-$hash"
            printf 'module bedrock-model-access/pulumi-language-nodejs\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 %s\n' "$pseudo" >go.mod
            printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"\n' >tools.go
            if go mod tidy >/dev/null 2>&1 &&
                go build -o "$work/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >&2; then
                log "Built the Node.js language host at $pseudo"
                return 0
            fi
            log "The module proxy does not serve the language host at $pseudo; using sdk/v3 v3.68.0's behind tests/engine/langhost."
        fi
        rm -f go.mod go.sum tools.go
        printf 'module bedrock-model-access/pulumi-language-nodejs\n\ngo 1.21\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.68.0\n' >go.mod
        printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"\n' >tools.go
        go mod tidy >&2
        go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.68.0" \
            -o "$work/bin/pulumi-language-nodejs-v3.68.0" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2
        build_forwarding_host "$work/bin"
    }
    (build_language_host)
    log "Built in $(($(date +%s) - started)) s"
fi

write_shims "$work/bin"
complete "$work/bin" || { log "The Pulumi CLI install in $work/bin is incomplete."; exit 1; }
mkdir -p "$(dirname "$BIN")"
rm -rf "$BIN"
mv "$work/bin" "$BIN"
log "Pulumi CLI $(cat "$BIN/.built-version" 2>/dev/null || echo "v$VERSION") ready in $BIN (for @pulumi/pulumi v$VERSION)"
echo "$BIN"
