/**
 * Grants just as broad as `bedrock:*` on `*`, written another way (issue: "no broad model grant
 * gets through in another shape"): weakened condition operators, other model resources and
 * invoke actions, Marketplace in other spellings, and IAM documents in every resource type and
 * shape the pack reads. The weakened forms are shown to allow a direct model call with a real
 * IAM evaluator, then shown to be flagged.
 */
import * as assert from "node:assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { invokeScopedToInferenceProfile } from "../iamInvokePolicy";
import { marketplaceSubscribeScoped } from "../marketplacePolicy";
import { type ResourceInput, checkResource, doc } from "./policyTestHelpers";

const ACCOUNT = "123456789012";
const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const PROFILE = `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/apac.${SONNET}`;
const MODEL = `arn:aws:bedrock:ap-southeast-1::foundation-model/${SONNET}`;

function modelGrant(condition: object): object {
    return { Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [MODEL], Condition: condition };
}

async function invokeViolations(resource: ResourceInput): Promise<string[]> {
    return (await checkResource(invokeScopedToInferenceProfile, resource)).violations;
}

describe("broad model grants in other shapes", () => {
    describe("condition operators that do not pin the profile", () => {
        const weakened: [string, object, ResourceInput["type"], (policy: object) => Record<string, unknown>][] = [
            [
                "StringNotEquals (managed policy, JSON text)",
                { StringNotEquals: { "bedrock:InferenceProfileArn": PROFILE } },
                "aws:iam/policy:Policy",
                (p) => ({ policy: JSON.stringify(p) }),
            ],
            [
                "StringEqualsIfExists (role policy, object)",
                { StringEqualsIfExists: { "bedrock:InferenceProfileArn": PROFILE } },
                "aws:iam/rolePolicy:RolePolicy",
                (p) => ({ policy: p }),
            ],
            [
                "ForAllValues:StringEquals (aws-native managed policy)",
                { "ForAllValues:StringEquals": { "bedrock:InferenceProfileArn": [PROFILE] } },
                "aws-native:iam:ManagedPolicy",
                (p) => ({ policyDocument: p }),
            ],
            ["ArnNotLike (user policy)", { ArnNotLike: { "bedrock:InferenceProfileArn": PROFILE } }, "aws:iam/userPolicy:UserPolicy", (p) => ({ policy: p })],
        ];
        for (const [name, condition, type, props] of weakened) {
            it(`flags ${name}`, async () => {
                const found = await invokeViolations({ type, name: "app", props: props(doc(modelGrant(condition))) });
                assert.ok(
                    found.some((v) => /under .* which does not pin the profile \(a direct model call passes it\)/.test(v)),
                    JSON.stringify(found),
                );
            });
        }

        for (const [name, condition] of [
            ["StringNotEquals", { StringNotEquals: { "bedrock:InferenceProfileArn": PROFILE } }],
            ["StringEqualsIfExists", { StringEqualsIfExists: { "bedrock:InferenceProfileArn": PROFILE } }],
        ] as const) {
            it(`(IAM evaluator) ${name} does allow a direct model call, which is why it is flagged`, async () => {
                const result = await runSimulation(
                    {
                        request: {
                            principal: `arn:aws:iam::${ACCOUNT}:role/app`,
                            action: "bedrock:InvokeModel",
                            resource: { resource: MODEL, accountId: ACCOUNT },
                            contextVariables: { "aws:RequestedRegion": "ap-southeast-1" },
                        },
                        identityPolicies: [{ name: "weak", policy: doc(modelGrant(condition)) }],
                        serviceControlPolicies: [],
                        resourceControlPolicies: [],
                    },
                    {},
                );
                assert.strictEqual(result.resultType !== "error" && result.overallResult, "Allowed");
            });
        }

        it("flags a wildcard that widens the profile condition beyond the stack's profiles", async () => {
            const wide = doc(modelGrant({ ArnLike: { "bedrock:InferenceProfileArn": `arn:aws:bedrock:*:${ACCOUNT}:inference-profile/apac.${SONNET}` } }));
            const found = await invokeViolations({ type: "aws:iam/policy:Policy", name: "app", props: { policy: wide } });
            assert.ok(
                found.some((v) => /accepts more than the stack's profiles/.test(v)),
                JSON.stringify(found),
            );
        });

        it("passes operators that pin the profile: StringEquals, ArnEquals, ForAnyValue:StringEquals, StringLike without wildcards", async () => {
            for (const condition of [
                { StringEquals: { "bedrock:InferenceProfileArn": PROFILE } },
                { ArnEquals: { "bedrock:InferenceProfileArn": PROFILE } },
                { "ForAnyValue:StringEquals": { "bedrock:InferenceProfileArn": [PROFILE] } },
                { StringLike: { "bedrock:InferenceProfileArn": PROFILE } },
            ]) {
                assert.deepStrictEqual(
                    await invokeViolations({ type: "aws:iam/policy:Policy", name: "app", props: { policy: doc(modelGrant(condition)) } }),
                    [],
                    JSON.stringify(condition),
                );
            }
        });
    });

    describe("other model resources and invoke actions", () => {
        const cases: [string, ResourceInput, RegExp][] = [
            [
                "a provisioned model (managed policy)",
                {
                    type: "aws:iam/policy:Policy",
                    name: "app",
                    props: {
                        policy: doc({
                            Effect: "Allow",
                            Action: "bedrock:InvokeModel",
                            Resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:provisioned-model/abc123`,
                        }),
                    },
                },
                /a provisioned model, which is not an allowed model through an inference profile/,
            ],
            [
                "a custom-model deployment (role inline policy)",
                {
                    type: "aws:iam/role:Role",
                    name: "app",
                    props: {
                        inlinePolicies: [
                            {
                                name: "x",
                                policy: JSON.stringify(
                                    doc({
                                        Effect: "Allow",
                                        Action: "bedrock:InvokeModel",
                                        Resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:custom-model-deployment/abc123`,
                                    }),
                                ),
                            },
                        ],
                    },
                },
                /a custom-model deployment/,
            ],
            [
                "an imported model (aws-native role policies)",
                {
                    type: "aws-native:iam:Role",
                    name: "app",
                    props: {
                        policies: [
                            {
                                policyName: "x",
                                policyDocument: doc({
                                    Effect: "Allow",
                                    Action: "bedrock:InvokeModel*",
                                    Resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:imported-model/abc123`,
                                }),
                            },
                        ],
                    },
                },
                /an imported model/,
            ],
            [
                "bidirectional streaming on * (user policy)",
                {
                    type: "aws:iam/userPolicy:UserPolicy",
                    name: "app",
                    props: { policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModelWithBidirectionalStream", Resource: "*" }) },
                },
                /grants invoke on "\*"/,
            ],
            [
                "batch inference jobs on every model (group policy)",
                {
                    type: "aws:iam/groupPolicy:GroupPolicy",
                    name: "app",
                    props: { policy: doc({ Effect: "Allow", Action: "bedrock:CreateModelInvocationJob", Resource: "arn:aws:bedrock:*::foundation-model/*" }) },
                },
                /every foundation model/,
            ],
        ];
        for (const [name, resource, says] of cases) {
            it(`flags ${name}`, async () => {
                const found = await invokeViolations(resource);
                assert.ok(
                    found.some((v) => says.test(v)),
                    JSON.stringify(found),
                );
            });
        }

        it("passes a batch job grant on the job and the allowed profile", async () => {
            const ok = doc({
                Effect: "Allow",
                Action: "bedrock:CreateModelInvocationJob",
                Resource: [`arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:model-invocation-job/*`, PROFILE],
            });
            assert.deepStrictEqual(await invokeViolations({ type: "aws:iam/policy:Policy", name: "batch", props: { policy: ok } }), []);
        });
    });

    describe("Marketplace subscription in other spellings", () => {
        async function marketplaceViolations(resource: ResourceInput): Promise<string[]> {
            return (await checkResource(marketplaceSubscribeScoped, resource)).violations;
        }
        const cases: [string, ResourceInput][] = [
            [
                "aws-marketplace:* with a negated product (managed policy)",
                {
                    type: "aws:iam/policy:Policy",
                    name: "m",
                    props: {
                        policy: doc({
                            Effect: "Allow",
                            Action: "aws-marketplace:*",
                            Resource: "*",
                            Condition: { StringNotEquals: { "aws-marketplace:ProductId": "prod-4pmewlybdftbs" } },
                        }),
                    },
                },
            ],
            [
                "Subscribe with ...IfExists (aws-native managed policy)",
                {
                    type: "aws-native:iam:ManagedPolicy",
                    name: "m",
                    props: {
                        policyDocument: doc({
                            Effect: "Allow",
                            Action: "aws-marketplace:Subscribe",
                            Resource: "*",
                            Condition: { StringEqualsIfExists: { "aws-marketplace:ProductId": "prod-4pmewlybdftbs" } },
                        }),
                    },
                },
            ],
            [
                "aws-marketplace:Sub* with ForAllValues (permission set)",
                {
                    type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
                    name: "m",
                    props: {
                        inlinePolicy: JSON.stringify(
                            doc({
                                Effect: "Allow",
                                Action: "aws-marketplace:Sub*",
                                Resource: "*",
                                Condition: { "ForAllValues:StringEquals": { "aws-marketplace:ProductId": ["prod-4pmewlybdftbs"] } },
                            }),
                        ),
                    },
                },
            ],
        ];
        for (const [name, resource] of cases) {
            it(`flags ${name}`, async () => {
                const found = await marketplaceViolations(resource);
                assert.strictEqual(found.length, 1, JSON.stringify(found));
                assert.match(
                    found[0],
                    /allows aws-marketplace:Subscribe to any product \(aws-marketplace:ProductId under .* does not name the products it allows\)/,
                );
            });
        }

        it("passes ForAnyValue:StringEquals and StringEquals naming products", async () => {
            for (const operator of ["ForAnyValue:StringEquals", "StringEquals"]) {
                const ok = doc({
                    Effect: "Allow",
                    Action: "aws-marketplace:Subscribe",
                    Resource: "*",
                    Condition: { [operator]: { "aws-marketplace:ProductId": ["prod-4pmewlybdftbs"] } },
                });
                assert.deepStrictEqual(await marketplaceViolations({ type: "aws:iam/policy:Policy", props: { policy: ok } }), [], operator);
            }
        });
    });

    describe("IAM documents in every resource type and shape", () => {
        const everything = doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" });
        // What aws.iam.getPolicyDocument returns in `json`: a JSON text with empty Sid and lists.
        const fromGetPolicyDocument = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: ["*"] }],
        });
        const single = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" } };
        const cases: [string, ResourceInput, RegExp][] = [
            [
                "an IAM Identity Center permission set inline policy (JSON text)",
                { type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", name: "ps", props: { inlinePolicy: JSON.stringify(everything) } },
                /^ps: inlinePolicy statement 1 grants invoke on "\*"/,
            ],
            [
                "an aws-native permission set (object)",
                { type: "aws-native:sso:PermissionSet", name: "ps", props: { inlinePolicy: everything } },
                /^ps: inlinePolicy statement 1/,
            ],
            [
                "an aws-native managed policy (object)",
                { type: "aws-native:iam:ManagedPolicy", name: "mp", props: { policyDocument: everything } },
                /^mp: policyDocument statement 1/,
            ],
            [
                "an aws-native user's policies (getPolicyDocument JSON)",
                { type: "aws-native:iam:User", name: "u", props: { policies: [{ policyName: "p", policyDocument: fromGetPolicyDocument }] } },
                /^u: policies\[0\]\.policyDocument statement 1/,
            ],
            [
                "an aws-native group's policies (single statement)",
                { type: "aws-native:iam:Group", name: "g", props: { policies: [{ policyName: "p", policyDocument: single }] } },
                /^g: policies\[0\]\.policyDocument statement 1/,
            ],
            [
                "an aws-native role policy (getPolicyDocument JSON)",
                { type: "aws-native:iam:RolePolicy", name: "rp", props: { policyDocument: fromGetPolicyDocument } },
                /^rp: policyDocument statement 1/,
            ],
        ];
        for (const [name, resource, says] of cases) {
            it(`reads ${name}`, async () => {
                const found = await invokeViolations(resource);
                assert.ok(
                    found.some((v) => says.test(v)),
                    JSON.stringify(found),
                );
            });
        }
    });
});
