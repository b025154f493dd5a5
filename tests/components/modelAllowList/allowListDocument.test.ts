/**
 * The model allow-list guardrail, judged by a real IAM evaluator (@cloud-copilot/iam-simulate)
 * for a principal that is otherwise allowed everything (AdministratorAccess), both as an SCP and
 * as an IAM policy on the role. Cases the evaluator cannot judge (region-less ARNs, Marketplace
 * product IDs, the bedrock-mantle condition key) test the document's shape and say so.
 */
import * as assert from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument, PolicyStatement } from "../../../bedrock/iamDocument";
import { ACCOUNT, type BedrockRequest, bedrockSimulation } from "../../helpers/iamSimulation";
import { SCP_MAX_CHARACTERS, allowListDocument, allowListPolicyText } from "../../../components/modelAllowList/allowListDocument";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const APAC = `apac.${SONNET}`;
const GLOBAL = `global.${SONNET}`;
const ADMIN: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] };

type Placement = "scp" | "iam";
type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

type Request = BedrockRequest;

async function decide(guardrail: PolicyDocument, placement: Placement, request: Request): Promise<Decision> {
    // An administrator: allowed everything by identity policy, and by FullAWSAccess where SCPs apply.
    const simulation = placement === "iam" ? bedrockSimulation(request, [ADMIN, guardrail]) : bedrockSimulation(request, [ADMIN], [ADMIN, guardrail]);
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error") {
        throw new Error(`the simulator rejected the request or policy: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult;
}

const profileArn = (region: string, id: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${id}`;
const modelArn = (region: string, id = SONNET) => `arn:aws:bedrock:${region}::foundation-model/${id}`;

function statement(document: PolicyDocument, sid: string): PolicyStatement {
    const found = document.Statement.find((s) => s.Sid === sid);
    assert.ok(found, `statement ${sid}`);
    return found;
}

describe("model allow-list guardrail decisions (IAM evaluator, AdministratorAccess principal)", () => {
    const document = allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC, GLOBAL] });

    for (const placement of ["scp", "iam"] as const) {
        describe(`as ${placement === "scp" ? "a service control policy" : "an IAM policy on the role"}`, () => {
            const allowed: [string, Request][] = [
                [
                    "the apac. profile from the source region",
                    { action: "bedrock:InvokeModel", resource: profileArn("ap-southeast-1", APAC), region: "ap-southeast-1" },
                ],
                [
                    "streaming through the apac. profile",
                    { action: "bedrock:InvokeModelWithResponseStream", resource: profileArn("ap-southeast-1", APAC), region: "ap-southeast-1" },
                ],
                ...["ap-northeast-1", "ap-south-1", "ap-southeast-2"].map((r): [string, Request] => [
                    `the model in destination ${r} through the apac. profile`,
                    { action: "bedrock:InvokeModel", resource: modelArn(r), region: r, through: profileArn("ap-southeast-1", APAC) },
                ]),
                ["the global. profile from us-east-1", { action: "bedrock:InvokeModel", resource: profileArn("us-east-1", GLOBAL), region: "us-east-1" }],
                [
                    "the model in us-east-1 through the global. profile",
                    { action: "bedrock:InvokeModel", resource: modelArn("us-east-1"), region: "us-east-1", through: profileArn("us-east-1", GLOBAL) },
                ],
                [
                    "a batch inference job's own ARN",
                    {
                        action: "bedrock:CreateModelInvocationJob",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:model-invocation-job/job1`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a batch job on the allowed model",
                    { action: "bedrock:CreateModelInvocationJob", resource: modelArn("ap-southeast-1"), region: "ap-southeast-1" },
                ],
                [
                    "an asynchronous invocation (StartAsyncInvoke is InvokeModel on the async-invoke too)",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:async-invoke/abc123def456`,
                        region: "ap-southeast-1",
                    },
                ],
                ...["bedrock:CreateEvaluationJob", "bedrock:CreateModelEvaluationJob", "bedrock:CreateAdvancedPromptOptimizationJob"].map(
                    (action): [string, Request] => [
                        `${action} on the allowed model`,
                        { action, resource: modelArn("ap-southeast-1"), region: "ap-southeast-1" },
                    ],
                ),
                ["listing models (left alone)", { action: "bedrock:ListFoundationModels", resource: "*", region: "ap-southeast-1" }],
                [
                    "reading another profile (left alone)",
                    { action: "bedrock:GetInferenceProfile", resource: profileArn("ap-southeast-1", `apac.${HAIKU}`), region: "ap-southeast-1" },
                ],
                ["an unrelated service (left alone)", { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", region: "ap-southeast-1" }],
            ];
            for (const [name, request] of allowed) {
                it(`allows ${name}`, async () => {
                    assert.strictEqual(await decide(document, placement, request), "Allowed");
                });
            }

            const denied: [string, Request][] = [
                [
                    "another model called directly in the source region",
                    { action: "bedrock:InvokeModel", resource: modelArn("ap-southeast-1", HAIKU), region: "ap-southeast-1" },
                ],
                [
                    "another model called directly in another region",
                    { action: "bedrock:InvokeModelWithResponseStream", resource: modelArn("us-west-2", HAIKU), region: "us-west-2" },
                ],
                [
                    "another model's geographic profile",
                    { action: "bedrock:InvokeModel", resource: profileArn("ap-southeast-1", `apac.${HAIKU}`), region: "ap-southeast-1" },
                ],
                [
                    "another model's global profile",
                    { action: "bedrock:InvokeModel", resource: profileArn("us-east-1", `global.${HAIKU}`), region: "us-east-1" },
                ],
                [
                    "another model through the allowed profile's name",
                    {
                        action: "bedrock:InvokeModel",
                        resource: modelArn("ap-northeast-1", HAIKU),
                        region: "ap-northeast-1",
                        through: profileArn("ap-southeast-1", APAC),
                    },
                ],
                [
                    "an application inference profile",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:application-inference-profile/abc123def456`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a provisioned model",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:provisioned-model/abc123def456`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a custom model's on-demand deployment",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:custom-model-deployment/abc123def456`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a batch inference job on a custom model",
                    {
                        action: "bedrock:CreateModelInvocationJob",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:custom-model/abc123def456`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a prompt router (it routes to other models)",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:default-prompt-router/anthropic.claude:1`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a Marketplace model endpoint",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:marketplace/model-endpoint/all-access`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "an imported model",
                    {
                        action: "bedrock:InvokeModel",
                        resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:imported-model/abc123def456`,
                        region: "ap-southeast-1",
                    },
                ],
                [
                    "a batch inference job on another model",
                    { action: "bedrock:CreateModelInvocationJob", resource: modelArn("ap-southeast-1", HAIKU), region: "ap-southeast-1" },
                ],
                ...["bedrock:CreateEvaluationJob", "bedrock:CreateModelEvaluationJob", "bedrock:CreateAdvancedPromptOptimizationJob"].map(
                    (action): [string, Request] => [
                        `${action} on another model`,
                        { action, resource: modelArn("ap-southeast-1", HAIKU), region: "ap-southeast-1" },
                    ],
                ),
            ];
            for (const [name, request] of denied) {
                it(`denies ${name}`, async () => {
                    assert.strictEqual(await decide(document, placement, request), "ExplicitlyDenied");
                });
            }
        });
    }

    it("shape (the evaluator has no region-less ARN): the global route's region-less model ARN is left usable, other models' are not", () => {
        const deny = statement(document, "DenyModelsOutsideAllowList");
        const notResource = deny.NotResource as string[];
        const allowedPattern = notResource.find((p) => p.endsWith(`:foundation-model/${SONNET}`));
        assert.strictEqual(allowedPattern, `arn:*:bedrock:*::foundation-model/${SONNET}`, "the region * also matches the empty region");
        assert.ok(!notResource.some((p) => p.includes(HAIKU)));
        const unsafe: Simulation = {
            request: {
                principal: `arn:aws:iam::${ACCOUNT}:role/chat-backend`,
                action: "bedrock:InvokeModel",
                resource: { resource: `arn:aws:bedrock:::foundation-model/${HAIKU}`, accountId: ACCOUNT },
                contextVariables: { "aws:RequestedRegion": "unspecified" },
            },
            identityPolicies: [
                { name: "admin", policy: ADMIN },
                { name: "guardrail", policy: document },
            ],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        };
        // The same core engine, without the resource-catalog validation that refuses region-less ARNs.
        assert.strictEqual(runUnsafeSimulation(unsafe, {}), "ExplicitlyDenied");
    });

    it("core engine (the evaluator's catalog lacks the action): bidirectional streaming of another model is denied, of the allowed one is not", () => {
        const request = (resource: string): Simulation => ({
            request: {
                principal: `arn:aws:iam::${ACCOUNT}:role/chat-backend`,
                action: "bedrock:InvokeModelWithBidirectionalStream",
                resource: { resource, accountId: ACCOUNT },
                contextVariables: { "aws:RequestedRegion": "us-east-1" },
            },
            identityPolicies: [
                { name: "admin", policy: ADMIN },
                { name: "guardrail", policy: document },
            ],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        });
        assert.strictEqual(runUnsafeSimulation(request(modelArn("us-east-1", "amazon.nova-sonic-v1:0")), {}), "ExplicitlyDenied");
        assert.strictEqual(runUnsafeSimulation(request(modelArn("us-east-1")), {}), "Allowed");
    });

    it("shape (the evaluator ignores aws-marketplace:ProductId): Subscribe is denied for every product but the allowed models'", () => {
        const deny = statement(document, "DenyMarketplaceSubscribeOutsideAllowList");
        assert.strictEqual(deny.Effect, "Deny");
        assert.strictEqual(deny.Action, "aws-marketplace:Subscribe");
        assert.strictEqual(deny.Resource, "*");
        assert.deepStrictEqual(deny.Condition, { "ForAnyValue:StringNotEquals": { "aws-marketplace:ProductId": ["prod-4pmewlybdftbs"] } });
    });

    it("shape: with no Marketplace model allowed, every Subscribe is denied", () => {
        const amazonOnly = allowListDocument({ allowedModelIds: ["amazon.nova-pro-v1:0"], inferenceProfileIds: [] });
        assert.strictEqual(statement(amazonOnly, "DenyMarketplaceSubscribeOutsideAllowList").Condition, undefined);
    });

    it("shape (bedrock-mantle is judged by its model condition key): the OpenAI-compatible endpoint is denied other models, and calls without a model are left alone", () => {
        const deny = statement(document, "DenyMantleModelsOutsideAllowList");
        assert.deepStrictEqual(deny.Condition, { StringNotLike: { "bedrock-mantle:Model": [SONNET] }, Null: { "bedrock-mantle:Model": "false" } });
    });

    it("fits the dev stack's allow list in an SCP, and refuses one that does not fit, naming the limit and the keys", () => {
        // Under half the SCP limit, so a stack has room for more models and profiles.
        assert.ok(allowListPolicyText({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC] }, "scp").length < SCP_MAX_CHARACTERS / 2);
        const many = Array.from({ length: 60 }, (_, i) => `amazon.nova-model-${i}-v1:0`);
        assert.throws(
            () => allowListPolicyText({ allowedModelIds: many, inferenceProfileIds: many.map((m) => `us.${m}`) }, "scp"),
            new RegExp(
                `does not fit in a service control policy: \\d+ characters, the limit is ${SCP_MAX_CHARACTERS}.*inferenceProfiles, modelGuardrail\\.extraAllowedModels`,
            ),
        );
    });

    it("as an IAM policy, keeps a Marketplace model whose product ID is unknown usable through its profile and denies the role every subscription", async () => {
        const unknown = "anthropic.claude-unknown-v9:0";
        const iamDocument = allowListDocument({ allowedModelIds: [unknown, SONNET], inferenceProfileIds: [`global.${unknown}`] }, "iam");
        const through = profileArn("us-east-1", `global.${unknown}`);
        assert.strictEqual(await decide(iamDocument, "iam", { action: "bedrock:InvokeModel", resource: through, region: "us-east-1" }), "Allowed");
        assert.strictEqual(
            await decide(iamDocument, "iam", { action: "bedrock:InvokeModel", resource: modelArn("us-east-1", unknown), region: "us-east-1", through }),
            "Allowed",
        );
        assert.deepStrictEqual(
            statement(iamDocument, "DenyMarketplaceSubscribeOutsideAllowList").Condition,
            { "ForAnyValue:StringNotEquals": { "aws-marketplace:ProductId": ["prod-4pmewlybdftbs"] } },
            "shape: only the known product is exempt",
        );
    });

    it("as an SCP (which reaches the deployer's subscription too), refuses a Marketplace model whose product ID is unknown, saying where to add it", () => {
        assert.throws(
            () => allowListDocument({ allowedModelIds: ["anthropic.claude-unknown-v9:0"], inferenceProfileIds: [] }, "scp"),
            /No AWS Marketplace product ID is known for anthropic\.claude-unknown-v9:0.*pulumi config set --path 'marketplaceProductIds\["anthropic\.claude-unknown-v9:0"\]' prod-/,
        );
    });
});

describe("the guardrail's data-retention statements (IAM evaluator, AdministratorAccess principal)", () => {
    const withMode = allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC], dataRetentionMode: "none" });
    const withoutMode = allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC] });
    const put = (service: "bedrock" | "bedrock-mantle", mode: string): Request => ({
        action: `${service}:PutAccountDataRetention`,
        resource: "*",
        region: "ap-southeast-1",
        context: { [`${service}:DataRetentionMode`]: mode },
    });

    for (const placement of ["scp", "iam"] as const) {
        for (const service of ["bedrock", "bedrock-mantle"] as const) {
            it(`as ${placement}, allows setting the stack's own mode on ${service}`, async () => {
                assert.strictEqual(await decide(withMode, placement, put(service, "none")), "Allowed");
            });
            for (const other of ["default", "provider_data_share", "inherit"]) {
                it(`as ${placement}, denies setting ${other} on ${service}`, async () => {
                    assert.strictEqual(await decide(withMode, placement, put(service, other)), "ExplicitlyDenied");
                });
            }
            it(`as ${placement}, leaves ${service}'s mode alone when the stack declares none`, async () => {
                assert.strictEqual(await decide(withoutMode, placement, put(service, "provider_data_share")), "Allowed");
            });
        }
        it(`as ${placement}, still leaves reading the mode alone`, async () => {
            assert.strictEqual(
                await decide(withMode, placement, { action: "bedrock:GetAccountDataRetention", resource: "*", region: "ap-southeast-1" }),
                "Allowed",
            );
        });
    }
});

describe("the guardrail on bedrock-mantle and for Bedrock API keys (IAM evaluator, AdministratorAccess principal)", () => {
    const SONNET_46 = "anthropic.claude-sonnet-4-6";
    const allow = { allowedModelIds: [SONNET_46], inferenceProfileIds: [`global.${SONNET_46}`] };
    const mantle = (modelId: string, action = "bedrock-mantle:CreateInference"): Request => ({
        action,
        resource: `arn:aws:bedrock-mantle:ap-southeast-1:${ACCOUNT}:project/default`,
        region: "ap-southeast-1",
        context: { "bedrock-mantle:Model": modelId },
    });
    const bearer = (service: "bedrock" | "bedrock-mantle", type: "SHORT_TERM" | "LONG_TERM"): Request => ({
        action: `${service}:CallWithBearerToken`,
        resource: "*",
        region: "ap-southeast-1",
        context: { [`${service}:BearerTokenType`]: type },
    });
    const createKey = (serviceName: string): Request => ({
        action: "iam:CreateServiceSpecificCredential",
        resource: `arn:aws:iam::${ACCOUNT}:user/explorer`,
        region: "us-east-1",
        context: { "iam:ServiceSpecificCredentialServiceName": serviceName },
    });

    for (const placement of ["scp", "iam"] as const) {
        const document = allowListDocument(allow, placement);
        it(`as ${placement}, denies other models on bedrock-mantle and leaves the allowed one usable`, async () => {
            assert.strictEqual(await decide(document, placement, mantle(SONNET_46)), "Allowed");
            assert.strictEqual(await decide(document, placement, mantle(SONNET_46, "bedrock-mantle:CountTokens")), "Allowed");
            for (const other of ["openai.gpt-oss-120b", "anthropic.claude-opus-4-7", SONNET]) {
                assert.strictEqual(await decide(document, placement, mantle(other)), "ExplicitlyDenied", other);
            }
            assert.strictEqual(await decide(document, placement, mantle("openai.gpt-oss-120b", "bedrock-mantle:CreateFineTuningJob")), "ExplicitlyDenied");
        });

        it(`as ${placement}, with the default apiKeys ("none"), denies every API-key use on both endpoints`, async () => {
            for (const service of ["bedrock", "bedrock-mantle"] as const) {
                for (const type of ["SHORT_TERM", "LONG_TERM"] as const) {
                    assert.strictEqual(await decide(document, placement, bearer(service, type)), "ExplicitlyDenied", `${service} ${type}`);
                }
            }
        });

        it(`as ${placement}, with apiKeys "short-term", allows short-term keys and denies long-term ones on both endpoints`, async () => {
            const shortTerm = allowListDocument({ ...allow, apiKeys: "short-term" }, placement);
            for (const service of ["bedrock", "bedrock-mantle"] as const) {
                assert.strictEqual(await decide(shortTerm, placement, bearer(service, "SHORT_TERM")), "Allowed", service);
                assert.strictEqual(await decide(shortTerm, placement, bearer(service, "LONG_TERM")), "ExplicitlyDenied", service);
            }
        });

        it(`as ${placement}, with apiKeys "any", leaves API keys alone`, async () => {
            const any = allowListDocument({ ...allow, apiKeys: "any" }, placement);
            for (const service of ["bedrock", "bedrock-mantle"] as const) {
                assert.strictEqual(await decide(any, placement, bearer(service, "LONG_TERM")), "Allowed", service);
            }
            assert.strictEqual(await decide(any, placement, createKey("bedrock.amazonaws.com")), "Allowed");
        });
    }

    it("as an SCP (unless apiKeys is any), denies creating a long-term Bedrock key and leaves other services' credentials alone", async () => {
        for (const apiKeys of ["none", "short-term"] as const) {
            const scp = allowListDocument({ ...allow, apiKeys }, "scp");
            assert.strictEqual(await decide(scp, "scp", createKey("bedrock.amazonaws.com")), "ExplicitlyDenied", apiKeys);
            assert.strictEqual(await decide(scp, "scp", createKey("codecommit.amazonaws.com")), "Allowed", apiKeys);
        }
    });

    it("as an IAM policy on the application's roles, has no key-creation statement (the roles are not IAM users)", () => {
        assert.ok(!allowListDocument(allow, "iam").Statement.some((s) => s.Sid === "DenyCreatingLongTermApiKeys"));
    });

    it("fits an SCP with every statement for the environments' model (data retention, short-term keys)", () => {
        const text = allowListPolicyText({ ...allow, apiKeys: "short-term", dataRetentionMode: "none" }, "scp");
        assert.ok(text.length < 3000, `${text.length} characters`);
    });
});

describe("docs/guardrail.md model allow-list example", () => {
    it("is what the code generates for the worked example (Claude Sonnet 4 through apac.)", () => {
        const readme = readFileSync(path.join(__dirname, "..", "..", "..", "docs", "guardrail.md"), "utf8");
        const block = /<!-- model-allow-list-example -->\s*```json\n([\s\S]*?)```/.exec(readme);
        assert.ok(block, "docs/guardrail.md has a guardrail example");
        assert.deepStrictEqual(JSON.parse(block[1]), allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC] }));
    });
});
