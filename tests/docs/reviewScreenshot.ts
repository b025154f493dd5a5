/**
 * `npm run review:screenshot`: the picture of the review page in docs/reviewers.md, made from a
 * fixed report (dev's allow list with the IAM guardrail evaluated, invocation logging and a budget missing) so
 * the picture changes only when the page does: writes docs/images/review-example.png with headless
 * Chromium, offline.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";
import { judgeGuardrails } from "../../policy/guardrailEvaluation";
import { reviewerBounds } from "../../policy/modelAllowListPolicy";
import { reviewHtml } from "../../runner/reviewFormats";
import { type ReviewReport, buildReviewReport, effectiveAccess } from "../../runner/reviewReport";
import { chromiumPath, screenshot } from "../helpers/chromium";

const MODEL = "anthropic.claude-sonnet-4-6";

/** The example report: dev's model behind the IAM guardrail, invocation logging not declared. */
export async function exampleReport(): Promise<ReviewReport> {
    const { guardrails } = await judgeGuardrails(
        [
            {
                type: "pulumi-nodejs:dynamic/bedrock:ModelAccess",
                urn: "urn:pulumi:dev::bedrock-model-access::pulumi-nodejs:dynamic/bedrock:ModelAccess::access",
                name: "access",
                props: { modelId: MODEL, region: "ap-southeast-1" },
            },
            {
                type: "aws:iam/policy:Policy",
                urn: "urn:pulumi:dev::bedrock-model-access::aws:iam/policy:Policy::model-allow-list-guardrail",
                name: "model-allow-list-guardrail",
                props: { policy: JSON.stringify(allowListDocument({ allowedModelIds: [MODEL], inferenceProfileIds: [`global.${MODEL}`] }, "iam")) },
            },
        ],
        reviewerBounds({}),
    );
    return buildReviewReport(
        { environment: "dev", modelAllowList: [MODEL], guardrailMode: "iam", dataRetention: "not managed" },
        [
            {
                policyName: "bedrock-usage-budget",
                enforcementLevel: "advisory",
                message: "The stack enables model access but declares no budget, so nobody hears when its spend passes a limit (FS-06).",
                resourceUrn: "urn:pulumi:dev::bedrock-model-access::pulumi-nodejs:dynamic/bedrock:ModelAccess::access",
            },
            {
                policyName: "bedrock-invocation-logging",
                enforcementLevel: "mandatory",
                message: "The stack enables model access in ap-southeast-1 but declares no model invocation logging there.",
                resourceUrn: "urn:pulumi:dev::bedrock-model-access::pulumi-nodejs:dynamic/bedrock:ModelAccess::access",
            },
        ],
        {},
        new Date("2026-12-07T00:00:00Z"),
        effectiveAccess(guardrails),
    );
}

async function main(): Promise<void> {
    const browser = chromiumPath();
    if (browser === undefined) {
        throw new Error("Chromium is not installed: `apt-get install chromium`.");
    }
    const page = path.join(mkdtempSync(path.join(tmpdir(), "review-example-")), "review-dev.html");
    writeFileSync(page, reviewHtml(await exampleReport()));
    const png = path.resolve(__dirname, "..", "..", "docs", "images", "review-example.png");
    await screenshot(browser, page, png, 1280, 1800);
    console.log(`Wrote ${path.relative(process.cwd(), png)}.`);
}

if (require.main === module) {
    main().catch((err: Error) => {
        console.error(err.message);
        process.exit(1);
    });
}
