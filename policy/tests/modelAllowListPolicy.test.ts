/**
 * Tests of bedrock-model-allow-list and bedrock-model-allow-list-attached. The allow list is judged
 * by evaluation: a table of bypass shapes, each a variation of the program's own guardrail, each
 * confirmed here as a real bypass by the IAM evaluator (the request is allowed for a principal
 * otherwise allowed everything) before the policy is asked, and each failing the policy naming
 * the road that gets through.
 */
import * as assert from "node:assert";
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { modelAllowList, modelAllowListAttached } from "../modelAllowListPolicy";
import { INVOKE_ACTIONS } from "../bedrockFacts";
import { type Road, roadCatalogue } from "../roads";
import { type ResourceInput, UNKNOWN, checkStack, doc } from "./policyTestHelpers";
import { allowListDocument, type AllowListInput } from "../../components/modelAllowList/allowListDocument";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const SONNET_46 = "anthropic.claude-sonnet-4-6";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const APAC = `apac.${SONNET}`;
const GLOBAL_46 = `global.${SONNET_46}`;
const ACCESS = "pulumi-nodejs:dynamic/bedrock:ModelAccess";
const AGREEMENT = "aws:bedrockfoundation/modelAgreement:ModelAgreement";
const GUARDRAIL_ARN = "arn:aws:iam::123456789012:policy/bedrock-model-access/model-allow-list-guardrail";
const ACCOUNT = "123456789012";
const WORKSPACE = `arn:aws:aws-external-anthropic:ap-southeast-1:${ACCOUNT}:workspace/wrkspc_01team`;

function access(modelId: string, type = ACCESS): ResourceInput {
    return { type, name: `access-${modelId}`, props: { modelId, region: "ap-southeast-1" } };
}

/** The program's own guardrail document (the generator is the one the stack uses). */
function guardrailText(models: string[], profiles: string[] = []): string {
    return JSON.stringify(allowListDocument({ allowedModelIds: models, inferenceProfileIds: profiles }));
}

function iamGuardrail(models: string[], name = "model-allow-list-guardrail"): ResourceInput {
    return { type: "aws:iam/policy:Policy", name, props: { policy: guardrailText(models, [APAC]), arn: GUARDRAIL_ARN } };
}

function scpGuardrail(models: string[]): ResourceInput {
    return {
        type: "aws:organizations/policy:Policy",
        name: "model-allow-list-scp",
        props: { type: "SERVICE_CONTROL_POLICY", content: guardrailText(models), id: "p-abc12345" },
    };
}

type Doc = { Version: string; Statement: Record<string, unknown>[] };
type Placement = "iam" | "scp";

/** A placed guardrail document as the stack would declare it. */
function placed(document: Doc, placement: Placement, name = "guardrail"): ResourceInput {
    return placement === "iam"
        ? { type: "aws:iam/policy:Policy", name, props: { policy: JSON.stringify(document) } }
        : { type: "aws:organizations/policy:Policy", name, props: { type: "SERVICE_CONTROL_POLICY", content: JSON.stringify(document) } };
}

const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/**
 * The IAM evaluator's own answer for one road under a guardrail, independent of the pack's code:
 * the validated entry point, or, where it refuses the ARN (region-less) or drops a key
 * (aws-marketplace:ProductId), the same core engine unvalidated.
 */
async function evaluator(road: Road, document: Doc, placement: Placement): Promise<string> {
    const simulation = {
        request: {
            principal: `arn:aws:iam::${ACCOUNT}:role/chat-backend`,
            action: road.request.action,
            resource: { resource: road.request.resource, accountId: ACCOUNT },
            contextVariables: { ...road.request.context },
        },
        identityPolicies:
            placement === "iam"
                ? [
                      { name: "admin", policy: ALLOW_ALL },
                      { name: "g", policy: document },
                  ]
                : [{ name: "admin", policy: ALLOW_ALL }],
        serviceControlPolicies:
            placement === "scp"
                ? [
                      {
                          orgIdentifier: ACCOUNT,
                          policies: [
                              { name: "full", policy: ALLOW_ALL },
                              { name: "g", policy: document },
                          ],
                      },
                  ]
                : [],
        resourceControlPolicies: [],
    } as Simulation;
    if (!road.request.resource.includes(":bedrock:::")) {
        const outcome = await runSimulation(simulation, {});
        if (outcome.resultType === "single" && (outcome.result.ignoredContextKeys ?? []).length === 0) {
            return outcome.overallResult;
        }
    }
    return runUnsafeSimulation(simulation, {});
}

