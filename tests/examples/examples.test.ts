/**
 * The programs under examples/ run under Pulumi mocks (and are type-checked by `npm test`): the
 * components used from another program, with inputs that are outputs of other resources, and an
 * application stack reading this project's outputs through a StackReference.
 */
import * as assert from "node:assert";
import { type InvokeHandler, STACK_REFERENCE_OUTPUTS, runWithMocks } from "../helpers/pulumiMocks";
import reusableComponent = require("../../examples/reusable-component/index");

const ACCOUNT = "123456789012";
const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const EU = `eu.${SONNET}`;

const INVOKES: Record<string, InvokeHandler> = {
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, userId: "AIDA", id: ACCOUNT }),
    "aws:bedrock/getInferenceProfile:getInferenceProfile": (inputs) => ({
        inferenceProfileId: inputs.inferenceProfileId,
        inferenceProfileArn: `arn:aws:bedrock:${String(inputs.region ?? "us-east-1")}:${ACCOUNT}:inference-profile/${String(inputs.inferenceProfileId)}`,
        status: "ACTIVE",
        type: "SYSTEM_DEFINED",
        models: ["eu-central-1", "eu-west-1"].map((r) => ({ modelArn: `arn:aws:bedrock:${r}::foundation-model/${SONNET}` })),
    }),
};

describe("examples (Pulumi mocks)", function () {
    this.timeout(20_000);
    const saved = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID };
    before(() => {
        process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    });
    after(() => {
        if (saved.AWS_ACCESS_KEY_ID === undefined) {
            delete process.env.AWS_ACCESS_KEY_ID;
        } else {
            process.env.AWS_ACCESS_KEY_ID = saved.AWS_ACCESS_KEY_ID;
        }
    });

    it("uses the components from another program, with a role created there, in the component's own region", async () => {
        const result = await runWithMocks(reusableComponent, { "aws:region": "us-east-1" }, INVOKES);
        assert.strictEqual(result.outputs.inferenceProfileArn, `arn:aws:bedrock:eu-central-1:${ACCOUNT}:inference-profile/${EU}`);
        const lookup = result.invokes.find((i) => i.token.startsWith("aws:bedrock"))!;
        assert.strictEqual(lookup.inputs.region, "eu-central-1");
        const attachments = result.registrations.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.deepStrictEqual(attachments.map((a) => [a.name, a.inputs.role]).sort(), [
            ["sonnet-eu-invoke-0", "chat-backend"],
            ["sonnet-eu-only-0", "chat-backend"],
        ]);
        assert.match(String(result.outputs.guardrailPolicy), /^arn:aws:iam::123456789012:policy\/bedrock-model-access\/sonnet-eu-only-guardrail$/);
    });

    it("reads the inference profile from this project's stack with a StackReference", async () => {
        STACK_REFERENCE_OUTPUTS["organization/bedrock-model-access/dev"] = {
            inferenceProfileId: `apac.${SONNET}`,
            inferenceProfileArn: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/apac.${SONNET}`,
            invokePolicyArn: `arn:aws:iam::${ACCOUNT}:policy/bedrock-model-access/apac-invoke`,
        };
        const result = await runWithMocks(async () => ({ ...(await import("../../examples/application-stack/index")) }), {}, {});
        assert.strictEqual(result.outputs.modelId, `apac.${SONNET}`);
        assert.strictEqual(result.outputs.invokePolicyArn, `arn:aws:iam::${ACCOUNT}:policy/bedrock-model-access/apac-invoke`);
    });
});
