/**
 * The layout pages against the tree: docs/layout.md lists every source file with its opening
 * comment (generated; `npm run layout` rewrites it), and the folder table in docs/development.md
 * has a row for every top-level folder, naming only paths that exist.
 */
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { LAYOUT_PAGE, ROOT, layoutMarkdown, openingSentence, sourceFiles } from "./layout";

describe("the layout pages", () => {
    it("docs/layout.md lists every source file with its opening comment, as `npm run layout` writes it", () => {
        const { text, missing } = layoutMarkdown();
        assert.deepStrictEqual(missing, [], "every source file opens with a comment saying what it is");
        for (const file of sourceFiles()) {
            assert.ok(text.includes(`| \`${file}\` |`), `${file} has a row`);
        }
        assert.strictEqual(readFileSync(LAYOUT_PAGE, "utf8"), text, "docs/layout.md is out of date: run `npm run layout`");
    });

    it("reads the first sentence of a JSDoc block or of leading // lines", () => {
        const cases: [string, string | undefined][] = [
            ["/**\n * The one client. More here.\n */\nimport x;", "The one client."],
            ["// Loads a provider, in the process\n// the engine starts. Then more.\nconst a = 1;", "Loads a provider, in the process the engine starts."],
            [
                "/**\n * `npm run models -- --region <r>`: the catalog a region offers. More.\n */",
                "`npm run models -- --region <r>`: the catalog a region offers.",
            ],
            ["import x from 'y';", undefined],
        ];
        for (const [text, sentence] of cases) {
            assert.strictEqual(openingSentence(text), sentence, text);
        }
    });

    describe("the arrows go one way", () => {
        /** The repository paths (or package names) a file imports. */
        const importsOf = (file: string): string[] =>
            [...readFileSync(path.join(ROOT, file), "utf8").matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)].map((m) =>
                m[1].startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1])) : m[1],
            );
        const rules: { from: string; mayNotImport: RegExp; why: string }[] = [
            { from: "components/", mayNotImport: /^(stack|runner|commands|settings)(\/|$)/, why: "components take parsed values and own their argument types" },
            {
                from: "settings/",
                mayNotImport: /^(@pulumi\/|@aws-sdk\/client|aws\/|stack\/|runner\/|commands\/)/,
                why: "settings are pure: no Pulumi runtime, no AWS",
            },
            { from: "commands/", mayNotImport: /^commands\//, why: "a command is a thin main over runner/, never a library of another command" },
            { from: "policy/", mayNotImport: /^(?!policy\/)[a-z]+\/[^@]/, why: "the policy pack stands alone" },
        ];
        for (const rule of rules) {
            it(`${rule.from} does not import ${rule.mayNotImport.source} (${rule.why})`, () => {
                const files = sourceFiles().filter((f) => f.startsWith(rule.from) && !f.includes("/tests/"));
                assert.ok(files.length > 0);
                const crossings = files.flatMap((f) =>
                    importsOf(f)
                        .filter((i) => rule.mayNotImport.test(i) && !i.startsWith("node:"))
                        .map((i) => `${f} -> ${i}`),
                );
                assert.deepStrictEqual(crossings, []);
            });
        }
    });

    describe("the folder table (docs/development.md)", () => {
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
});
