/** Tests of bedrock-model-allow-list and bedrock-model-allow-list-attached. */
import * as assert from "assert";
import { modelAllowList, modelAllowListAttached } from "../modelAllowListPolicy";
import { ResourceInput, UNKNOWN, checkStack, doc } from "./policyTestHelpers";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const APAC = `apac.${SONNET}`;
const ACCESS = "pulumi-nodejs:dynamic/bedrock:ModelAccess";
const AGREEMENT = "aws:bedrockfoundation/modelAgreement:ModelAgreement";
const GUARDRAIL_ARN = "arn:aws:iam::123456789012:policy/bedrock-model-access/model-allow-list-guardrail";

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
    return { type: "aws:organizations/policy:Policy", name: "model-allow-list-scp", props: { type: "SERVICE_CONTROL_POLICY", content: guardrailText(models), id: "p-abc12345" } };
}

describe("policy bedrock-model-allow-list", () => {
    it("passes model access with an IAM guardrail covering the enabled model", async () => {
        assert.deepStrictEqual((await checkStack(modelAllowList, [access(SONNET), iamGuardrail([SONNET])])).violations, []);
    });

    it("passes the AWS provider's ModelAgreement with an SCP guardrail, and a hand-written guardrail object", async () => {
        assert.deepStrictEqual((await checkStack(modelAllowList, [access(SONNET, AGREEMENT), scpGuardrail([SONNET])])).violations, []);
        const handWritten: ResourceInput = {
            type: "aws:iam/policy:Policy",
            name: "hand-written",
            props: {
                policy: doc(
                    { Effect: "Deny", Action: "bedrock:Invoke*", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] },
                    { Effect: "Deny", Action: "bedrock-mantle:*", Resource: "*", Condition: { StringNotEquals: { "bedrock-mantle:Model": SONNET } } },
                    { Effect: "Deny", Action: "*:CallWithBearerToken", Resource: "*" },
                ),
            },
        };
        assert.deepStrictEqual((await checkStack(modelAllowList, [access(SONNET), handWritten])).violations, []);
    });

    describe("bedrock-mantle and Bedrock API keys", () => {
        const invokeDeny = { Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] };
        const mantleDeny = { Effect: "Deny", Action: "bedrock-mantle:*", Resource: "*", Condition: { StringNotLike: { "bedrock-mantle:Model": [SONNET] } } };
        const keysDeny = { Effect: "Deny", Action: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"], Resource: "*" };
        const guardrail = (...statements: object[]): ResourceInput => ({ type: "aws:iam/policy:Policy", name: "guardrail", props: { policy: doc(...statements) } });
        const check = async (resource: ResourceInput, config: object = {}) => (await checkStack(modelAllowList, [access(SONNET), resource], config)).violations;

        it("fails a guardrail that leaves bedrock-mantle uncovered, saying what to add", async () => {
            const violations = await check(guardrail(invokeDeny, keysDeny));
            assert.strictEqual(violations.length, 1);
            assert.match(violations[0], /guardrail does not cover bedrock-mantle.*Add a Deny of bedrock-mantle:\* with StringNotLike bedrock-mantle:Model/);
        });

        it("does not count a mantle deny that only some requests meet, or one scoped to some projects", async () => {
            const tagged = { ...mantleDeny, Condition: { StringNotLike: { "bedrock-mantle:Model": [SONNET] }, StringEquals: { "aws:PrincipalTag/team": "x" } } };
            const oneProject = { ...mantleDeny, Resource: "arn:aws:bedrock-mantle:*:*:project/default" };
            for (const weak of [tagged, oneProject]) {
                assert.match((await check(guardrail(invokeDeny, weak, keysDeny))).join("\n"), /does not cover bedrock-mantle/);
            }
        });

        it("fails a mantle deny that leaves a model outside the allowed ones usable", async () => {
            const wide = { ...mantleDeny, Condition: { StringNotLike: { "bedrock-mantle:Model": [SONNET, "openai.gpt-oss-120b"] } } };
            assert.match((await check(guardrail(invokeDeny, wide, keysDeny))).join("\n"), /leaves .*openai\.gpt-oss-120b usable, outside the allowed models/);
        });

        it("by default requires every API-key use denied on both endpoints", async () => {
            const runtimeOnly = { ...keysDeny, Action: "bedrock:CallWithBearerToken" };
            const longTermOnly = [
                { Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*", Condition: { StringEquals: { "bedrock:BearerTokenType": "LONG_TERM" } } },
                { Effect: "Deny", Action: "bedrock-mantle:CallWithBearerToken", Resource: "*", Condition: { StringEquals: { "bedrock-mantle:BearerTokenType": "LONG_TERM" } } },
            ];
            for (const statements of [[], [runtimeOnly], longTermOnly]) {
                const violations = await check(guardrail(invokeDeny, mantleDeny, ...statements));
                assert.strictEqual(violations.length, 1, JSON.stringify(statements));
                assert.match(violations[0], /does not deny Bedrock API keys on both endpoints .*allowedApiKeys "none"/);
            }
        });

        it('with allowedApiKeys "short-term", accepts a long-term deny (AWS\'s sample SCP or the program\'s) and still refuses none', async () => {
            const config = { allowedApiKeys: "short-term" };
            const program = JSON.parse(JSON.stringify(allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC], apiKeys: "short-term" }))) as { Statement: object[] };
            assert.deepStrictEqual(await check(guardrail(...program.Statement), config), []);
            const sample = [
                { Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*", Condition: { StringEquals: { "bedrock:BearerTokenType": "LONG_TERM" } } },
                { Effect: "Deny", Action: "bedrock-mantle:CallWithBearerToken", Resource: "*", Condition: { StringEquals: { "bedrock-mantle:BearerTokenType": "LONG_TERM" } } },
            ];
            assert.deepStrictEqual(await check(guardrail(invokeDeny, mantleDeny, ...sample), config), []);
            assert.match((await check(guardrail(invokeDeny, mantleDeny), config)).join("\n"), /does not deny long-term Bedrock API keys/);
            const shortDenied = { Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*", Condition: { StringEquals: { "bedrock:BearerTokenType": "SHORT_TERM" } } };
            assert.match((await check(guardrail(invokeDeny, mantleDeny, shortDenied), config)).join("\n"), /does not deny long-term Bedrock API keys/);
        });

        it('with allowedApiKeys "any", asks nothing about keys', async () => {
            assert.deepStrictEqual(await check(guardrail(invokeDeny, mantleDeny), { allowedApiKeys: "any" }), []);
        });

        it("passes the program's guardrail with its defaults, in both modes", async () => {
            for (const mode of ["iam", "scp"] as const) {
                const text = JSON.stringify(allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [APAC] }, mode));
                assert.deepStrictEqual(await check({ type: "aws:iam/policy:Policy", name: "g", props: { policy: text } }), [], mode);
            }
        });
    });

    it("does not apply to a stack without model access", async () => {
        assert.deepStrictEqual((await checkStack(modelAllowList, [{ type: "aws:s3/bucket:Bucket", props: {} }])).violations, []);
    });

    it("fails model access without any guardrail (what mode \"off\" declares), saying why it matters", async () => {
        const outcome = await checkStack(modelAllowList, [access(SONNET)]);
        assert.strictEqual(outcome.violations.length, 1);
        assert.match(outcome.violations[0], /declares no model allow-list guardrail\. On today's Bedrock every serverless model is enabled by default/);
        assert.match(outcome.violations[0], /not "off"/);
    });

    it("does not count as a guardrail: an Allow, a conditional Deny, or a Deny whose NotResource covers every model", async () => {
        const lookalikes: unknown[] = [
            doc({ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] }),
            doc({ Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`], Condition: { StringEquals: { "aws:PrincipalTag/team": "x" } } }),
            doc({ Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: ["arn:aws:bedrock:*::foundation-model/*"] }),
            doc({ Effect: "Deny", Action: "s3:*", NotResource: [`arn:aws:bedrock:*::foundation-model/${SONNET}`] }),
        ];
        for (const policy of lookalikes) {
            const outcome = await checkStack(modelAllowList, [access(SONNET), { type: "aws:iam/policy:Policy", name: "lookalike", props: { policy } }]);
            assert.strictEqual(outcome.violations.length, 1, JSON.stringify(policy));
            assert.match(outcome.violations[0], /declares no model allow-list guardrail/);
        }
    });

    it("fails a guardrail narrower than the enabled models", async () => {
        const outcome = await checkStack(modelAllowList, [access(SONNET), access(HAIKU), iamGuardrail([SONNET])], { allowedModelIds: [SONNET, HAIKU] });
        assert.deepStrictEqual(outcome.violations, [
            `model-allow-list-guardrail allows ${SONNET} but the stack enables ${HAIKU} too: the guardrail would deny a model the stack declares. Add it to the guardrail's allowed models.`,
        ]);
        assert.strictEqual(outcome.urns[0], "urn:pulumi:dev::test::aws:iam/policy:Policy::model-allow-list-guardrail");
    });

    it("fails a guardrail wider than the pack's allowedModels, in an SCP too", async () => {
        for (const guardrail of [iamGuardrail([SONNET, HAIKU]), scpGuardrail([SONNET, HAIKU])]) {
            const outcome = await checkStack(modelAllowList, [access(SONNET), guardrail]);
            assert.strictEqual(outcome.violations.length, 1);
            assert.match(outcome.violations[0], new RegExp(`leaves ${HAIKU.replace(/\./g, "\\.")} usable, outside the allowed models`));
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
        assert.match(outcome.violations[0], /model-allow-list-guardrail is a model allow-list guardrail attached to nothing.*invokeRoleNames or modelGuardrail\.roleNames/);
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
        const target: ResourceInput = { type: "aws:organizations/policyAttachment:PolicyAttachment", props: { policyId: "p-abc12345", targetId: "123456789012" } };
        assert.deepStrictEqual((await checkStack(modelAllowListAttached, [scpGuardrail([SONNET]), target])).violations, []);
    });
});
