/** The migration's steps as data (runner/migration.ts) and the choice of the next model (bedrock/modelFamilies.ts). */
import * as assert from "node:assert";
import { parse } from "yaml";
import { afterStep, rewriteEnvironment, standing } from "../../runner/migration";
import { compareModels, modelIdParts, suggestTarget } from "../../bedrock/modelFamilies";

const OLD = "apac.anthropic.claude-sonnet-4-20250514-v1:0";
const NEW = "global.anthropic.claude-sonnet-4-6";

describe("migration steps", () => {
    it("reads where a migration stands from the profiles and the migration record", () => {
        assert.deepStrictEqual(standing([OLD], undefined, NEW, "dev"), { phase: "start", from: OLD, to: NEW });
        assert.deepStrictEqual(standing([OLD, NEW], { from: OLD, to: NEW }, NEW, "dev"), { phase: "added", from: OLD, to: NEW });
        assert.deepStrictEqual(standing([NEW, OLD], { from: OLD, to: NEW }, undefined, "dev"), { phase: "switched", from: OLD, to: NEW });
        assert.deepStrictEqual(
            standing([NEW], { from: OLD, to: NEW }, undefined, "dev"),
            { phase: "retiring", from: OLD, to: NEW },
            "step 4 written, perhaps not deployed",
        );
        assert.deepStrictEqual(standing([NEW], undefined, NEW, "dev").phase, "done");
    });

    it("does not take a second profile for a migration's old one without the record (--finish would remove it)", () => {
        assert.throws(() => standing([NEW, OLD], undefined, undefined, "dev"), /No migration is in progress in Pulumi\.dev\.yaml/);
    });

    it("refuses another target while a migration is in progress, and a file that no longer matches its record", () => {
        assert.throws(
            () => standing([OLD, NEW], { from: OLD, to: NEW }, "global.anthropic.claude-sonnet-5", "dev"),
            /records a migration from .* in progress; finish it first \(npm run migrate -- dev --finish\)/,
        );
        assert.throws(
            () => standing(["us.amazon.nova-pro-v1:0"], { from: OLD, to: NEW }, undefined, "dev"),
            /put them back as the migration left them, or remove the migration entry/,
        );
    });

    it("writes each step's profiles: the target second, then first, then alone; other profiles stay", () => {
        const other = "apac.anthropic.claude-3-haiku-20240307-v1:0";
        const record = { from: OLD, to: NEW };
        assert.deepStrictEqual(afterStep("add", [OLD, other], record), { profiles: [OLD, NEW, other], record });
        assert.deepStrictEqual(afterStep("switch", [OLD, NEW, other], record), { profiles: [NEW, OLD, other], record });
        assert.deepStrictEqual(afterStep("retire", [NEW, OLD, other], record), { profiles: [NEW, other], record }, "the record stays until step 4 is deployed");
    });

    it("edits the environment file in place: comments, other keys and their order kept, the one-ID key made the list", () => {
        const text = [
            "# dev: the chat backend's environment",
            "config:",
            "  aws:region: ap-southeast-1 # Singapore",
            `  bedrock-model-access:inferenceProfile: ${OLD}`,
            "  bedrock-model-access:verifyInvoke: true",
            "",
        ].join("\n");
        const added = rewriteEnvironment(text, "bedrock-model-access", { profiles: [OLD, NEW], record: { from: OLD, to: NEW } });
        assert.match(added, /^# dev: the chat backend's environment\nconfig:\n {2}aws:region: ap-southeast-1 # Singapore\n/);
        const config = (parse(added) as { config: Record<string, unknown> }).config;
        assert.deepStrictEqual(config["bedrock-model-access:inferenceProfiles"], [OLD, NEW]);
        assert.strictEqual(config["bedrock-model-access:inferenceProfile"], undefined);
        assert.deepStrictEqual(config["bedrock-model-access:migration"], { from: OLD, to: NEW });
        assert.strictEqual(config["bedrock-model-access:verifyInvoke"], true);
        const retired = rewriteEnvironment(added, "bedrock-model-access", {
            profiles: [NEW],
            productIds: { "anthropic.claude-sonnet-5": "prod-abcdefgh1234" },
        });
        const after = (parse(retired) as { config: Record<string, unknown> }).config;
        assert.deepStrictEqual(after["bedrock-model-access:inferenceProfiles"], [NEW]);
        assert.strictEqual(after["bedrock-model-access:migration"], undefined, "the record goes with the old profile");
        assert.deepStrictEqual(after["bedrock-model-access:marketplaceProductIds"], { "anthropic.claude-sonnet-5": "prod-abcdefgh1234" });
    });
});

describe("the next model of a family", () => {
    it("reads provider, family and version from a model ID", () => {
        assert.deepStrictEqual(modelIdParts("anthropic.claude-sonnet-4-5-20250929-v1:0"), {
            provider: "anthropic",
            family: "claude-sonnet",
            version: [4, 5],
            date: 20250929,
        });
        assert.deepStrictEqual(modelIdParts("anthropic.claude-3-haiku-20240307-v1:0"), {
            provider: "anthropic",
            family: "claude-haiku",
            version: [3],
            date: 20240307,
        });
        assert.ok(compareModels("anthropic.claude-sonnet-4-6", "anthropic.claude-sonnet-4-5-20250929-v1:0") > 0);
        assert.ok(compareModels("anthropic.claude-sonnet-5", "anthropic.claude-sonnet-4-6") > 0);
        assert.ok(compareModels("anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0") < 0);
    });

    it("suggests the newest Active model of the same family the region serves, through a profile of the same geography first", () => {
        const served = [
            {
                modelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
                inferenceProfileId: "apac.anthropic.claude-sonnet-4-5-20250929-v1:0",
                lifecycleStatus: "ACTIVE" as const,
            },
            { modelId: "anthropic.claude-sonnet-4-6", inferenceProfileId: "global.anthropic.claude-sonnet-4-6", lifecycleStatus: "ACTIVE" as const },
            { modelId: "anthropic.claude-sonnet-4-6", inferenceProfileId: "apac.anthropic.claude-sonnet-4-6", lifecycleStatus: "ACTIVE" as const },
            { modelId: "anthropic.claude-sonnet-5", inferenceProfileId: "global.anthropic.claude-sonnet-5", lifecycleStatus: "LEGACY" as const },
            { modelId: "anthropic.claude-opus-5", inferenceProfileId: "global.anthropic.claude-opus-5", lifecycleStatus: "ACTIVE" as const },
            { modelId: "anthropic.claude-sonnet-4-6", lifecycleStatus: "ACTIVE" as const },
        ];
        assert.deepStrictEqual(suggestTarget(served, OLD), { modelId: "anthropic.claude-sonnet-4-6", inferenceProfileId: "apac.anthropic.claude-sonnet-4-6" });
        assert.deepStrictEqual(suggestTarget(served, "jp.anthropic.claude-sonnet-4-20250514-v1:0")?.inferenceProfileId, "global.anthropic.claude-sonnet-4-6");
        assert.strictEqual(suggestTarget(served, "global.anthropic.claude-sonnet-4-6"), undefined, "nothing newer and Active");
    });
});
