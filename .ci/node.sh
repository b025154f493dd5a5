# Source this file: it puts Node.js 24 (the current LTS) first on PATH when the machine's own
# Node.js is older than 22 or missing, or when BEDROCK_MODEL_ACCESS_NODE=24 asks for it (CI does).
# The npm registry's `node` package ships real Node.js binaries; the install is cached outside
# the repository, in ${XDG_CACHE_HOME:-~/.cache}/bedrock-model-access/node24.
bma_node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$bma_node_major" -lt 22 ] || { [ "${BEDROCK_MODEL_ACCESS_NODE:-}" = 24 ] && [ "$bma_node_major" != 24 ]; }; then
    bma_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/bedrock-model-access/node24"
    if [ ! -x "$bma_node_dir/node_modules/.bin/node" ]; then
        echo "Installing Node.js 24 from the npm registry into $bma_node_dir (the machine has Node.js ${bma_node_major})..." >&2
        npm install --no-audit --no-fund --no-save --prefix "$bma_node_dir" node@24 >&2
    fi
    export PATH="$bma_node_dir/node_modules/.bin:$PATH"
fi
echo "Using Node.js $(node --version) from $(command -v node)" >&2
unset bma_node_major bma_node_dir
