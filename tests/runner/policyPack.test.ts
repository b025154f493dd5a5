/**
 * The runner's compiled copy of the policy pack (runner/policyPack.ts): made once per source and
 * reused, made again when a source changes, never made from sources that do not compile, and
 * runnable as a pack (its package.json names the compiled main; the pack's node_modules is there).
 */
import * as assert from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { compiledPolicyPack } from "../../runner/policyPack";

const ROOT = path.resolve(__dirname, "..", "..");
const POLICY = path.join(ROOT, "policy");
/** Under the project's node_modules, as the runner keeps its copy: the packages (and @types/node) resolve from there. */
const SCRATCH = path.join(ROOT, "node_modules", ".cache", "bedrock-model-access-tests");

function pack(indexTs: string): string {
    mkdirSync(SCRATCH, { recursive: true });
    const dir = mkdtempSync(path.join(SCRATCH, "pack-"));
    writeFileSync(path.join(dir, "index.ts"), indexTs);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "p", main: "index.ts" }));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "tsconfig.json"), readFileSync(path.join(POLICY, "tsconfig.json")));
    return dir;
}

describe("the runner's compiled policy pack", function () {
    this.timeout(60_000);

    it("compiles once per source, reuses the copy, and compiles again when a source changes", () => {
        const source = pack("export const answer: number = 42;\n");
        const cache = mkdtempSync(path.join(SCRATCH, "cache-"));
        const first = compiledPolicyPack(source, cache);
        assert.match(readFileSync(path.join(first, "index.js"), "utf8"), /answer = 42/);
        assert.strictEqual((JSON.parse(readFileSync(path.join(first, "package.json"), "utf8")) as { main: string }).main, "index.js");
        assert.ok(existsSync(path.join(first, "PulumiPolicy.yaml")));
        assert.ok(!existsSync(path.join(first, "node_modules")), "no node_modules of its own where the pack has none: it resolves the project's");
        const built = statSync(path.join(first, "index.js")).mtimeMs;
        assert.strictEqual(compiledPolicyPack(source, cache), first);
        assert.strictEqual(statSync(path.join(first, "index.js")).mtimeMs, built, "not compiled again");
        writeFileSync(path.join(source, "index.ts"), "export const answer: number = 43;\n");
        const second = compiledPolicyPack(source, cache);
        assert.notStrictEqual(second, first);
        assert.match(readFileSync(path.join(second, "index.js"), "utf8"), /answer = 43/);
        // A pack with packages of its own (cd policy && npm ci): the copy links them in.
        mkdirSync(path.join(source, "node_modules"));
        writeFileSync(path.join(source, "index.ts"), "export const answer: number = 44;\n");
        const third = compiledPolicyPack(source, cache);
        assert.strictEqual(realpathSync(path.join(third, "node_modules")), realpathSync(path.join(source, "node_modules")));
    });

    it("refuses sources that do not compile, with tsc's message, and leaves no copy", () => {
        const source = pack('export const answer: number = "forty-two";\n');
        const cache = mkdtempSync(path.join(SCRATCH, "cache-"));
        assert.throws(() => compiledPolicyPack(source, cache), /does not compile:[\s\S]*index\.ts\(1,14\): error TS2322/);
        assert.deepStrictEqual(readdirSync(cache), []);
    });
});