/** The environments' guardrail for Claude Sonnet 4.6 through global., with data retention declared. */
const BASE_INPUT: AllowListInput = { allowedModelIds: [SONNET_46], inferenceProfileIds: [GLOBAL_46], dataRetentionMode: "none" };
const base = (placement: Placement = "iam"): Doc => JSON.parse(JSON.stringify(allowListDocument(BASE_INPUT, placement))) as Doc;
const sid = (d: Doc, name: string) => {
    const found = d.Statement.find((s) => s.Sid === name);
    assert.ok(found, name);
    return found;
};
const without = (d: Doc, ...names: string[]): Doc => ({ ...d, Statement: d.Statement.filter((s) => !names.includes(String(s.Sid))) });
const withNotResource =
    (extra: string) =>
    (d: Doc): Doc => {
        const deny = sid(d, "DenyModelsOutsideAllowList");
        deny.NotResource = [...(deny.NotResource as string[]), extra];
        return d;
    };
const withActions =
    (name: string, actions: string | string[]) =>
    (d: Doc): Doc => {
        sid(d, name).Action = actions;
        return d;
    };
const RETENTION: ResourceInput = { type: "pulumi-nodejs:dynamic/bedrock:DataRetention", name: "retention", props: { region: "ap-southeast-1", mode: "none" } };
const STACK: ResourceInput[] = [access(SONNET_46), RETENTION];
const RUNTIME_ACTIONS = INVOKE_ACTIONS;
const dropAction = (action: string) =>
    withActions(
        "DenyModelsOutsideAllowList",
        RUNTIME_ACTIONS.filter((a) => a !== action),
    );

