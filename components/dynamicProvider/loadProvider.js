// Loads a dynamic provider written in TypeScript, in the dynamic-provider process the engine
// starts (which has no TypeScript loader of its own), for the forwarding provider of
// byReference.ts. Plain JavaScript, so that the state's stored provider only has to name it: its
// text is stored twice per resource, this file's is not. Once per process: Node's on-disk compile
// cache (Node 22.1+; typescript.js then loads in 0.1 s, not 0.3 s), then ts-node, transpile-only,
// with swc (0.05 s for the provider's modules instead of 0.45 s with TypeScript's transpiler), which
// reads the working directory's tsconfig.json. Only here: a provider serialized by value (tests,
// and stacks deployed before the provider was stored by reference) needs TypeScript's output,
// whose import helpers hold no WeakMap for the closure serializer to copy.
//
// The one stable shim between deployed states and the code: states name a provider (PROVIDERS'
// keys), this file says where it lives today, and it never moves (tests/components/dynamicProvider
// holds both). States written before providers were named store a module path relative to the
// program's directory and an export; LEGACY maps those. A provider that moves changes only the
// path here.

const path = require("node:path");

/** Provider name -> [module path relative to the repository root, export name]. */
const PROVIDERS = {
    modelAccess: ["components/modelAccess/provider", "modelAccessProvider"],
    dataRetention: ["components/dataRetention/provider", "dataRetentionProvider"],
    programEnrollment: ["components/programEnrollment/provider", "programEnrollmentProvider"],
    mantleProject: ["components/mantleProject/provider", "mantleProjectProvider"],
    useCaseForm: ["components/useCaseForm/provider", "useCaseFormProvider"],
};

/** What states written before names were stored hold (module path#export) -> provider name. */
const LEGACY = {
    "components/modelAccess/provider#modelAccessProvider": "modelAccess",
    "components/dataRetention/provider#dataRetentionProvider": "dataRetention",
};

const ROOT = path.join(__dirname, "..", "..");

/** swc when its native binary loads on this platform, else TypeScript's transpiler (slower, same result). */
function transpiler() {
    try {
        require("@swc/core");
        return { transpiler: "ts-node/transpilers/swc" };
    } catch {
        return {};
    }
}

/** The provider name a stored reference means: a name, or a legacy path (relative to the program's directory) and export. */
function nameOf(stored, exportName) {
    if (PROVIDERS[stored] !== undefined) {
        return stored;
    }
    const fromRoot = path.relative(ROOT, path.resolve(stored)).split(path.sep).join("/");
    return LEGACY[`${fromRoot}#${exportName}`] ?? LEGACY[`${stored}#${exportName}`];
}

/** The error for a state that names a provider this checkout does not have, with what to check out. */
function missing(stored, exportName, file) {
    const { execFileSync } = require("node:child_process");
    let commit;
    try {
        const tracked = file ?? stored;
        commit = execFileSync("git", ["log", "-1", "--format=%h", "--diff-filter=D", "--", `${tracked}.ts`, `${tracked}.js`], {
            cwd: ROOT,
            encoding: "utf8",
        }).trim();
    } catch {
        commit = "";
    }
    return new Error(
        `The stack's state runs its dynamic provider "${stored}"${exportName === undefined ? "" : ` (export ${exportName})`} through ` +
            `components/dynamicProvider/loadProvider.js, and this checkout does not have it${file === undefined ? "" : ` (${file}.ts)`}. ` +
            "Refresh and destroy need the provider the stack was deployed with: " +
            (commit !== ""
                ? `check out the commit before it was removed (git checkout ${commit}~1), run the command there, then come back.`
                : "check out a commit that has both files (git log --all -- components/dynamicProvider/loadProvider.js lists them), run the command there, then come back.") +
            ' docs/components.md, "Rolling back", says more.',
    );
}

module.exports = function loadProvider(stored, exportName) {
    if (!process[Symbol.for("ts-node.register.instance")]) {
        require("node:module").enableCompileCache?.();
        require("ts-node").register({ transpileOnly: true, ...transpiler() });
    }
    const name = nameOf(stored, exportName);
    if (name === undefined) {
        throw missing(stored, exportName);
    }
    const [file, exported] = PROVIDERS[name];
    let module;
    try {
        module = require(path.join(ROOT, file));
    } catch (err) {
        if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes(file)) {
            throw missing(name, exported, file);
        }
        throw err;
    }
    if (module[exported] === undefined) {
        throw missing(name, exported, file);
    }
    return module[exported];
};

module.exports.PROVIDERS = PROVIDERS;
module.exports.LEGACY = LEGACY;
