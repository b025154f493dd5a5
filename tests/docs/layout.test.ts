/**
 * The layout table in docs/development.md against the tree: every folder a newcomer sees at the
 * top has a row, and every path a row names exists.
 */
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the layout table (docs/development.md)", () => {
    const text = readFileSync(path.join(ROOT, "docs", "development.md"), "utf8");
    const table = text.slice(text.indexOf("| path | what it is |"));
    const paths = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

    it("names only paths that exist", () => {
        assert.ok(paths.length > 5);
        for (const p of paths) {
            assert.ok(existsSync(path.join(ROOT, p)), `${p} exists`);
        }
    });

    it("has a row for every top-level folder and program the repository tracks", () => {
        const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
        const topLevel = [...new Set(tracked.filter((f) => f.includes("/") && !f.startsWith(".")).map((f) => f.split("/")[0]))];
        for (const folder of [...topLevel, "index.ts"]) {
            assert.ok(
                paths.some((p) => p === folder || p === `${folder}/` || p.startsWith(`${folder}/`)),
                `${folder} has a row`,
            );
        }
    });
});