/** [what the shape is, how it changes the program's guardrail, the road that gets through, the placement]. */
const BYPASSES: [string, (d: Doc) => Doc, string, Placement?][] = [
    [
        "a Deny of bedrock:InvokeModel only",
        withActions("DenyModelsOutsideAllowList", "bedrock:InvokeModel"),
        "bedrock-runtime/other-model/InvokeModelWithResponseStream",
    ],
    ["no deny of batch jobs", dropAction("bedrock:CreateModelInvocationJob"), "bedrock-runtime/other-model/CreateModelInvocationJob"],
    [
        "no deny of bidirectional streaming",
        dropAction("bedrock:InvokeModelWithBidirectionalStream"),
        "bedrock-runtime/other-model/InvokeModelWithBidirectionalStream",
    ],
    ["no deny of evaluation jobs", dropAction("bedrock:CreateEvaluationJob"), "bedrock-runtime/other-model/CreateEvaluationJob"],
    ["no deny of model evaluation jobs", dropAction("bedrock:CreateModelEvaluationJob"), "bedrock-runtime/other-model/CreateModelEvaluationJob"],
    [
        "no deny of prompt optimization jobs",
        dropAction("bedrock:CreateAdvancedPromptOptimizationJob"),
        "bedrock-runtime/other-model/CreateAdvancedPromptOptimizationJob",
    ],
    ["NotResource arn:aws:bedrock:*:*:*", withNotResource("arn:aws:bedrock:*:*:*"), "bedrock-runtime/other-model/InvokeModel"],
    ["NotResource foundation-model* without the slash", withNotResource("arn:aws:bedrock:*::foundation-model*"), "bedrock-runtime/other-model/InvokeModel"],
    ["NotResource of every Anthropic model", withNotResource("arn:*:bedrock:*::foundation-model/anthropic.*"), "bedrock-runtime/other-model/InvokeModel"],
    [
        "NotResource of every region-less model (global routing)",
        withNotResource("arn:*:bedrock:::foundation-model/*"),
        "bedrock-runtime/other-model/regionless",
    ],
    ["NotResource imported-model/*", withNotResource("arn:*:bedrock:*:*:imported-model/*"), "bedrock-runtime/imported-model"],
    ["NotResource provisioned-model/*", withNotResource("arn:*:bedrock:*:*:provisioned-model/*"), "bedrock-runtime/provisioned-model"],
    ["NotResource custom-model-deployment/*", withNotResource("arn:*:bedrock:*:*:custom-model-deployment/*"), "bedrock-runtime/custom-model-deployment"],
    ["NotResource prompt-router/*", withNotResource("arn:*:bedrock:*:*:prompt-router/*"), "bedrock-runtime/prompt-router"],
    [
        "NotResource inference-profile/* (every system profile)",
        withNotResource("arn:*:bedrock:*:*:inference-profile/*"),
        "bedrock-runtime/other-profile/global",
    ],
    [
        "NotResource application-inference-profile/*",
        withNotResource("arn:*:bedrock:*:*:application-inference-profile/*"),
        "bedrock-runtime/application-profile",
    ],
    [
        "the model deny bound to the source region",
        (d) => {
            sid(d, "DenyModelsOutsideAllowList").Condition = { StringEquals: { "aws:RequestedRegion": "ap-southeast-1" } };
            return d;
        },
        "bedrock-runtime/other-model/elsewhere",
    ],
    [
        "a deny list of named other models instead of an allow list",
        (d) => {
            const deny = sid(d, "DenyModelsOutsideAllowList");
            delete deny.NotResource;
            deny.Resource = [`arn:*:bedrock:*::foundation-model/${HAIKU}`];
            return d;
        },
        "bedrock-runtime/other-model/InvokeModel",
    ],
    [
        "a bedrock-mantle deny with Null bedrock-mantle:Model true",
        (d) => {
            sid(d, "DenyMantleModelsOutsideAllowList").Condition = { Null: { "bedrock-mantle:Model": "true" } };
            return d;
        },
        "bedrock-mantle/other-model/CreateInference",
    ],
    ["no bedrock-mantle deny", (d) => without(d, "DenyMantleModelsOutsideAllowList"), "bedrock-mantle/other-model/CreateInference"],
    [
        "a bedrock-mantle deny of CreateInference only",
        withActions("DenyMantleModelsOutsideAllowList", "bedrock-mantle:CreateInference"),
        "bedrock-mantle/other-model/CountTokens",
    ],
    [
        "a bedrock-mantle deny that leaves every Anthropic model",
        (d) => {
            sid(d, "DenyMantleModelsOutsideAllowList").Condition = { StringNotLike: { "bedrock-mantle:Model": ["anthropic.*"] } };
            return d;
        },
        "bedrock-mantle/other-model/CreateInference",
    ],
    ["no deny of bedrock-mantle inference without a model", (d) => without(d, "DenyMantleInferenceWithoutModel"), "bedrock-mantle/no-model/CreateInference"],
    [
        "no aws-external-anthropic deny (Claude Platform on AWS)",
        (d) => without(d, "DenyClaudePlatformOnAws"),
        "claude-platform/other-workspace/CreateInference",
    ],
    [
        "an aws-external-anthropic deny of CreateInference only",
        withActions("DenyClaudePlatformOnAws", "aws-external-anthropic:CreateInference"),
        "claude-platform/other-workspace/CreateBatchInference",
    ],
    [
        "an aws-external-anthropic deny of one region's workspaces",
        (d) => {
            const deny = sid(d, "DenyClaudePlatformOnAws");
            deny.Resource = "arn:aws:aws-external-anthropic:us-east-1:*:workspace/*";
            return d;
        },
        "claude-platform/other-workspace/CreateInference",
    ],
    ["an API-key deny on bedrock-runtime only", withActions("DenyBedrockApiKeys", "bedrock:CallWithBearerToken"), "api-keys/bedrock-mantle/short-term"],
    [
        "an API-key deny of long-term keys only (the reviewers allow none)",
        (d) => {
            sid(d, "DenyBedrockApiKeys").Condition = {
                StringEquals: { "bedrock:BearerTokenType": "LONG_TERM", "bedrock-mantle:BearerTokenType": "LONG_TERM" },
            };
            return d;
        },
        "api-keys/bedrock/short-term",
    ],
    ["no Marketplace deny", (d) => without(d, "DenyMarketplaceSubscribeOutsideAllowList"), "marketplace/other-product"],
    [
        "a Marketplace deny that leaves every product",
        (d) => {
            sid(d, "DenyMarketplaceSubscribeOutsideAllowList").Condition = { "ForAnyValue:StringNotLike": { "aws-marketplace:ProductId": ["prod-*"] } };
            return d;
        },
        "marketplace/other-product",
    ],
    [
        "no deny of other data-retention modes",
        (d) => without(d, "DenyDataRetentionOtherThanStack"),
        "data-retention/bedrock:PutAccountDataRetention/provider_data_share",
    ],
    [
        "no deny of a project's own data-retention mode",
        (d) => without(d, "DenyProjectDataRetentionOtherThanStack"),
        "data-retention/bedrock-mantle:CreateProject/provider_data_share",
    ],
    ["in an SCP, no deny of creating long-term keys", (d) => without(d, "DenyCreatingLongTermApiKeys"), "api-keys/create-long-term", "scp"],
    [
        "in an SCP, a Deny of bedrock:InvokeModel only",
        withActions("DenyModelsOutsideAllowList", "bedrock:InvokeModel"),
        "bedrock-runtime/other-model/InvokeModelWithResponseStream",
        "scp",
    ],
    ["in an SCP, no aws-external-anthropic deny", (d) => without(d, "DenyClaudePlatformOnAws"), "claude-platform/other-workspace/CreateBatchInference", "scp"],
];

