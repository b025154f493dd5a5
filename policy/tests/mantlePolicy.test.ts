/** Tests of bedrock-mantle-invoke-pinned-to-model and bedrock-no-long-term-api-keys: the bypass shapes, and the program's pinned grant. */
import * as assert from "node:assert";
import { invokePolicyDocument } from "../../components/inferenceProfileAccess/invokePolicy";
import { noLongTermApiKeys } from "../apiKeyPolicy";
import { mantleInvokePinnedToModel } from "../mantlePolicy";
import { type ResourceInput, checkResource, doc } from "./policyTestHelpers";
import { GLOBAL_46_INVOKE_INPUT, SONNET_46 } from "../../tests/helpers/fixtures";

const PROJECTS = "arn:aws:bedrock-mantle:ap-southeast-1:123456789012:project/*";

function managed(policy: unknown): ResourceInput {
    return { type: "aws:iam/policy:Policy", name: "invoke", props: { policy } };
}

async function violations(resource: ResourceInput, config: object = {}): Promise<string[]> {
    return (await checkResource(mantleInvokePinnedToModel, resource, config)).violations;
}

describe("policy bedrock-mantle-invoke-pinned-to-model", () => {
    it("passes the program's invoke policy with both endpoints", async () => {
        const policy = invokePolicyDocument({ ...GLOBAL_46_INVOKE_INPUT, endpoints: ["runtime", "mantle"], apiKeys: "short-term" });
        assert.deepStrictEqual(await violations(managed(JSON.stringify(policy))), []);
    });

    it("passes a pin with StringLike and no wildcard, and documents that grant nothing on bedrock-mantle", async () => {
        assert.deepStrictEqual(
            await violations(
                managed(
                    doc({
                        Effect: "Allow",
                        Action: "bedrock-mantle:CreateInference",
                        Resource: PROJECTS,
                        Condition: { StringLike: { "bedrock-mantle:Model": SONNET_46 } },
                    }),
                ),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                managed(
                    doc(
                        { Effect: "Allow", Action: "bedrock-mantle:ListProjects", Resource: "*" },
                        { Effect: "Deny", Action: "bedrock-mantle:*", Resource: "*" },
                    ),
                ),
            ),
            [],
        );
    });

    const bypasses: [string, object, RegExp][] = [
        [
            "AWS's managed-policy shape: CreateInference on every project, no model",
            { Effect: "Allow", Action: "bedrock-mantle:CreateInference", Resource: "arn:aws:bedrock-mantle:*:*:project/*" },
            /without a bedrock-mantle:Model condition, so every model on bedrock-mantle can be called/,
        ],
        [
            "bedrock-mantle:* with no model",
            { Effect: "Allow", Action: "bedrock-mantle:*", Resource: "*" },
            /grants bedrock-mantle:CountTokens, bedrock-mantle:CreateFineTuningJob, bedrock-mantle:CreateInference without a bedrock-mantle:Model condition/,
        ],
        ["Action * with no model", { Effect: "Allow", Action: "*", Resource: "*" }, /without a bedrock-mantle:Model condition/],
        ["NotAction that leaves CreateInference in", { Effect: "Allow", NotAction: "iam:*", Resource: "*" }, /without a bedrock-mantle:Model condition/],
        [
            "a negated pin",
            {
                Effect: "Allow",
                Action: "bedrock-mantle:CreateInference",
                Resource: PROJECTS,
                Condition: { StringNotEquals: { "bedrock-mantle:Model": "openai.gpt-oss-120b" } },
            },
            /under StringNotEquals, which does not pin the model/,
        ],
        [
            "an IfExists pin",
            {
                Effect: "Allow",
                Action: "bedrock-mantle:CreateInference",
                Resource: PROJECTS,
                Condition: { StringEqualsIfExists: { "bedrock-mantle:Model": SONNET_46 } },
            },
            /under StringEqualsIfExists, which does not pin the model/,
        ],
        [
            "a wildcard pin",
            {
                Effect: "Allow",
                Action: "bedrock-mantle:CreateInference",
                Resource: PROJECTS,
                Condition: { StringLike: { "bedrock-mantle:Model": "anthropic.*" } },
            },
            /pins bedrock-mantle:Model to "anthropic\.\*", which matches every model/,
        ],
        [
            "a pin to a model the reviewers do not allow",
            {
                Effect: "Allow",
                Action: "bedrock-mantle:CreateInference",
                Resource: PROJECTS,
                Condition: { StringEquals: { "bedrock-mantle:Model": "openai.gpt-oss-120b" } },
            },
            /for openai\.gpt-oss-120b, which is not an allowed model/,
        ],
    ];
    for (const [name, statement, says] of bypasses) {
        it(`blocks ${name}`, async () => {
            const found = await violations(managed(doc(statement)));
            assert.ok(found.length > 0, "a violation");
            assert.match(found.join("\n"), says);
        });
    }

    it("reads a role's inline policies too", async () => {
        const role: ResourceInput = {
            type: "aws:iam/role:Role",
            name: "backend",
            props: {
                inlinePolicies: [{ name: "mantle", policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock-mantle:CreateInference", Resource: "*" })) }],
            },
        };
        assert.match((await violations(role)).join("\n"), /backend: inlinePolicies\[0\]\.policy statement 1 grants bedrock-mantle:CreateInference without/);
    });

    it("follows the reviewers' allowed models", async () => {
        const gpt = managed(
            doc({
                Effect: "Allow",
                Action: "bedrock-mantle:CreateInference",
                Resource: PROJECTS,
                Condition: { StringEquals: { "bedrock-mantle:Model": "openai.gpt-oss-120b" } },
            }),
        );
        assert.deepStrictEqual(await violations(gpt, { allowedModelIds: ["openai.gpt-oss-120b"] }), []);
    });
});

describe("policy bedrock-no-long-term-api-keys", () => {
    const key = (serviceName: string): ResourceInput => ({
        type: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
        name: "explorer-key",
        props: { serviceName, userName: "explorer" },
    });

    it("blocks a long-term Bedrock API key, naming the user and the alternatives", async () => {
        const outcome = await checkResource(noLongTermApiKeys, key("bedrock.amazonaws.com"));
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(
            outcome.violations[0],
            /explorer-key creates a long-term Bedrock API key for the IAM user explorer.*short-term keys.*allowedApiKeys to "any"/,
        );
    });

    it("leaves other services' credentials alone", async () => {
        assert.deepStrictEqual((await checkResource(noLongTermApiKeys, key("codecommit.amazonaws.com"))).violations, []);
    });

    it('accepts one when the reviewers set allowedApiKeys "any", and not for "short-term"', async () => {
        assert.deepStrictEqual((await checkResource(noLongTermApiKeys, key("bedrock.amazonaws.com"), { allowedApiKeys: "any" })).violations, []);
        assert.strictEqual((await checkResource(noLongTermApiKeys, key("bedrock.amazonaws.com"), { allowedApiKeys: "short-term" })).violations.length, 1);
    });
});
