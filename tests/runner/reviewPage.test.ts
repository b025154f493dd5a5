/**
 * The review's HTML page as a reviewer sees it: rendered by headless Chromium (offline), its text
 * read back for every catalogue check with its result, and a screenshot taken. Where Chromium is
 * not installed the test says so and skips, except in CI (CI=true), which installs it.
 */
import * as assert from "node:assert";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { reviewHtml } from "../../runner/reviewFormats";
import { exampleReport } from "../docs/reviewScreenshot";
import { chromiumPath, renderedDom, screenshot, textOf } from "../helpers/chromium";

describe("the review's HTML page in headless Chromium", function () {
    this.timeout(120_000);
    const browser = chromiumPath();

    before(function () {
        if (browser === undefined) {
            if (process.env.CI === "true") {
                throw new Error("Chromium is not installed, and CI must render the review page: .ci/run installs Debian's chromium package.");
            }
            console.log("    (skipped: Chromium is not installed here; `apt-get install chromium` runs these, as CI does)");
            this.skip();
        }
    });

    it("renders offline, and its text has every catalogue check with its result, the policies and the effective access", async () => {
        const report = await exampleReport();
        const dir = mkdtempSync(path.join(tmpdir(), "review-page-"));
        const page = path.join(dir, "review-dev.html");
        writeFileSync(page, reviewHtml(report));

        const dom = await renderedDom(browser!, page);
        const text = textOf(dom);
        assert.match(text, /Compliance review: dev/);
        for (const check of report.checks) {
            // The row as rendered: the check's ID, its catalogue, what it asks, then its result.
            const row = [...dom.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1]).trim()).find((r) => r.startsWith(`${check.id} `));
            assert.ok(row !== undefined, `a row for ${check.id}`);
            assert.ok(row.includes(` ${check.result} `), `${check.id} shows "${check.result}": ${row}`);
        }
        assert.match(
            text,
            /BR-04 aws-aiml Model Invocation Logging: invocation logging is enabled fail bedrock-invocation-logging: The stack enables model access in ap-southeast-1 but declares no model invocation logging there/,
        );
        assert.match(text, /bedrock-runtime\/other-model\/InvokeModel must be denied: ExplicitlyDenied/);

        const png = path.join(dir, "review-dev.png");
        await screenshot(browser!, page, png);
        assert.ok(statSync(png).size > 10_000, "a screenshot with something on it");
    });
});
