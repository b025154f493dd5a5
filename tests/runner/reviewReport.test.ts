/** The review report's content: every policy, the reviewers' levels, the assessment checks, and the markdown a reviewer files. */
import * as assert from "node:assert";
import { POLICIES } from "../../policy/policies";
import { buildReviewReport, effectiveAccess, reviewMarkdown } from "../../runner/reviewReport";
import { judgeGuardrails } from "../../policy/guardrailEvaluation";
import { reviewerBounds } from "../../policy/modelAllowListPolicy";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";

const FACTS = { environment: "dev", modelAllowList: ["anthropic.claude-sonnet-4-6"], guardrailMode: "iam", dataRetention: "none" };

describe("the review report", () => {
    it("lists every policy as passing when nothing was found, with the pack's levels and the assessment checks", () => {
        const report = buildReviewReport(FACTS, [], {}, new Date("2026-12-01T00:00:00Z"));
        assert.strictEqual(report.result, "pass");
        assert.deepStrictEqual(
            report.policies.map((p) => p.policy),
            POLICIES.map((p) => p.name),
        );
        assert.ok(report.policies.every((p) => p.result === "pass"));
        const logging = report.policies.find((p) => p.policy === "bedrock-invocation-logging")!;
        assert.deepStrictEqual([logging.enforcementLevel, logging.assessmentCheck], ["mandatory", "BR-04"]);
        assert.strictEqual(report.policies.find((p) => p.policy === "bedrock-no-broad-managed-policies")?.assessmentCheck, "BR-01");
        assert.strictEqual(report.policies.find((p) => p.policy === "bedrock-marketplace-subscribe-scoped")?.assessmentCheck, "BR-03");
    });

    it("takes the reviewers' levels from their configuration, and a finding's level from the engine", () => {
        const report = buildReviewReport(
            FACTS,
            [{ policyName: "bedrock-model-allow-list", enforcementLevel: "advisory", message: "no guardrail\n", resourceUrn: "urn:pulumi:dev::p::t::x" }],
            {
                "bedrock-invocation-logging": "advisory",
                "bedrock-allowed-regions": { enforcementLevel: "mandatory", allowedRegions: ["ap-southeast-1"] },
            },
        );
        const row = (name: string) => report.policies.find((p) => p.policy === name)!;
        assert.strictEqual(row("bedrock-invocation-logging").enforcementLevel, "advisory");
        assert.strictEqual(row("bedrock-allowed-regions").enforcementLevel, "mandatory");
        assert.deepStrictEqual(row("bedrock-model-allow-list").violations, [{ resource: "urn:pulumi:dev::p::t::x", message: "no guardrail" }]);
        assert.strictEqual(report.result, "advisory findings");
    });

    it('reports policies the reviewers disabled (their own entry, or Pulumi\'s "all") as not run, and never passes while a mandatory one did not run', () => {
        const all = buildReviewReport(FACTS, [], { all: "disabled" });
        assert.ok(all.policies.every((p) => p.result === "not run" && p.enforcementLevel === "disabled"));
        assert.strictEqual(all.result, "incomplete");
        assert.match(reviewMarkdown(all), /Result: \*\*incomplete\*\* \(a policy the pack declares mandatory was disabled/);
        assert.match(
            reviewMarkdown(all),
            /\| `bedrock-model-allow-list` \| disabled \| - \| not run \| - \| disabled by the reviewers' policy configuration \|/,
        );
        const one = buildReviewReport(FACTS, [], { "bedrock-model-allow-list": { enforcementLevel: "disabled" } });
        assert.strictEqual(one.policies.find((p) => p.policy === "bedrock-model-allow-list")?.result, "not run");
        assert.strictEqual(one.result, "incomplete");
        // A policy's own entry wins over "all"; an advisory policy disabled leaves the pass standing.
        const own = buildReviewReport(FACTS, [], {
            all: "disabled",
            ...Object.fromEntries(POLICIES.filter((p) => p.enforcementLevel === "mandatory").map((p) => [p.name, "mandatory"])),
        });
        assert.strictEqual(own.result, "pass");
    });

    it("says mandatory violation, and writes each finding as a row a reviewer can read", () => {
        const report = buildReviewReport(FACTS, [
            {
                policyName: "bedrock-specific-model-enablement",
                enforcementLevel: "mandatory",
                message: "x | y",
                resourceUrn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/bedrock:ModelAccess::access",
            },
        ]);
        assert.strictEqual(report.result, "mandatory violation");
        const markdown = reviewMarkdown(report);
        assert.match(markdown, /Model allow list \(guardrail mode `iam`\): `anthropic\.claude-sonnet-4-6`/);
        assert.match(markdown, /Data retention: `none`/);
        assert.match(markdown, /\| `bedrock-specific-model-enablement` \| mandatory \| - \| violation \| `access` \| x \\\| y \|/);
    });

    it("carries the effective access of the stack's guardrail: each road, what it must be, the evaluator's decision and the deciding statement", async () => {
        const model = "anthropic.claude-sonnet-4-6";
        const resources = [
            {
                type: "pulumi-nodejs:dynamic/bedrock:ModelAccess",
                urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/bedrock:ModelAccess::access",
                name: "access",
                props: { modelId: model, region: "ap-southeast-1" },
            },
            {
                type: "aws:iam/policy:Policy",
                urn: "urn:pulumi:dev::p::aws:iam/policy:Policy::model-allow-list-guardrail",
                name: "model-allow-list-guardrail",
                props: { policy: JSON.stringify(allowListDocument({ allowedModelIds: [model], inferenceProfileIds: [`global.${model}`] }, "iam")) },
            },
        ];
        const { guardrails } = await judgeGuardrails(resources, reviewerBounds({}));
        const report = buildReviewReport(FACTS, [], {}, new Date("2026-12-01T00:00:00Z"), effectiveAccess(guardrails));
        assert.strictEqual(report.effectiveAccess.length, 1);
        const rows = report.effectiveAccess[0].rows;
        const row = (road: string) => rows.find((r) => r.road === road)!;
        assert.deepStrictEqual(row("bedrock-runtime/other-model/InvokeModelWithResponseStream"), {
            road: "bedrock-runtime/other-model/InvokeModelWithResponseStream",
            request: "bedrock:InvokeModelWithResponseStream on arn:aws:bedrock:ap-southeast-1::foundation-model/anthropic.claude-opus-4-8",
            must: "denied",
            decision: "ExplicitlyDenied",
            statement: "DenyModelsOutsideAllowList",
            holds: true,
            engine: "validated",
        });
        assert.deepStrictEqual(
            [row("marketplace/other-product").engine, row("marketplace/other-product").statement],
            ["core", "DenyMarketplaceSubscribeOutsideAllowList"],
        );
        assert.deepStrictEqual(
            [row("claude-platform/other-workspace/CreateBatchInference").decision, row("claude-platform/other-workspace/CreateBatchInference").statement],
            ["ExplicitlyDenied", "DenyClaudePlatformOnAws"],
        );
        assert.deepStrictEqual(
            [row(`bedrock-runtime/own-model/${model}/InvokeModel`).must, row(`bedrock-runtime/own-model/${model}/InvokeModel`).decision],
            ["usable", "Allowed"],
        );
        assert.ok(rows.every((r) => r.holds));
        const markdown = reviewMarkdown(report);
        assert.match(markdown, /## Effective access\n\n### `model-allow-list-guardrail` \(IAM policy\)/);
        assert.match(
            markdown,
            /\| `bedrock-mantle\/other-model\/CreateInference` \| bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:ap-southeast-1:123456789012:project\/default \(bedrock-mantle:Model=anthropic\.claude-opus-4-8\) \| denied \| ExplicitlyDenied \| DenyMantleModelsOutsideAllowList \| yes \| validated \|/,
        );
    });

    it("says so where no guardrail could be evaluated", () => {
        assert.match(reviewMarkdown(buildReviewReport(FACTS, [])), /## Effective access\n\nNo model allow-list guardrail whose document is known at preview/);
    });
});
