/** Tests of bedrock-usage-tracking, and of how the guardrail and invoke checks treat application inference profiles. */
import * as assert from "node:assert";
import { usageTracking } from "../usageTrackingPolicy";
import { modelAllowList } from "../modelAllowListPolicy";
import { invokeScopedToInferenceProfile } from "../iamInvokePolicy";
import { type ResourceInput, UNKNOWN, checkResource, checkStack, doc } from "./policyTestHelpers";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";

const SONNET_46 = "anthropic.claude-sonnet-4-6";
const SYSTEM_ARN = `arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile/global.${SONNET_46}`;
const OWN_ARN = "arn:aws:bedrock:ap-southeast-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
const FOREIGN_ARN = "arn:aws:bedrock:ap-southeast-1:123456789012:application-inference-profile/zzzzzzzzzzzz";

function applicationProfile(tags: Record<string, string> | string, copyFrom = SYSTEM_ARN, arn = OWN_ARN): ResourceInput {
    return { type: "aws:bedrock/inferenceProfile:InferenceProfile", name: "usage", props: { name: "dev-global", tags, modelSource: { copyFrom }, arn } };
}

const access: ResourceInput = { type: "pulumi-nodejs:dynamic/bedrock:ModelAccess", name: "access", props: { modelId: SONNET_46, region: "ap-southeast-1" } };

function guardrail(applicationProfileArns: string[]): ResourceInput {
    const text = JSON.stringify(allowListDocument({ allowedModelIds: [SONNET_46], inferenceProfileIds: [`global.${SONNET_46}`], applicationProfileArns }));
    return { type: "aws:iam/policy:Policy", name: "model-allow-list-guardrail", props: { policy: text } };
}

describe("policy bedrock-usage-tracking", () => {
    it("is advisory, and passes an application profile with the environment tag that copies a system-defined profile", async () => {
        assert.strictEqual(usageTracking.enforcementLevel, "advisory");
        assert.deepStrictEqual((await checkStack(usageTracking, [applicationProfile({ environment: "dev", team: "chat" })])).violations, []);
    });

    it("names the tag keys a profile lacks, with the configured keys", async () => {
        const violations = (await checkStack(usageTracking, [applicationProfile({ environment: "dev" })], { requiredTagKeys: ["environment", "cost-center"] }))
            .violations;
        assert.strictEqual(violations.length, 1, violations.join("\n"));
        assert.match(violations[0], /usage lacks the tag cost-center, so Cost Explorer cannot attribute its spend.*usageTracking\.tags/);
        const untagged = (await checkStack(usageTracking, [applicationProfile({})])).violations;
        assert.match(untagged.join("\n"), /lacks the tag environment/);
    });

    it("fails a copy of a single foundation model, which drops the cross-region routing", async () => {
        const violations = (
            await checkStack(usageTracking, [applicationProfile({ environment: "dev" }, `arn:aws:bedrock:ap-southeast-1::foundation-model/${SONNET_46}`)])
        ).violations;
        assert.match(
            violations.join("\n"),
            /copies arn:aws:bedrock:ap-southeast-1::foundation-model\/anthropic\.claude-sonnet-4-6, not a system-defined cross-region profile/,
        );
    });

    it("says nothing of tags not known yet (preview)", async () => {
        assert.deepStrictEqual((await checkStack(usageTracking, [applicationProfile(UNKNOWN)])).violations, []);
    });
});

describe("application inference profiles in the guardrail and invoke checks", () => {
    it("accepts a guardrail that leaves exactly the stack's own application profiles usable", async () => {
        assert.deepStrictEqual((await checkStack(modelAllowList, [access, applicationProfile({ environment: "dev" }), guardrail([OWN_ARN])])).violations, []);
    });

    it("refuses one that leaves an application profile of another stack usable, or every one", async () => {
        const foreign = (await checkStack(modelAllowList, [access, applicationProfile({ environment: "dev" }), guardrail([OWN_ARN, FOREIGN_ARN])])).violations;
        assert.strictEqual(foreign.length, 1, foreign.join("\n"));
        assert.match(
            foreign[0],
            /bedrock:InvokeModel on arn:aws:bedrock:ap-southeast-1:\d{12}:application-inference-profile\/zzzzzzzzzzzz \(named by the guardrail, not one of the stack's\) is allowed by guardrail/,
        );
        const wildcard: ResourceInput = {
            type: "aws:iam/policy:Policy",
            name: "hand-written",
            props: {
                policy: doc(
                    {
                        Effect: "Deny",
                        Action: "bedrock:InvokeModel",
                        NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET_46}`, "arn:aws:bedrock:*:*:application-inference-profile/*"],
                    },
                    { Effect: "Deny", Action: "bedrock-mantle:*", Resource: "*", Condition: { StringNotLike: { "bedrock-mantle:Model": [SONNET_46] } } },
                    { Effect: "Deny", Action: "*:CallWithBearerToken", Resource: "*" },
                ),
            },
        };
        const every = (await checkStack(modelAllowList, [access, wildcard])).violations;
        assert.match(every.join("\n"), /bedrock:InvokeModel on an application inference profile that is not the stack's is allowed by guardrail hand-written/);
    });

    it("accepts an invoke grant through the stack's application profile and refuses application-inference-profile/*", async () => {
        const grant = (resource: string) => ({
            type: "aws:iam/policy:Policy",
            name: "invoke",
            props: {
                policy: doc(
                    { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: resource },
                    {
                        Effect: "Allow",
                        Action: "bedrock:InvokeModel",
                        Resource: `arn:aws:bedrock:ap-southeast-1::foundation-model/${SONNET_46}`,
                        Condition: { StringEquals: { "bedrock:InferenceProfileArn": resource } },
                    },
                ),
            },
        });
        assert.deepStrictEqual((await checkResource(invokeScopedToInferenceProfile, grant(OWN_ARN), { allowedModelIds: [SONNET_46] })).violations, []);
        const every = (
            await checkResource(invokeScopedToInferenceProfile, grant("arn:aws:bedrock:ap-southeast-1:123456789012:application-inference-profile/*"), {
                allowedModelIds: [SONNET_46],
            })
        ).violations;
        assert.match(every.join("\n"), /every inference profile; name the profile/);
    });
});
