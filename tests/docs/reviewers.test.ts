/**
 * docs/reviewers.md's table of the catalogues' checks is the code's mapping
 * (policy/assessmentCatalogue.ts): every check, its catalogue, and what answers it.
 */
import * as assert from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CATALOGUE_CHECKS, type CatalogueCheck } from "../../policy/assessmentCatalogue";

const ROOT = path.resolve(__dirname, "..", "..");

/** The table's third column for a check, as the code answers it. */
function answeredBy(check: CatalogueCheck): string {
    const { answer } = check;
    switch (answer.kind) {
        case "policies":
            return answer.policies.map((p) => `\`${p}\``).join(", ");
        case "scp-guardrail":
            return `${answer.policies.map((p) => `\`${p}\``).join(", ")}, and the guardrail in mode \`scp\``;
        case "not applicable":
            return "not applicable";
        case "not assessable":
            return "not assessable here";
    }
}

describe("docs/reviewers.md", () => {
    it("lists every catalogue check with its catalogue and what answers it, as the code maps them", () => {
        const text = readFileSync(path.join(ROOT, "docs", "reviewers.md"), "utf8");
        const table = /<!-- catalogue-table -->\n([\s\S]*?)\n\n/.exec(text);
        assert.ok(table, "docs/reviewers.md has the catalogue table");
        const rows = table[1].split("\n").slice(2);
        assert.deepStrictEqual(
            rows,
            CATALOGUE_CHECKS.map((c) => `| \`${c.id}\` | ${c.catalogue} | ${answeredBy(c)} |`),
        );
    });

    it("shows the review page's picture that npm run review:screenshot makes", () => {
        const text = readFileSync(path.join(ROOT, "docs", "reviewers.md"), "utf8");
        assert.match(text, /!\[[^\]]*\]\(images\/review-example\.png\)/);
        assert.ok(
            readFileSync(path.join(ROOT, "docs", "images", "review-example.png"))
                .subarray(1, 4)
                .toString() === "PNG",
        );
    });
});
