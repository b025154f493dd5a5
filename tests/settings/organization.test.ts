/** The organization stack's settings and the union it allows: tables over settings/organization.ts. */
import * as assert from "node:assert";
import { isOrganizationStack, organizationUnion, readOrganizationSettings } from "../../settings/organization";
import { readSettings } from "../../settings/settings";
import { fromPulumiConfig } from "../../settings/sources";

const PROJECT = "bedrock-model-access";
const ORG = { "aws:region": "us-east-1", "bedrock-model-access:organization": JSON.stringify({ governs: ["dev", "prod"], targetIds: ["ou-abcd-12345678"] }) };
const read = (config: Record<string, string>) => readOrganizationSettings(fromPulumiConfig(config), { project: PROJECT, stack: "org" });
const environment = (config: Record<string, string>, stack: string) =>
    readSettings(fromPulumiConfig({ "aws:region": "ap-southeast-1", ...config }), { project: PROJECT, stack }).settings;

describe("the organization stack's settings (settings/organization.ts)", () => {
    it("knows the organization stack by its key, and an empty one (the default) as an environment", () => {
        assert.strictEqual(isOrganizationStack(fromPulumiConfig(ORG), PROJECT), true);
        assert.strictEqual(isOrganizationStack(fromPulumiConfig({ "bedrock-model-access:organization": "{}" }), PROJECT), false);
        assert.strictEqual(isOrganizationStack(fromPulumiConfig({ "aws:region": "us-east-1" }), PROJECT), false);
    });

    it("reads governs, targetIds and delegatedAdministrator", () => {
        const { settings, problems } = read(ORG);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(settings, {
            region: "us-east-1",
            awsProfile: undefined,
            governs: ["dev", "prod"],
            targetIds: ["ou-abcd-12345678"],
            delegatedAdministrator: false,
            useCaseForm: undefined,
        });
    });

    const rows: [string, Record<string, string>, RegExp][] = [
        [
            "no environment governed",
            { ...ORG, "bedrock-model-access:organization": JSON.stringify({ targetIds: ["r-abcd"] }) },
            /organization\.governs lists no environment/,
        ],
        ["no target", { ...ORG, "bedrock-model-access:organization": JSON.stringify({ governs: ["dev"] }) }, /organization\.targetIds lists no target/],
        [
            "a bad target",
            { ...ORG, "bedrock-model-access:organization": JSON.stringify({ governs: ["dev"], targetIds: ["dev-account"] }) },
            /targetIds has "dev-account", which is not an account ID/,
        ],
        [
            "itself governed",
            { ...ORG, "bedrock-model-access:organization": JSON.stringify({ governs: ["org"], targetIds: ["r-abcd"] }) },
            /governs lists org, the organization stack itself/,
        ],
        [
            "an unknown field",
            { ...ORG, "bedrock-model-access:organization": JSON.stringify({ governs: ["dev"], targetIds: ["r-abcd"], models: [] }) },
            /unknown field "models"/,
        ],
        [
            "a workload's key",
            { ...ORG, "bedrock-model-access:inferenceProfiles": JSON.stringify(["global.anthropic.claude-sonnet-4-6"]) },
            /bedrock-model-access:inferenceProfiles is set on the organization stack, which declares no workload/,
        ],
        ["no region", { "bedrock-model-access:organization": ORG["bedrock-model-access:organization"] }, /aws:region is not set/],
    ];
    for (const [name, config, says] of rows) {
        it(`says what is wrong: ${name}`, () => {
            const { problems } = read(config);
            assert.ok(
                problems.some((p) => says.test(p)),
                `a problem matches ${says}; got:\n  ${problems.join("\n  ")}`,
            );
        });
    }

    it("allows the union of the environments' needs: models, profiles, the most permissive API keys, every declared retention mode", () => {
        const dev = environment(
            {
                "bedrock-model-access:inferenceProfiles": JSON.stringify(["global.anthropic.claude-sonnet-4-6"]),
                "bedrock-model-access:apiKeys": "short-term",
                "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
            },
            "dev",
        );
        const prod = environment(
            {
                "bedrock-model-access:inferenceProfiles": JSON.stringify(["global.anthropic.claude-opus-4-8"]),
                "bedrock-model-access:modelGuardrail": JSON.stringify({
                    mode: "organization",
                    organizationStack: "org",
                    extraAllowedModels: ["anthropic.claude-haiku-4-5-20251001-v1:0"],
                }),
            },
            "prod",
        );
        const union = organizationUnion([dev, prod]);
        assert.deepStrictEqual(union.models, ["anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-opus-4-8", "anthropic.claude-sonnet-4-6"]);
        assert.deepStrictEqual(
            union.profiles.map((p) => p.inferenceProfileId),
            ["global.anthropic.claude-opus-4-8", "global.anthropic.claude-sonnet-4-6"],
        );
        assert.deepStrictEqual([union.apiKeys, union.dataRetentionModes, union.claudePlatform, union.mantle], ["short-term", ["none"], "deny", false]);
    });
});
