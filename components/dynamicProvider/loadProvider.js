// Loads a dynamic provider written in TypeScript, in the dynamic-provider process the engine
// starts (which has no TypeScript loader of its own), for the forwarding provider of
// byReference.ts. Plain JavaScript, so that the state's stored provider only has to name it: its
// text is stored twice per resource, this file's is not. Once per process: Node's on-disk compile
// cache (Node 22.1+; typescript.js then loads in 0.1 s, not 0.3 s), then ts-node, transpile-only,
// with swc (0.05 s for the provider's modules instead of 0.45 s with TypeScript's transpiler), which
// reads the working directory's tsconfig.json. Only here: a provider serialized by value (tests,
// and stacks deployed before the provider was stored by reference) needs TypeScript's output,
// whose import helpers hold no WeakMap for the closure serializer to copy.
"use strict";
const path = require("path");

/** swc when its native binary loads on this platform, else TypeScript's transpiler (slower, same result). */
function transpiler() {
    try {
        require("@swc/core");
        return { transpiler: "ts-node/transpilers/swc" };
    } catch {
        return {};
    }
}

module.exports = function loadProvider(relativeFile, exportName) {
    if (!process[Symbol.for("ts-node.register.instance")]) {
        require("module").enableCompileCache?.();
        require("ts-node").register({ transpileOnly: true, ...transpiler() });
    }
    return require(path.resolve(relativeFile))[exportName];
};
