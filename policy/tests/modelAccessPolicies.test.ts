/** Tests of the model-access policies: specific-model enablement and no "enable all models". */
import * as assert from "node:assert";
import { noEnableAllModels, specificModelEnablement } from "../modelAccessPolicies";
import { type ResourceInput, UNKNOWN, checkResource, checkStack, doc } from "./policyTestHelpers";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const ACCESS = "pulumi-nodejs:dynamic/bedrock:ModelAccess";
const AGREEMENT = "aws:bedrockfoundation/modelAgreement:ModelAgreement";
const PROFILE_ARN = `arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile/apac.${SONNET}`;

function access(modelId: unknown, type: string = ACCESS, name = "sonnet-access"): ResourceInput {
    return { type, name, props: { modelId, region: "ap-southeast-1" } };
}

/** An IAM policy that uses the model through its profile, as the program declares one. */
function invokePolicyUsing(modelId: string): ResourceInput {
    return {
        type: "aws:iam/policy:Policy",
        name: "invoke",
        props: { policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: PROFILE_ARN.replace(SONNET, modelId) })) },
    };
}

describe("policy bedrock-specific-model-enablement", () => {
    it("passes an allowed model on ModelAccess and on the AWS provider's ModelAgreement", async () => {
        for (const type of [ACCESS, AGREEMENT]) {
            assert.deepStrictEqual((await checkResource(specificModelEnablement, access(SONNET, type))).violations, [], type);
        }
    });

    it("passes a model the reviewers added to the allowed list", async () => {
        const outcome = await checkResource(specificModelEnablement, access(HAIKU), { allowedModelIds: [SONNET, HAIKU] });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("ignores other resource types", async () => {
        const outcome = await checkResource(specificModelEnablement, { type: "aws:s3/bucket:Bucket", props: { modelId: "*" } });
        assert.deepStrictEqual(outcome.violations, []);
    });

    const violating: [string, unknown, RegExp][] = [
        [
            "a wildcard",
            "*",
            /sonnet-access enables model access whose modelId "\*" is a wildcard \("enable all models"\)\. Enable specific models only.*anthropic\.claude-sonnet-4-20250514-v1:0/,
        ],
        ['"all"', "all", /is a wildcard/],
        ["a provider wildcard", "anthropic.*", /is a wildcard/],
        ["an empty ID", "", /names no model/],
        ["a missing ID", undefined, /names no model/],
        ["an inference-profile ID", `apac.${SONNET}`, /is an inference-profile ID, not a model ID/],
        [
            "a model outside the list",
            HAIKU,
            /sonnet-access enables anthropic\.claude-3-haiku-20240307-v1:0, which is not an allowed model \(anthropic\.claude-sonnet-4-6, anthropic\.claude-sonnet-4-20250514-v1:0\)/,
        ],
    ];
    for (const [name, modelId, says] of violating) {
        it(`flags ${name}`, async () => {
            const outcome = await checkResource(specificModelEnablement, access(modelId));
            assert.strictEqual(outcome.violations.length, 1);
            assert.match(outcome.violations[0], says);
        });
    }

    it("flags a model outside the list on ModelAgreement too", async () => {
        const outcome = await checkResource(specificModelEnablement, access(HAIKU, AGREEMENT, "haiku-agreement"));
        assert.match(outcome.violations[0], /haiku-agreement enables anthropic\.claude-3-haiku/);
    });

    it("cannot check a model ID unknown during preview, and says so", async () => {
        const outcome = await checkResource(specificModelEnablement, access(UNKNOWN));
        assert.deepStrictEqual(outcome, { violations: [], urns: [], unknown: true });
    });
});

describe("policy bedrock-no-enable-all-models", () => {
    it("passes a stack whose models are used by its invoke policy", async () => {
        const outcome = await checkStack(noEnableAllModels, [access(SONNET), invokePolicyUsing(SONNET)]);
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("passes a stack whose model is used by an application's configuration", async () => {
        const app = { type: "example:index:ChatBackend", props: { modelId: `apac.${SONNET}` } };
        assert.deepStrictEqual((await checkStack(noEnableAllModels, [access(SONNET), app])).violations, []);
    });

    it("flags more distinct models than allowed", async () => {
        const models = ["a.m1-v1:0", "a.m2-v1:0", "a.m3-v1:0", "a.m4-v1:0"];
        const resources = [...models.map((m, i) => access(m, ACCESS, `m${i}`)), ...models.map(invokePolicyUsing)];
        const outcome = await checkStack(noEnableAllModels, resources);
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(outcome.violations[0], /enables 4 distinct models .* at most 3 are allowed\. That is the "enable all models" anti-pattern/);

        const tighter = await checkStack(noEnableAllModels, resources.slice(0, 2).concat(resources.slice(4, 6)), { maxModelsPerStack: 1 });
        assert.match(tighter.violations[0], /enables 2 distinct models .* at most 1 are allowed/);
    });

    it("counts a model enabled twice (two regions, or both resource kinds) once", async () => {
        const resources = [access(SONNET, ACCESS, "a"), access(SONNET, AGREEMENT, "b"), invokePolicyUsing(SONNET)];
        assert.deepStrictEqual((await checkStack(noEnableAllModels, resources, { maxModelsPerStack: 1 })).violations, []);
    });

    it("flags a model no profile, policy or other resource uses, naming its resource", async () => {
        const outcome = await checkStack(noEnableAllModels, [access(SONNET), access(HAIKU, ACCESS, "haiku"), invokePolicyUsing(SONNET)]);
        assert.deepStrictEqual(outcome.violations, [
            "The stack enables anthropic.claude-3-haiku-20240307-v1:0, but no inference profile, IAM policy or other resource in it uses that model. Remove the model access, or add what uses it.",
        ]);
        assert.match(String(outcome.urns[0]), /::haiku$/);
    });

    it("does not guess about use while other resources hold values unknown during preview", async () => {
        const pending = { type: "aws:iam/policy:Policy", props: { policy: UNKNOWN } };
        const outcome = await checkStack(noEnableAllModels, [access(SONNET), pending]);
        assert.deepStrictEqual(outcome.violations, []);
        assert.strictEqual(outcome.unknown, false, "the rest of the stack was still checked");
    });
});
