/** The review report's content: every policy, the reviewers' levels, the assessment checks, and the markdown a reviewer files. */
import * as assert from "node:assert";
import { POLICIES } from "../../policy/policies";
import { CATALOGUE_CHECKS } from "../../policy/assessmentCatalogue";
import { buildReviewReport, effectiveAccess, reviewMarkdown } from "../../runner/reviewReport";
import { reviewHtml, reviewJunit } from "../../runner/reviewFormats";
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
        assert.deepStrictEqual([logging.enforcementLevel, logging.catalogueChecks], ["mandatory", ["BR-04", "bedrock_model_invocation_logging_enabled"]]);
        assert.deepStrictEqual(report.policies.find((p) => p.policy === "bedrock-no-broad-managed-policies")?.catalogueChecks, [
            "BR-01",
            "bedrock_api_key_no_administrative_privileges",
            "bedrock_full_access_policy_attached",
        ]);
        assert.deepStrictEqual(report.policies.find((p) => p.policy === "bedrock-marketplace-subscribe-scoped")?.catalogueChecks, ["BR-03"]);
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
            /\| `bedrock-model-allow-list` \| disabled \| FS-12, bedrock_api_key_no_long_term_credentials, bedrock_api_key_no_administrative_privileges \| not run \| - \| disabled by the reviewers' policy configuration \|/,
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

    describe("the catalogues' checks (policy/assessmentCatalogue.ts)", () => {
        const VIOLATIONS = [
            { policyName: "bedrock-no-broad-managed-policies", enforcementLevel: "mandatory", message: "AmazonBedrockFullAccess is attached to chat-backend" },
            { policyName: "bedrock-invocation-logging", enforcementLevel: "mandatory", message: "declares no model invocation logging" },
            { policyName: "bedrock-model-allow-list", enforcementLevel: "mandatory", message: "no guardrail" },
        ];
        const EVERY_ID = [
            ...["BR-01", "BR-03", "BR-04", "BR-06", "BR-10", "BR-12", "BR-14", "BR-15", "BR-22"],
            ...["FS-03", "FS-04", "FS-05", "FS-06", "FS-12", "FS-13", "FS-34", "FS-63"],
            "bedrock_api_key_no_long_term_credentials",
            "bedrock_api_key_no_administrative_privileges",
            "bedrock_full_access_policy_attached",
            "bedrock_model_invocation_logging_enabled",
            "bedrock_model_invocation_logs_encryption_enabled",
            "bedrock_vpc_endpoints_configured",
            "cloudtrail_bedrock_logging_enabled",
        ];

        it("lists every check the issue names, each with a result and evidence, then the pack's own", () => {
            const report = buildReviewReport({ ...FACTS, guardrailMode: "scp" }, []);
            const catalogue = report.checks.filter((c) => c.catalogue !== "bedrock-model-access");
            assert.deepStrictEqual(
                catalogue.map((c) => c.id),
                EVERY_ID,
            );
            assert.ok(report.checks.every((c) => c.evidence.length > 0 && ["pass", "not applicable", "not assessable"].includes(c.result)));
            const own = report.checks.filter((c) => c.catalogue === "bedrock-model-access").map((c) => c.id);
            assert.ok(own.includes("bedrock-specific-model-enablement") && own.includes("bedrock-data-retention"), own.join(", "));
            assert.strictEqual(report.checks.find((c) => c.id === "BR-10")?.result, "not applicable");
            assert.match(report.checks.find((c) => c.id === "BR-06")?.evidence ?? "", /aws cloudtrail describe-trails/);
        });

        it("fails BR-01, BR-04 and FS-12 for a stack that violates them, with the policies' messages as evidence", () => {
            const report = buildReviewReport(FACTS, VIOLATIONS);
            const result = (id: string) => report.checks.find((c) => c.id === id)!;
            assert.deepStrictEqual(
                ["BR-01", "BR-04", "FS-12"].map((id) => result(id).result),
                ["fail", "fail", "fail"],
            );
            assert.match(result("BR-01").evidence, /bedrock-no-broad-managed-policies: AmazonBedrockFullAccess is attached to chat-backend/);
            assert.match(result("FS-12").evidence, /bedrock-model-allow-list: no guardrail/);
            assert.strictEqual(result("BR-03").result, "pass");
        });

        it("fails FS-12 for an IAM guardrail, which is not a service control policy", () => {
            const fs12 = buildReviewReport(FACTS, []).checks.find((c) => c.id === "FS-12")!;
            assert.deepStrictEqual([fs12.result, /not a service control policy/.test(fs12.evidence)], ["fail", true]);
        });

        it("gives FS-06 the budget policy's findings and FS-05 the alarm policy's, without the description the engine puts first", () => {
            const description = POLICIES.find((p) => p.name === "bedrock-usage-budget")!.description;
            const report = buildReviewReport(FACTS, [
                {
                    policyName: "bedrock-usage-budget",
                    enforcementLevel: "advisory",
                    message: `${description}\nThe stack declares no budget (FS-06).`,
                },
            ]);
            const result = (id: string) => report.checks.find((c) => c.id === id)!;
            assert.deepStrictEqual([result("FS-05").result, result("FS-06").result], ["pass", "fail"]);
            assert.strictEqual(result("FS-06").evidence, "bedrock-usage-budget: The stack declares no budget (FS-06).");
            assert.deepStrictEqual(report.policies.find((p) => p.policy === "bedrock-usage-budget")?.violations, [
                { resource: null, message: "The stack declares no budget (FS-06)." },
            ]);
        });

        it("names a source for every catalogue", () => {
            assert.ok(CATALOGUE_CHECKS.every((c) => c.title.length > 0));
        });

        it("writes every check into the markdown, the HTML page and the JUnit XML, failures as failures", () => {
            const report = buildReviewReport(FACTS, VIOLATIONS);
            const markdown = reviewMarkdown(report);
            const html = reviewHtml(report);
            const junit = reviewJunit(report);
            for (const id of EVERY_ID) {
                assert.ok(markdown.includes(`| \`${id}\` |`), `markdown has ${id}`);
                assert.ok(html.includes(`<code>${id}</code>`), `html has ${id}`);
                assert.ok(junit.includes(`name="${id}: `), `junit has ${id}`);
            }
            assert.match(markdown, /\| `BR-01` \| aws-aiml \| .* \| fail \|/);
            assert.match(html, /<td><code>FS-12<\/code><\/td><td>aws-aiml-finserv<\/td><td>[^<]*<\/td><td class="bad">fail<\/td>/);
            assert.match(
                junit,
                /<testcase classname="dev\.aws-aiml" name="BR-04: [^"]*"><failure message="bedrock-invocation-logging: declares no model invocation logging">/,
            );
            assert.match(junit, /<testcase classname="dev\.aws-aiml" name="BR-06: [^"]*"><skipped message="not assessable: /);
            assert.match(junit, /<testsuite name="dev: catalogue checks" tests="\d+" failures="[1-9]\d*" skipped="\d+">/);
        });

        it("keeps the HTML page self-contained and escaped: no script, no link, no external URL", () => {
            const html = reviewHtml(
                buildReviewReport({ ...FACTS, environment: "<dev>" }, [
                    { policyName: "bedrock-model-allow-list", enforcementLevel: "mandatory", message: "<img src=x>" },
                ]),
            );
            assert.doesNotMatch(html, /<(script|link|img|iframe|object)\b|\b(href|src)="|url\(|https?:\/\//i);
            assert.match(html, /&lt;img src=x&gt;/);
            assert.match(html, /<title>Compliance review: &lt;dev&gt;<\/title>/);
        });
    });

    it("says so where no guardrail could be evaluated", () => {
        assert.match(reviewMarkdown(buildReviewReport(FACTS, [])), /## Effective access\n\nNo model allow-list guardrail whose document is known at preview/);
    });
});