describe("policy bedrock-model-allow-list", () => {
    describe("bypass shapes: each confirmed by the IAM evaluator, each failing the policy naming its road", () => {
        it("has at least 25 shapes", () => {
            assert.ok(BYPASSES.length >= 25, `${BYPASSES.length}`);
        });

        for (const [shape, change, roadId, placement = "iam"] of BYPASSES) {
            it(`${shape} (${placement})`, async () => {
                const document = change(base(placement));
                const road = roadCatalogue({
                    placement,
                    regions: ["ap-southeast-1"],
                    account: ACCOUNT,
                    enabledModels: [SONNET_46],
                    reviewedModels: [SONNET_46, SONNET],
                    profileIds: [],
                    applicationProfileArns: [],
                    foreignApplicationProfileArns: [],
                    mantleModels: [],
                    probeModels: [],
                    allowedApiKeys: "none",
                    namedWorkspaces: [],
                    dataRetentionModes: ["none"],
                    claudePlatformWorkspaces: [],
                }).find((r) => r.id === roadId);
                assert.ok(road, `no road ${roadId}`);
                // The evaluator says the road gets through: the shape is a real bypass...
                assert.strictEqual(await evaluator(road, document, placement), "Allowed", "the evaluator allows the road");
                // ...and the same road under the program's own guardrail is denied.
                assert.strictEqual(await evaluator(road, base(placement), placement), "ExplicitlyDenied", "the program's guardrail denies it");
                const { violations } = await checkStack(modelAllowList, [...STACK, placed(document, placement)]);
                assert.ok(violations.length > 0, "the policy fails the guardrail");
                assert.ok(
                    violations.some((v) => v.includes(`${road.summary} is allowed by guardrail guardrail`)),
                    `a violation names "${road.summary}":\n${violations.join("\n")}`,
                );
            });
        }
    });

    describe("the program's own guardrails pass", () => {
        const cases: [string, AllowListInput, ResourceInput[], object?][] = [
            ["dev (Sonnet 4.6 through global.)", { allowedModelIds: [SONNET_46], inferenceProfileIds: [GLOBAL_46] }, [access(SONNET_46)]],
            ["with data retention", BASE_INPUT, STACK],
            ["with short-term keys, reviewers allowing them", { ...BASE_INPUT, apiKeys: "short-term" }, STACK, { allowedApiKeys: "short-term" }],
            ["with any keys, reviewers allowing any", { ...BASE_INPUT, apiKeys: "any" }, STACK, { allowedApiKeys: "any" }],
            ["the runbook's Sonnet 4 through apac.", { allowedModelIds: [SONNET], inferenceProfileIds: [APAC] }, [access(SONNET)]],
            [
                "Claude Platform on AWS open in a workspace the reviewers allow",
                { ...BASE_INPUT, claudePlatform: [WORKSPACE] },
                STACK,
                { allowedClaudePlatformWorkspaces: [WORKSPACE] },
            ],
        ];
        for (const [name, input, stack, config] of cases) {
            for (const mode of ["iam", "scp"] as const) {
                it(`${name} (${mode})`, async () => {
                    const document = JSON.parse(JSON.stringify(allowListDocument(input, mode))) as Doc;
                    assert.deepStrictEqual((await checkStack(modelAllowList, [...stack, placed(document, mode)], config)).violations, []);
                });
            }
        }

        it("with the stack's bedrock-mantle grant and its system profile, both stay usable", async () => {
            const invoke: ResourceInput = {
                type: "aws:iam/policy:Policy",
                name: "invoke",
                props: {
                    policy: doc(
                        {
                            Effect: "Allow",
                            Action: "bedrock:InvokeModel",
                            Resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${GLOBAL_46}`,
                        },
                        {
                            Effect: "Allow",
                            Action: "bedrock-mantle:CreateInference",
                            Resource: "*",
                            Condition: { StringEquals: { "bedrock-mantle:Model": SONNET_46 } },
                        },
                    ),
                },
            };
            assert.deepStrictEqual((await checkStack(modelAllowList, [...STACK, invoke, placed(base(), "iam")])).violations, []);
            // The same stack with a guardrail that forgot the profile: the road the stack grants is closed.
            const narrow = base();
            sid(narrow, "DenyModelsOutsideAllowList").NotResource = [`arn:*:bedrock:*::foundation-model/${SONNET_46}`];
            const violations = (await checkStack(modelAllowList, [...STACK, invoke, placed(narrow, "iam")])).violations;
            assert.match(
                violations.join("\n"),
                new RegExp(
                    `would deny what the stack declares: bedrock:InvokeModel through ${GLOBAL_46.replace(/\./g, "\\.")} is denied by DenyModelsOutsideAllowList`,
                ),
            );
        });
    });

    it("fails Claude Platform on AWS left open when the reviewers did not allow it, naming the road and the setting", async () => {
        const open = JSON.parse(JSON.stringify(allowListDocument({ ...BASE_INPUT, claudePlatform: [WORKSPACE] }))) as Doc;
        const violations = (await checkStack(modelAllowList, [...STACK, placed(open, "iam")])).violations;
        assert.strictEqual(violations.length, 1, violations.join("\n"));
        assert.match(
            violations[0],
            /^Claude Platform on AWS: aws-external-anthropic:CreateInference in arn:aws:aws-external-anthropic:ap-southeast-1:123456789012:workspace\/wrkspc_01team \(named by the guardrail; the reviewers did not allow it\) is allowed by guardrail guardrail/,
        );
        assert.match(violations[0], /allowedClaudePlatformWorkspaces/);
    });

    it("passes the AWS provider's ModelAgreement with an SCP guardrail, and a hand-written guardrail that closes every road", async () => {
        assert.deepStrictEqual((await checkStack(modelAllowList, [access(SONNET, AGREEMENT), scpGuardrail([SONNET])])).violations, []);
        const handWritten: ResourceInput = {
            type: "aws:iam/policy:Policy",
            name: "hand-written",
            props: {
                policy: doc(
                    { Effect: "Deny", Action: "bedrock:*", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] },
                    { Effect: "Deny", Action: "bedrock-mantle:*", Resource: "*", Condition: { StringNotEquals: { "bedrock-mantle:Model": SONNET } } },
                    { Effect: "Deny", Action: ["aws-external-anthropic:*", "aws-marketplace:Subscribe"], Resource: "*" },
                ),
            },
        };
        assert.deepStrictEqual((await checkStack(modelAllowList, [access(SONNET), handWritten])).violations, []);
    });

    it('with allowedApiKeys "short-term", accepts AWS\'s sample long-term deny and still refuses none', async () => {
        const config = { allowedApiKeys: "short-term" };
        const sample = (d: Doc): Doc => {
            const rest = without(d, "DenyBedrockApiKeys");
            rest.Statement.push(
                {
                    Effect: "Deny",
                    Action: "bedrock:CallWithBearerToken",
                    Resource: "*",
                    Condition: { StringEquals: { "bedrock:BearerTokenType": "LONG_TERM" } },
                },
                {
                    Effect: "Deny",
                    Action: "bedrock-mantle:CallWithBearerToken",
                    Resource: "*",
                    Condition: { StringEquals: { "bedrock-mantle:BearerTokenType": "LONG_TERM" } },
                },
            );
            return rest;
        };
        assert.deepStrictEqual((await checkStack(modelAllowList, [...STACK, placed(sample(base()), "iam")], config)).violations, []);
        const none = (await checkStack(modelAllowList, [...STACK, placed(without(base(), "DenyBedrockApiKeys"), "iam")], config)).violations;
        assert.match(
            none.join("\n"),
            /API keys: bedrock:CallWithBearerToken with a long-term key is allowed by guardrail guardrail; bedrock-mantle:CallWithBearerToken with a long-term key is allowed/,
        );
    });

    it("does not apply to a stack without model access", async () => {
        assert.deepStrictEqual((await checkStack(modelAllowList, [{ type: "aws:s3/bucket:Bucket", props: {} }])).violations, []);
    });

    it('fails model access without any guardrail (what mode "off" declares), saying why it matters', async () => {
        const outcome = await checkStack(modelAllowList, [access(SONNET)]);
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(outcome.violations[0], /declares no model allow-list guardrail\. On today's Bedrock every serverless model is enabled by default/);
        assert.match(outcome.violations[0], /not "off"/);
    });

    it("does not count as a guardrail what denies no other model: an Allow, a Deny for tagged principals only, a Deny whose NotResource covers every model, a Deny of S3", async () => {
        const lookalikes: unknown[] = [
            doc({ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] }),
            doc({
                Effect: "Deny",
                Action: "bedrock:InvokeModel",
                NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`],
                Condition: { StringEquals: { "aws:PrincipalTag/team": "x" } },
            }),
            doc({ Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: ["arn:aws:bedrock:*::foundation-model/*", "arn:aws:bedrock:*:*:*"] }),
            doc({ Effect: "Deny", Action: "s3:*", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] }),
        ];
        for (const policy of lookalikes) {
            const outcome = await checkStack(modelAllowList, [access(SONNET), { type: "aws:iam/policy:Policy", name: "lookalike", props: { policy } }]);
            assert.strictEqual(outcome.violations.length, 1, JSON.stringify(policy));
            assert.match(outcome.violations[0], /declares no model allow-list guardrail/);
        }
    });

    it("fails a guardrail narrower than the enabled models, naming the road and the statement that closes it", async () => {
        const outcome = await checkStack(modelAllowList, [access(SONNET), access(HAIKU), iamGuardrail([SONNET])], { allowedModelIds: [SONNET, HAIKU] });
        assert.match(
            outcome.violations.join("\n"),
            new RegExp(
                `would deny what the stack declares: bedrock:InvokeModel on ${HAIKU.replace(/\./g, "\\.")} in ap-southeast-1 is denied by DenyModelsOutsideAllowList`,
            ),
        );
        assert.strictEqual(outcome.urns[0], "urn:pulumi:dev::test::aws:iam/policy:Policy::model-allow-list-guardrail");
    });

    it("fails a guardrail wider than the pack's allowedModels (a model it names is tried), in an SCP too", async () => {
        for (const guardrail of [iamGuardrail([SONNET, HAIKU]), scpGuardrail([SONNET, HAIKU])]) {
            const outcome = await checkStack(modelAllowList, [access(SONNET), guardrail]);
            assert.match(
                outcome.violations.join("\n"),
                new RegExp(`bedrock:InvokeModel on ${HAIKU.replace(/\./g, "\\.")} in ap-southeast-1 is allowed by guardrail`),
            );
            assert.match(
                outcome.violations.join("\n"),
                new RegExp(`bedrock-mantle:CreateInference with bedrock-mantle:Model = ${HAIKU.replace(/\./g, "\\.")} is allowed`),
            );
        }
    });

    it("follows the reviewers' allowedModelIds", async () => {
        const outcome = await checkStack(modelAllowList, [access(SONNET), iamGuardrail([SONNET, HAIKU])], { allowedModelIds: [SONNET, HAIKU] });
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("waits for a policy document not known at preview instead of failing", async () => {
        const outcome = await checkStack(modelAllowList, [access(SONNET), { type: "aws:iam/policy:Policy", name: "later", props: { policy: UNKNOWN } }]);
        assert.deepStrictEqual(outcome.violations, []);
    });

    it("is mandatory unless reviewers set it otherwise", () => {
        assert.strictEqual(modelAllowList.enforcementLevel, "mandatory");
    });
});

describe("policy bedrock-model-allow-list-attached (advisory)", () => {
    it("is advisory", () => {
        assert.strictEqual(modelAllowListAttached.enforcementLevel, "advisory");
    });

    it("reports an IAM guardrail attached to nothing", async () => {
        const outcome = await checkStack(modelAllowListAttached, [access(SONNET), iamGuardrail([SONNET])]);
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(
            outcome.violations[0],
            /model-allow-list-guardrail is a model allow-list guardrail attached to nothing.*invokeRoleNames or modelGuardrail\.roleNames/,
        );
    });

    it("passes a role attachment known only by dependency at preview", async () => {
        const attachment: ResourceInput = {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "attach",
            props: { role: "chat-backend", policyArn: UNKNOWN },
            propertyDependencies: { policyArn: ["model-allow-list-guardrail"] },
        };
        assert.deepStrictEqual((await checkStack(modelAllowListAttached, [iamGuardrail([SONNET]), attachment])).violations, []);
    });

    it("passes a user or group attachment, a role's managedPolicyArns, or a permissions boundary, by value", async () => {
        const holders: ResourceInput[] = [
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", props: { user: "u", policyArn: GUARDRAIL_ARN } },
            { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", props: { group: "g", policyArn: GUARDRAIL_ARN } },
            { type: "aws:iam/role:Role", props: { managedPolicyArns: [GUARDRAIL_ARN] } },
            { type: "aws:iam/role:Role", props: { permissionsBoundary: GUARDRAIL_ARN } },
        ];
        for (const holder of holders) {
            assert.deepStrictEqual((await checkStack(modelAllowListAttached, [iamGuardrail([SONNET]), holder])).violations, [], holder.type);
        }
    });

    it("reports an SCP with no target, and passes one with an attachment", async () => {
        const unattached = await checkStack(modelAllowListAttached, [scpGuardrail([SONNET])]);
        assert.match(unattached.violations[0], /Attach the SCP to the accounts or OUs/);
        const target: ResourceInput = {
            type: "aws:organizations/policyAttachment:PolicyAttachment",
            props: { policyId: "p-abc12345", targetId: "123456789012" },
        };
        assert.deepStrictEqual((await checkStack(modelAllowListAttached, [scpGuardrail([SONNET]), target])).violations, []);
    });
});
