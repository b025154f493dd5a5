/** The review report's content: every policy, the reviewers' levels, the assessment checks, and the markdown a reviewer files. */
import * as assert from "assert";
import { POLICIES } from "../../policy/policies";
import { buildReviewReport, reviewMarkdown } from "../../runner/reviewReport";

const FACTS = { environment: "dev", modelAllowList: ["anthropic.claude-sonnet-4-6"], guardrailMode: "iam", dataRetention: "none" };

describe("the review report", () => {
    it("lists every policy as passing when nothing was found, with the pack's levels and the assessment checks", () => {
        const report = buildReviewReport(FACTS, [], {}, new Date("2026-12-01T00:00:00Z"));
        assert.strictEqual(report.result, "pass");
        assert.deepStrictEqual(report.policies.map((p) => p.policy), POLICIES.map((p) => p.name));
        assert.ok(report.policies.every((p) => p.result === "pass"));
        const logging = report.policies.find((p) => p.policy === "bedrock-invocation-logging")!;
        assert.deepStrictEqual([logging.enforcementLevel, logging.assessmentCheck], ["mandatory", "BR-04"]);
        assert.strictEqual(report.policies.find((p) => p.policy === "bedrock-no-broad-managed-policies")?.assessmentCheck, "BR-01");
        assert.strictEqual(report.policies.find((p) => p.policy === "bedrock-marketplace-subscribe-scoped")?.assessmentCheck, "BR-03");
    });

    it("takes the reviewers' levels from their configuration, and a finding's level from the engine", () => {
        const report = buildReviewReport(FACTS, [{ policyName: "bedrock-model-allow-list", enforcementLevel: "advisory", message: "no guardrail\n", resourceUrn: "urn:pulumi:dev::p::t::x" }], {
            "bedrock-invocation-logging": "advisory",
            "bedrock-allowed-regions": { enforcementLevel: "mandatory", allowedRegions: ["ap-southeast-1"] },
        });
        const row = (name: string) => report.policies.find((p) => p.policy === name)!;
        assert.strictEqual(row("bedrock-invocation-logging").enforcementLevel, "advisory");
        assert.strictEqual(row("bedrock-allowed-regions").enforcementLevel, "mandatory");
        assert.deepStrictEqual(row("bedrock-model-allow-list").violations, [{ resource: "urn:pulumi:dev::p::t::x", message: "no guardrail" }]);
        assert.strictEqual(report.result, "advisory findings");
    });

    it("says mandatory violation, and writes each finding as a row a reviewer can read", () => {
        const report = buildReviewReport(FACTS, [{ policyName: "bedrock-specific-model-enablement", enforcementLevel: "mandatory", message: "x | y", resourceUrn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/bedrock:ModelAccess::access" }]);
        assert.strictEqual(report.result, "mandatory violation");
        const markdown = reviewMarkdown(report);
        assert.match(markdown, /Model allow list \(guardrail mode `iam`\): `anthropic\.claude-sonnet-4-6`/);
        assert.match(markdown, /Data retention: `none`/);
        assert.match(markdown, /\| `bedrock-specific-model-enablement` \| mandatory \| - \| violation \| `access` \| x \\\| y \|/);
    });
});
