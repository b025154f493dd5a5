/** Tests of bedrock-invoke-scoped-to-inference-profile: violating and compliant documents in every shape. */
import * as assert from "node:assert";
import { invokePolicyDocument } from "../../components/inferenceProfileAccess/invokePolicy";
import { invokeScopedToInferenceProfile } from "../iamInvokePolicy";
import { type ResourceInput, UNKNOWN, checkResource, doc } from "./policyTestHelpers";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const PROFILE = `arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile/apac.${SONNET}`;
const MODEL_SG = `arn:aws:bedrock:ap-southeast-1::foundation-model/${SONNET}`;
const THROUGH_PROFILE = { StringEquals: { "bedrock:InferenceProfileArn": PROFILE } };

function managed(policy: unknown, name = "invoke"): ResourceInput {
    return { type: "aws:iam/policy:Policy", name, props: { policy } };
}

async function violations(resource: ResourceInput, config: object = {}): Promise<string[]> {
    return (await checkResource(invokeScopedToInferenceProfile, resource, config)).violations;
}

describe("policy bedrock-invoke-scoped-to-inference-profile", () => {
    describe("compliant documents", () => {
        it("passes the program's own geographic and global policies", async () => {
            const base = {
                partition: "aws",
                sourceRegion: "ap-southeast-1",
                inferenceProfileArn: PROFILE,
                modelId: SONNET,
                destinationRegions: ["ap-southeast-1", "ap-northeast-1"],
                allowStreaming: true,
            };
            assert.deepStrictEqual(await violations(managed(JSON.stringify(invokePolicyDocument({ ...base, isGlobal: false })))), []);
            const globalArn = PROFILE.replace("apac.", "global.");
            assert.deepStrictEqual(await violations(managed(invokePolicyDocument({ ...base, inferenceProfileArn: globalArn, isGlobal: true }))), []);
        });

        it("passes a single statement object with string Action and Resource", async () => {
            const single = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: PROFILE } };
            assert.deepStrictEqual(await violations(managed(single)), []);
        });

        it("ignores Deny statements and documents without Bedrock invoke", async () => {
            const deny = doc({ Effect: "Deny", Action: "bedrock:*", Resource: "*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
            assert.deepStrictEqual(await violations(managed(deny)), []);
        });

        it("ignores resources that carry no IAM document", async () => {
            assert.deepStrictEqual(await violations({ type: "aws:s3/bucket:Bucket", props: { policy: "not json" } }), []);
        });
    });

    describe("violations", () => {
        const cases: [string, ResourceInput, RegExp][] = [
            [
                "Resource * (JSON text, Action list)",
                managed(JSON.stringify(doc({ Sid: "All", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: "*" }))),
                /invoke: policy statement "All" grants invoke on "\*", which covers every Bedrock model and profile/,
            ],
            ["bedrock:* on every resource", managed(doc({ Effect: "Allow", Action: "bedrock:*", Resource: ["*"] })), /statement 1 grants invoke on "\*"/],
            [
                "bedrock:Invoke* on every model",
                managed(doc({ Effect: "Allow", Action: "bedrock:Invoke*", Resource: "arn:aws:bedrock:*::foundation-model/*", Condition: THROUGH_PROFILE })),
                /every foundation model; name the model/,
            ],
            [
                "Action * on a bare model",
                managed(doc({ Effect: "Allow", Action: "*", Resource: MODEL_SG })),
                /grants the foundation model .* without a bedrock:InferenceProfileArn condition, so the model can be called directly/,
            ],
            [
                "NotAction that leaves invoke allowed",
                managed(doc({ Effect: "Allow", NotAction: "iam:*", Resource: MODEL_SG })),
                /without a bedrock:InferenceProfileArn condition/,
            ],
            ["NotResource", managed(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: PROFILE })), /uses NotResource/],
            [
                "a model outside the list",
                managed(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_SG.replace(SONNET, HAIKU), Condition: THROUGH_PROFILE })),
                /grants anthropic\.claude-3-haiku-20240307-v1:0, which is not an allowed model/,
            ],
            [
                "a profile of a model outside the list",
                managed(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: PROFILE.replace(SONNET, HAIKU) })),
                /inference profile apac\.anthropic\.claude-3-haiku-20240307-v1:0, whose model .* is not allowed/,
            ],
            [
                "every inference profile",
                managed(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*:*:inference-profile/*" })),
                /every inference profile/,
            ],
            [
                "a wildcard profile condition",
                managed(
                    doc({
                        Effect: "Allow",
                        Action: "bedrock:InvokeModel",
                        Resource: MODEL_SG,
                        Condition: { StringLike: { "bedrock:InferenceProfileArn": "*" } },
                    }),
                ),
                /accepts more than the stack.s profiles in its bedrock:InferenceProfileArn condition/,
            ],
            [
                "a role inline policy",
                {
                    type: "aws:iam/role:Role",
                    name: "app",
                    props: {
                        inlinePolicies: [
                            { name: "ok", policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: PROFILE })) },
                            { name: "bad", policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock:InvokeModelWithResponseStream", Resource: "*" })) },
                        ],
                    },
                },
                /^app: inlinePolicies\[1\]\.policy statement 1 grants invoke on "\*"/,
            ],
            [
                "a role policy",
                {
                    type: "aws:iam/rolePolicy:RolePolicy",
                    name: "rp",
                    props: { policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }) },
                },
                /^rp: policy/,
            ],
            [
                "a user policy",
                {
                    type: "aws:iam/userPolicy:UserPolicy",
                    name: "up",
                    props: { policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }) },
                },
                /^up: policy/,
            ],
            [
                "a group policy",
                {
                    type: "aws:iam/groupPolicy:GroupPolicy",
                    name: "gp",
                    props: { policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }) },
                },
                /^gp: policy/,
            ],
            ["text that is not JSON", managed("{ not json"), /invoke: policy could not be checked: it is not valid JSON/],
            ["a statement that is not an object", managed(doc("Allow everything")), /could not be checked: it has a statement that is not an object/],
        ];
        for (const [name, resource, says] of cases) {
            it(`flags ${name}`, async () => {
                const found = await violations(resource);
                assert.ok(found.length >= 1, "a violation");
                assert.ok(
                    found.some((v) => says.test(v)),
                    `expected ${says}, got ${JSON.stringify(found)}`,
                );
            });
        }
    });

    it("follows the configured allowed models", async () => {
        const haikuProfile = PROFILE.replace(SONNET, HAIKU);
        assert.deepStrictEqual(
            await violations(managed(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: haikuProfile })), { allowedModelIds: [HAIKU] }),
            [],
        );
    });

    it("cannot check a document unknown during preview, and says so", async () => {
        const outcome = await checkResource(invokeScopedToInferenceProfile, managed(UNKNOWN));
        assert.deepStrictEqual(outcome, { violations: [], urns: [], unknown: true });
    });
});
