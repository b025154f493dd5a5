/**
 * The one file deployed states name (components/dynamicProvider/loadProvider.js) and what it
 * resolves: every provider name and every legacy stored path, so a rename or a move fails here
 * before it breaks refresh and destroy of deployed stacks; and what a checkout without the stored
 * provider says.
 */
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const LOADER = path.join(ROOT, "components", "dynamicProvider", "loadProvider.js");
type Loader = ((stored: string, exportName?: string) => Record<string, unknown>) & {
    PROVIDERS: Record<string, [string, string]>;
    LEGACY: Record<string, string>;
};

/** What deployed states hold: every stored reference a released version of the program wrote. */
const STORED: [string, string | undefined][] = [
    ["modelAccess", undefined],
    ["dataRetention", undefined],
    // Written before providers were stored by name (module path relative to the program's directory, export).
    ["components/modelAccess/provider", "modelAccessProvider"],
    ["components/dataRetention/provider", "dataRetentionProvider"],
];

describe("the stored provider shim (components/dynamicProvider/loadProvider.js)", () => {
    it("stays where deployed states look for it", () => {
        assert.ok(existsSync(LOADER), "states name components/dynamicProvider/loadProvider: moving it breaks every deployed stack");
    });

    for (const [stored, exportName] of STORED) {
        it(`resolves what states store: ${stored}${exportName === undefined ? "" : `#${exportName}`}`, () => {
            const loader = require(LOADER) as Loader;
            const provider = loader(stored, exportName);
            for (const operation of ["check", "diff", "create", "read", "delete"]) {
                assert.strictEqual(typeof provider[operation], "function", operation);
            }
        });
    }

    it("resolves a legacy path stored relative to another program's directory (the engine tests' program, three levels down)", () => {
        const before = process.cwd();
        process.chdir(path.join(ROOT, "tests", "engine", "program"));
        try {
            const loader = require(LOADER) as Loader;
            assert.strictEqual(typeof loader("../../../components/modelAccess/provider", "modelAccessProvider").create, "function");
        } finally {
            process.chdir(before);
        }
    });

    it("fails with the files and the commit to check out where the checkout lacks a stored provider", () => {
        // A copy of the loader in a repository where the provider's file was removed by a commit.
        const repo = mkdtempSync(path.join(tmpdir(), "rolled-back-"));
        const git = (...args: string[]) =>
            execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, encoding: "utf8" }).trim();
        git("init", "-q");
        mkdirSync(path.join(repo, "components", "dynamicProvider"), { recursive: true });
        mkdirSync(path.join(repo, "components", "modelAccess"), { recursive: true });
        writeFileSync(path.join(repo, "components", "dynamicProvider", "loadProvider.js"), require("node:fs").readFileSync(LOADER, "utf8"));
        writeFileSync(path.join(repo, "components", "modelAccess", "provider.ts"), "export const modelAccessProvider = {};\n");
        git("add", ".");
        git("commit", "-qm", "with the provider");
        git("rm", "-q", "components/modelAccess/provider.ts");
        git("commit", "-qm", "a refactor that moved it");
        const removedBy = git("log", "-1", "--format=%h");
        const loader = require(path.join(repo, "components", "dynamicProvider", "loadProvider.js")) as Loader;
        assert.throws(
            () => loader("modelAccess"),
            (err: Error) => {
                assert.match(
                    err.message,
                    /The stack's state runs its dynamic provider "modelAccess" \(export modelAccessProvider\) through components\/dynamicProvider\/loadProvider\.js, and this checkout does not have it \(components\/modelAccess\/provider\.ts\)/,
                );
                assert.match(err.message, new RegExp(`git checkout ${removedBy}~1`));
                return true;
            },
        );
        assert.throws(
            () => loader("somethingElse"),
            /provider "somethingElse" through components\/dynamicProvider\/loadProvider\.js, and this checkout does not have it/,
        );
    });
});
