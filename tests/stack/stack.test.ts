/**
 * The stack program (index.ts) under Pulumi mocks: which resources it declares, their parents
 * and dependencies, the invokes it makes (any other invoke fails), its outputs, and how it
 * refuses bad configuration before declaring anything.
 */
import * as assert from "node:assert";
import program = require("../../index");
import { InferenceProfileAccess } from "../../components/inferenceProfileAccess/inferenceProfileAccess";
import { resolveInferenceProfile } from "../../bedrock/inferenceProfiles";
import { PROFILE, homeWithProfile } from "../helpers/awsProfile";
import { type InvokeHandler, type MockRun, type Registration, runWithMocks } from "../helpers/pulumiMocks";
import { useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import type { PolicyDocument } from "../../bedrock/iamDocument";
import { type BedrockRequest, decide } from "../helpers/iamSimulation";
import { roadCatalogue } from "../../policy/roads";
import { evaluateGuardrail } from "../../policy/guardrailEvaluation";
import { declared, readSnapshot, writeSnapshot } from "./declarations";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const APAC = `apac.${SONNET}`;
const ACCOUNT = "123456789012";
const APAC_DESTINATIONS = ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"];

const T = {
    stack: "pulumi:pulumi:Stack",
    component: "bedrock-model-access:index:InferenceProfileAccess",
    access: "pulumi-nodejs:dynamic/bedrock:ModelAccess",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    verify: "command:local:Command",
    allowList: "bedrock-model-access:index:ModelAllowList",
    scp: "aws:organizations/policy:Policy",
    scpAttachment: "aws:organizations/policyAttachment:PolicyAttachment",
};
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

interface ProfileFixture {
    readonly type?: string;
    readonly status?: string;
    readonly regions: string[];
    readonly partition?: string;
    readonly region: string;
}

function invokes(profiles: Record<string, ProfileFixture>, partition = "aws"): Record<string, InvokeHandler> {
    return {
        "aws:index/getPartition:getPartition": () => ({ partition, dnsSuffix: "amazonaws.com", id: partition }),
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({
            accountId: ACCOUNT,
            arn: `arn:${partition}:iam::${ACCOUNT}:user/deployer`,
            userId: "AIDA",
            id: ACCOUNT,
        }),
        "aws:bedrock/getInferenceProfile:getInferenceProfile": (inputs) => {
            const id = String(inputs.inferenceProfileId);
            const fixture = profiles[id];
            if (fixture === undefined) {
                throw new Error(`no inference profile ${id}`);
            }
            const modelId = id.slice(id.indexOf(".") + 1);
            // The lookup's own region when it names one (as AWS answers), else the provider's.
            const region = typeof inputs.region === "string" ? inputs.region : fixture.region;
            return {
                inferenceProfileId: id,
                inferenceProfileArn: `arn:${partition}:bedrock:${region}:${ACCOUNT}:inference-profile/${id}`,
                inferenceProfileName: id,
                status: fixture.status ?? "ACTIVE",
                type: fixture.type ?? "SYSTEM_DEFINED",
                models: fixture.regions.map((r) => ({ modelArn: `arn:${partition}:bedrock:${r}::foundation-model/${modelId}` })),
                region,
                createdAt: "",
                description: "",
                updatedAt: "",
            };
        },
    };
}

const DEV_CONFIG = {
    "aws:region": "ap-southeast-1",
    "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC]),
};
const DEV_PROFILES = { [APAC]: { region: "ap-southeast-1", regions: APAC_DESTINATIONS } };

function run(config: Record<string, string>, profiles: Record<string, ProfileFixture> = DEV_PROFILES, partition = "aws"): Promise<MockRun> {
    return runWithMocks(program, config, invokes(profiles, partition));
}

function ofType(result: MockRun, type: string): Registration[] {
    return result.registrations.filter((r) => r.type === type);
}

/** The invoke policies (children of InferenceProfileAccess), not the guardrail's. */
function invokePolicies(result: MockRun): Registration[] {
    const components = ofType(result, T.component).map((c) => c.urn);
    return ofType(result, T.policy).filter((p) => components.includes(p.parent));
}

function invokePolicy(result: MockRun): Registration {
    const found = invokePolicies(result);
    assert.strictEqual(found.length, 1, `exactly one invoke policy, got ${found.length}`);
    return found[0];
}

const documentOf = (r: Registration, field = "policy") => JSON.parse(String(r.inputs[field])) as PolicyDocument;

/** The guardrail's document: the SCP's content, or the IAM policy's. */
function guardrailOf(result: MockRun): PolicyDocument {
    const list = only(result, T.allowList);
    const scp = ofType(result, T.scp).find((p) => p.parent === list.urn);
    return scp !== undefined ? documentOf(scp, "content") : documentOf(ofType(result, T.policy).find((p) => p.parent === list.urn)!);
}

function only(result: MockRun, type: string): Registration {
    const found = ofType(result, type);
    assert.strictEqual(found.length, 1, `exactly one ${type}, got ${found.length}`);
    return found[0];
}

describe("stack program (Pulumi mocks)", function () {
    this.timeout(20_000);
    // The credential preflight and the data-retention read reach the emulator (keys, endpoint, no metadata lookups).
    const emulator = useBedrockEmulator();

    describe("with the dev configuration", () => {
        let result: MockRun;
        before(async () => {
            result = await run(DEV_CONFIG);
        });

        it("declares the invoke policy and the verification step under one component, and model access once per model and region", () => {
            const component = only(result, T.component);
            assert.strictEqual(only(result, T.verify).parent, component.urn);
            assert.strictEqual(invokePolicy(result).parent, component.urn);
            assert.deepStrictEqual(ofType(result, T.attachment), [], "no roles configured, no attachments");
            assert.strictEqual(component.name, "apac-anthropic-claude-sonnet-4-20250514-v1-0");
            // Keyed by model and region, not by profile (a profile switch must not replace it).
            assert.strictEqual(only(result, T.access).name, "model-access-ap-southeast-1-anthropic-claude-sonnet-4-20250514-v1-0");
            assert.doesNotMatch(only(result, T.access).parent, /InferenceProfileAccess/, "declared at the stack level, outside any profile's component");
        });

        it("enables exactly the profile's model in the source region", () => {
            const access = only(result, T.access);
            assert.strictEqual(access.inputs.modelId, SONNET);
            assert.strictEqual(access.inputs.region, "ap-southeast-1");
            assert.strictEqual(access.inputs.revokeOnDestroy, false);
        });

        it("makes the policy wait for model access, and the verification wait for both", () => {
            const access = only(result, T.access);
            const policy = invokePolicy(result);
            assert.ok(policy.dependencies.includes(access.urn), "the policy depends on the model access");
            const verify = only(result, T.verify);
            assert.ok(verify.dependencies.includes(policy.urn) && verify.dependencies.includes(access.urn));
        });

        it("looks the profile up live and makes no other invoke", () => {
            assert.deepStrictEqual([...new Set(result.invokes.map((i) => i.token))].sort(), [
                "aws:bedrock/getInferenceProfile:getInferenceProfile",
                "aws:index/getCallerIdentity:getCallerIdentity",
                "aws:index/getPartition:getPartition",
            ]);
            const lookup = result.invokes.find((i) => i.token.startsWith("aws:bedrock"));
            assert.strictEqual(lookup!.inputs.inferenceProfileId, APAC);
        });

        it("exports the profile ID, ARN, destination regions and policy ARN for the application", () => {
            const arn = `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${APAC}`;
            assert.strictEqual(result.outputs.inferenceProfileId, APAC);
            assert.strictEqual(result.outputs.inferenceProfileArn, arn);
            assert.deepStrictEqual(result.outputs.destinationRegions, APAC_DESTINATIONS);
            assert.match(String(result.outputs.invokePolicyArn), /^arn:aws:iam::123456789012:policy\/bedrock-model-access\//);
            assert.deepStrictEqual(result.outputs.profiles, {
                [APAC]: { inferenceProfileArn: arn, modelId: SONNET, destinationRegions: APAC_DESTINATIONS, invokePolicyArn: result.outputs.invokePolicyArn },
            });
            assert.deepStrictEqual(result.outputs.modelAccessStatus, { [`ap-southeast-1/${SONNET}`]: "AVAILABLE" });
        });

        it("scopes the policy to the profile and each destination region's model", () => {
            const document = JSON.parse(String(invokePolicy(result).inputs.policy)) as { Statement: { Resource: string | string[] }[] };
            const resources = document.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
            assert.deepStrictEqual(
                [...new Set(resources)].sort(),
                [
                    ...APAC_DESTINATIONS.map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`),
                    `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${APAC}`,
                ].sort(),
            );
        });

        it("verifies the profile and access with the project's script, re-running when they change", () => {
            const verify = only(result, T.verify);
            assert.strictEqual(
                verify.inputs.create,
                `node -r ts-node/register/transpile-only commands/verifyAccess.ts --region ap-southeast-1 --profile ${APAC} --model ${SONNET}`,
            );
            assert.deepStrictEqual(verify.inputs.triggers, [APAC, SONNET, "ap-southeast-1"]);
        });
    });

    it("attaches the policy to the configured roles", async () => {
        const result = await run({ ...DEV_CONFIG, "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend", "batch-jobs"]) });
        const attachments = ofType(result, T.attachment).filter((a) => a.inputs.policyArn === result.outputs.invokePolicyArn);
        assert.deepStrictEqual(attachments.map((a) => a.inputs.role).sort(), ["batch-jobs", "chat-backend"]);
    });

    it("enables access in the extra regions too, and verifies them", async () => {
        const result = await run({ ...DEV_CONFIG, "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["ap-southeast-3"]) });
        assert.deepStrictEqual(
            ofType(result, T.access).map((a) => a.inputs.region),
            ["ap-southeast-1", "ap-southeast-3"],
        );
        assert.match(String(only(result, T.verify).inputs.create), /--access-region ap-southeast-3$/);
    });

    it("leaves out the verification step and streaming when turned off", async () => {
        const result = await run({ ...DEV_CONFIG, "bedrock-model-access:verifyAccess": "false", "bedrock-model-access:allowStreaming": "false" });
        assert.deepStrictEqual(ofType(result, T.verify), []);
        assert.doesNotMatch(String(invokePolicy(result).inputs.policy), /InvokeModelWithResponseStream/);
    });

    it("passes revokeOnDestroy and the wait timeout to model access", async () => {
        const result = await run({ ...DEV_CONFIG, "bedrock-model-access:revokeOnDestroy": "true", "bedrock-model-access:accessWaitTimeoutSeconds": "120" });
        const access = only(result, T.access);
        assert.strictEqual(access.inputs.revokeOnDestroy, true);
        assert.strictEqual(access.inputs.accessWaitTimeoutSeconds, 120);
    });

    it("exports a map keyed by profile ID when there are several, with the first as the main profile", async () => {
        const eu = `eu.${SONNET}`;
        const global = `global.${SONNET}`;
        const result = await run(
            { "aws:region": "eu-central-1", "bedrock-model-access:inferenceProfiles": JSON.stringify([eu, global]) },
            {
                [eu]: { region: "eu-central-1", regions: ["eu-central-1", "eu-west-1"] },
                [global]: { region: "eu-central-1", regions: ["eu-central-1", "us-east-1"] },
            },
        );
        assert.strictEqual(result.outputs.inferenceProfileId, eu);
        assert.deepStrictEqual(Object.keys(result.outputs.profiles as object), [eu, global]);
        assert.strictEqual(ofType(result, T.component).length, 2);
        const globalPolicy = invokePolicies(result).find((p) => p.name.startsWith("global"))!;
        assert.match(String(globalPolicy.inputs.policy), /arn:aws:bedrock:::foundation-model\//);
    });

    it("builds ARNs from the partition and account it looks up (aws-us-gov)", async () => {
        const gov = `us-gov.${SONNET}`;
        const result = await run(
            { "aws:region": "us-gov-west-1", "bedrock-model-access:inferenceProfiles": JSON.stringify([gov]) },
            { [gov]: { region: "us-gov-west-1", regions: ["us-gov-east-1", "us-gov-west-1"] } },
            "aws-us-gov",
        );
        assert.strictEqual(result.outputs.inferenceProfileArn, `arn:aws-us-gov:bedrock:us-gov-west-1:${ACCOUNT}:inference-profile/${gov}`);
        assert.match(String(invokePolicy(result).inputs.policy), /arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model\//);
    });

    it("uses the stack's aws:profile for model access and the verification step", async () => {
        const home = process.env.HOME;
        process.env.HOME = homeWithProfile();
        try {
            const result = await run({ ...DEV_CONFIG, "aws:profile": PROFILE });
            assert.strictEqual(only(result, T.access).inputs.awsProfile, PROFILE);
            assert.match(String(only(result, T.verify).inputs.create), new RegExp(` --aws-profile ${PROFILE}$`));
        } finally {
            process.env.HOME = home;
        }
    });

    describe("the backend's configuration in SSM (ssmParameterPrefix)", () => {
        const PREFIX = "/chat-backend/dev/bedrock";
        let result: MockRun;
        before(async () => {
            result = await run({
                ...DEV_CONFIG,
                "bedrock-model-access:ssmParameterPrefix": PREFIX,
                "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
            });
        });

        it("writes the profile ID, its ARN, the source region and the model ID, one parameter each", () => {
            const parameters = Object.fromEntries(ofType(result, "aws:ssm/parameter:Parameter").map((p) => [p.inputs.name, p.inputs.insecureValue]));
            assert.deepStrictEqual(parameters, {
                [`${PREFIX}/inference-profile-id`]: APAC,
                [`${PREFIX}/inference-profile-arn`]: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${APAC}`,
                [`${PREFIX}/region`]: "ap-southeast-1",
                [`${PREFIX}/model-id`]: SONNET,
            });
            assert.deepStrictEqual(result.outputs.applicationParameters, {
                "inference-profile-id": `${PREFIX}/inference-profile-id`,
                "inference-profile-arn": `${PREFIX}/inference-profile-arn`,
                region: `${PREFIX}/region`,
                "model-id": `${PREFIX}/model-id`,
            });
        });

        it("lets the application's roles read exactly those parameters through the invoke policy", () => {
            const document = JSON.parse(String(invokePolicy(result).inputs.policy)) as { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };
            const read = document.Statement.find((st) => st.Sid === "ReadApplicationConfiguration");
            assert.ok(read);
            assert.deepStrictEqual(read.Action, ["ssm:GetParameter", "ssm:GetParameters"]);
            assert.deepStrictEqual(
                read.Resource,
                ["inference-profile-id", "inference-profile-arn", "region", "model-id"].map(
                    (n) => `arn:aws:ssm:ap-southeast-1:${ACCOUNT}:parameter${PREFIX}/${n}`,
                ),
            );
            assert.ok(ofType(result, T.attachment).some((a) => a.inputs.role === "chat-backend" && a.inputs.policyArn === result.outputs.invokePolicyArn));
        });

        it("writes no parameter and grants no read without a prefix", async () => {
            const plain = await run(DEV_CONFIG);
            assert.deepStrictEqual(ofType(plain, "aws:ssm/parameter:Parameter"), []);
            assert.doesNotMatch(String(invokePolicy(plain).inputs.policy), /ssm:/);
        });
    });

    it("proves access with a Converse call in the verification step when verifyInvoke is set", async () => {
        const result = await run({ ...DEV_CONFIG, "bedrock-model-access:verifyInvoke": "true" });
        assert.match(String(only(result, T.verify).inputs.create), / --invoke$/);
    });

    it("looks a component's profile up in the component's own region, not the provider's", async () => {
        const eu = `eu.${SONNET}`;
        // A program that uses the component in another region than the stack's aws:region.
        const other = async () => {
            const component = new InferenceProfileAccess("eu-profile", {
                inferenceProfileId: resolveInferenceProfile(eu, "eu-west-1"),
                region: "eu-west-1",
                verifyAccess: false,
            });
            return { arn: component.inferenceProfileArn };
        };
        const result = await runWithMocks(
            other,
            { "aws:region": "ap-southeast-1" },
            invokes({ [eu]: { region: "ap-southeast-1", regions: ["eu-west-1", "eu-central-1"] } }),
        );
        const lookup = result.invokes.find((i) => i.token.startsWith("aws:bedrock"))!;
        assert.strictEqual(lookup.inputs.region, "eu-west-1");
        assert.strictEqual(result.outputs.arn, `arn:aws:bedrock:eu-west-1:${ACCOUNT}:inference-profile/${eu}`, "the ARN check passes");
    });

    it("reads its keys under the project's own name when a copy is renamed (pulumi new)", async () => {
        const renamed = await runWithMocks(
            program,
            { "aws:region": "ap-southeast-1", "my-bedrock:inferenceProfiles": JSON.stringify([APAC]) },
            invokes(DEV_PROFILES),
            [],
            "my-bedrock",
        );
        assert.strictEqual(renamed.outputs.inferenceProfileId, APAC);
        await assert.rejects(
            runWithMocks(program, { "aws:region": "ap-southeast-1" }, invokes(DEV_PROFILES), [], "my-bedrock"),
            /my-bedrock:inferenceProfile and my-bedrock:inferenceProfiles are not set/,
        );
    });

    describe("one profile in inferenceProfile (what pulumi new asks for)", () => {
        const SONNET_4_6 = "anthropic.claude-sonnet-4-6";
        const GLOBAL_4_6 = `global.${SONNET_4_6}`;
        const globalProfiles = { [GLOBAL_4_6]: { region: "ap-southeast-1", regions: ["ap-southeast-1", "us-east-1"] } };

        it("enables the one profile as inferenceProfiles would", async () => {
            const result = await run({ "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfile": APAC });
            assert.strictEqual(result.outputs.inferenceProfileId, APAC);
            assert.deepStrictEqual(
                ofType(result, T.access).map((r) => r.inputs.modelId),
                [SONNET],
            );
        });

        it("names inferenceProfile, not an inferenceProfiles entry, in a problem with the ID", async () => {
            await assert.rejects(
                run({ "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfile": SONNET }),
                /- bedrock-model-access:inferenceProfile "anthropic\.claude-sonnet-4-20250514-v1:0" is a foundation-model ID/,
            );
        });

        it("refuses both keys at once", async () => {
            await assert.rejects(
                run({ ...DEV_CONFIG, "bedrock-model-access:inferenceProfile": APAC }),
                /bedrock-model-access:inferenceProfile and bedrock-model-access:inferenceProfiles are both set; keep one/,
            );
        });

        // A model the product-ID table does not know yet (a future one).
        const UNKNOWN_SONNET = "anthropic.claude-sonnet-9";
        const GLOBAL_5 = `global.${UNKNOWN_SONNET}`;
        const sonnet5Profiles = { [GLOBAL_5]: { region: "ap-southeast-1", regions: ["ap-southeast-1", "us-east-1"] } };

        function guardrailDocument(result: MockRun): { Statement: { Sid: string; Condition?: unknown }[] } {
            const allowList = only(result, T.allowList).urn;
            const guardrailPolicy = ofType(result, T.policy).filter((p) => p.parent === allowList);
            assert.strictEqual(guardrailPolicy.length, 1);
            return JSON.parse(String(guardrailPolicy[0].inputs.policy)) as { Statement: { Sid: string; Condition?: unknown }[] };
        }

        it("keeps an IAM guardrail for a Marketplace model without a known product ID, denying the roles every subscription", async () => {
            const result = await run({ "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfile": GLOBAL_5 }, sonnet5Profiles);
            const subscribe = guardrailDocument(result).Statement.find((s) => s.Sid.includes("Subscribe"));
            assert.ok(subscribe !== undefined);
            assert.strictEqual(subscribe.Condition, undefined, "no product is exempt");
        });

        it("refuses an SCP guardrail for a Marketplace model without a known product ID before anything is declared, naming the key to set", async () => {
            const scp = JSON.stringify({ mode: "scp", targetIds: ["123456789012"] });
            const error = await run(
                { "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfile": GLOBAL_5, "bedrock-model-access:modelGuardrail": scp },
                sonnet5Profiles,
            ).then(
                () => undefined,
                (err: Error & { registrations?: Registration[] }) => err,
            );
            assert.match(
                String(error),
                /No AWS Marketplace product ID is known for anthropic\.claude-sonnet-9.*pulumi config set --path 'marketplaceProductIds\["anthropic\.claude-sonnet-9"\]' prod-/,
            );
            assert.deepStrictEqual(
                error?.registrations?.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                [],
                "nothing declared",
            );
        });

        it("takes the product ID from marketplaceProductIds into the guardrail's Subscribe deny", async () => {
            const result = await run(
                {
                    "aws:region": "ap-southeast-1",
                    "bedrock-model-access:inferenceProfile": GLOBAL_5,
                    "bedrock-model-access:marketplaceProductIds": JSON.stringify({ [UNKNOWN_SONNET]: "prod-abcdefgh1234" }),
                },
                sonnet5Profiles,
            );
            const subscribe = guardrailDocument(result).Statement.find((s) => s.Sid.includes("Subscribe"));
            assert.deepStrictEqual(subscribe?.Condition, { "ForAnyValue:StringNotEquals": { "aws-marketplace:ProductId": ["prod-abcdefgh1234"] } });
        });

        it("exempts Claude Sonnet 4.6's product (from the table) in an SCP guardrail, with no marketplaceProductIds entry", async () => {
            const scp = JSON.stringify({ mode: "scp", targetIds: ["123456789012"] });
            const result = await run(
                { "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfile": GLOBAL_4_6, "bedrock-model-access:modelGuardrail": scp },
                globalProfiles,
            );
            const document = JSON.parse(String(only(result, T.scp).inputs.content)) as { Statement: { Sid: string; Condition?: unknown }[] };
            const subscribe = document.Statement.find((st) => st.Sid.includes("Subscribe"));
            assert.deepStrictEqual(subscribe?.Condition, { "ForAnyValue:StringNotEquals": { "aws-marketplace:ProductId": ["prod-ffvjxvh4ltq64"] } });
            assert.deepStrictEqual(
                ofType(result, T.access).map((r) => r.inputs.modelId),
                [SONNET_4_6],
            );
        });

        it("refuses a product ID that is not one", async () => {
            await assert.rejects(
                run({ ...DEV_CONFIG, "bedrock-model-access:marketplaceProductIds": JSON.stringify({ [SONNET]: "4pmewlybdftbs" }) }),
                /marketplaceProductIds\["anthropic\.claude-sonnet-4-20250514-v1:0"\] must be an AWS Marketplace product ID such as prod-4pmewlybdftbs/,
            );
        });
    });

    describe("model access keyed by model and region", () => {
        const global = `global.${SONNET}`;
        const profiles = { [APAC]: DEV_PROFILES[APAC], [global]: { region: "ap-southeast-1", regions: ["ap-southeast-1", "us-east-1"] } };

        it("keeps the same ModelAccess when a profile switches from apac. to global.", async () => {
            const before = only(await run(DEV_CONFIG, profiles), T.access);
            const after = only(await run({ ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([global]) }, profiles), T.access);
            assert.strictEqual(after.urn, before.urn);
        });

        it("declares one ModelAccess for two profiles of the same model, and both components wait for it", async () => {
            const result = await run({ ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC, global]) }, profiles);
            const access = only(result, T.access);
            const policies = invokePolicies(result);
            assert.strictEqual(policies.length, 2);
            assert.ok(policies.every((p) => p.dependencies.includes(access.urn)));
        });
    });

    describe("the model allow-list guardrail", () => {
        function guardrailPolicy(result: MockRun): Registration {
            const list = only(result, T.allowList);
            const found = ofType(result, T.policy).filter((p) => p.parent === list.urn);
            assert.strictEqual(found.length, 1, "one guardrail policy under the ModelAllowList");
            return found[0];
        }

        /** Runs the program and returns what it warned (without an engine, Pulumi warns on the console). */
        async function runCapturingWarnings(config: Record<string, string>): Promise<{ result: MockRun; warnings: string[] }> {
            const warnings: string[] = [];
            const original = console.warn;
            console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
            try {
                return { result: await run(config), warnings };
            } finally {
                console.warn = original;
            }
        }

        it("is declared by default as an IAM Deny policy for the profiles' models, exported, and attached to nothing without roles", async () => {
            const { result, warnings } = await runCapturingWarnings(DEV_CONFIG);
            assert.ok(
                warnings.some((w) => /guardrail is attached to no role, so it restricts nothing yet/.test(w)),
                "the preview warns that nothing is protected",
            );
            const policy = guardrailPolicy(result);
            assert.strictEqual(policy.inputs.path, "/bedrock-model-access/");
            const document = JSON.parse(String(policy.inputs.policy)) as { Statement: { Effect: string; NotResource?: string[] }[] };
            assert.ok(document.Statement.every((st) => st.Effect === "Deny"));
            assert.deepStrictEqual(
                document.Statement[0].NotResource!.filter((r) => !r.endsWith("model-invocation-job/*") && !r.endsWith("async-invoke/*")),
                [`arn:*:bedrock:*::foundation-model/${SONNET}`, `arn:*:bedrock:*:*:inference-profile/${APAC}`],
            );
            assert.deepStrictEqual(result.outputs.modelAllowList, [SONNET]);
            assert.strictEqual(result.outputs.guardrailPolicy, "arn:aws:iam::123456789012:policy/bedrock-model-access/model-allow-list-guardrail");
            assert.deepStrictEqual(ofType(result, T.attachment), []);
            assert.deepStrictEqual(ofType(result, T.scp), []);
        });

        it("attaches the IAM guardrail to the invoke roles and the further roles, once each", async () => {
            const { result, warnings } = await runCapturingWarnings({
                ...DEV_CONFIG,
                "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
                "bedrock-model-access:modelGuardrail": JSON.stringify({ roleNames: ["chat-backend", "analytics"] }),
            });
            assert.ok(!warnings.some((w) => /attached to no role/.test(w)));
            const guardrailArn = result.outputs.guardrailPolicy;
            const attached = ofType(result, T.attachment).filter((a) => a.inputs.policyArn === guardrailArn);
            assert.deepStrictEqual(attached.map((a) => a.inputs.role).sort(), ["analytics", "chat-backend"]);
            assert.ok(attached.every((a) => a.parent === only(result, T.allowList).urn));
        });

        it("attaches the policies to two roles whose names differ only in punctuation, side by side", async () => {
            const result = await run({
                ...DEV_CONFIG,
                "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat.backend", "chat-backend", "chat_backend"]),
            });
            const attachments = result.registrations.filter((r) => r.type === T.attachment);
            const names = attachments.map((a) => a.name);
            assert.strictEqual(new Set(names).size, names.length, `distinct child names: ${names.join(", ")}`);
            const guardrailArn = result.outputs.guardrailPolicy;
            assert.deepStrictEqual(
                attachments
                    .filter((a) => a.inputs.policyArn === guardrailArn)
                    .map((a) => a.inputs.role)
                    .sort(),
                ["chat-backend", "chat.backend", "chat_backend"],
            );
        });

        it("keeps today's guardrail attachment names for existing stacks: unchanged where nothing is replaced, an alias where a hash is added", async () => {
            const result = await run({ ...DEV_CONFIG, "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend", "chat.analytics"]) });
            const guardrailArn = result.outputs.guardrailPolicy;
            const attachments = result.registrations.filter((r) => r.type === T.attachment && r.inputs.policyArn === guardrailArn);
            const plain = attachments.find((a) => a.inputs.role === "chat-backend")!;
            const dotted = attachments.find((a) => a.inputs.role === "chat.analytics")!;
            assert.strictEqual(plain.name, "model-allow-list-chat-backend", "the name of today's stacks");
            assert.deepStrictEqual(plain.aliases, []);
            assert.match(dotted.name, /^model-allow-list-chat-analytics-[0-9a-f]{8}$/);
            assert.deepStrictEqual(dotted.aliases, ["model-allow-list-chat-analytics"], "moved from today's name, not replaced");
        });

        it("in mode scp declares a service control policy with one attachment per target, and no IAM guardrail", async () => {
            const result = await run({
                ...DEV_CONFIG,
                "bedrock-model-access:modelGuardrail": JSON.stringify({
                    mode: "scp",
                    targetIds: ["123456789012", "ou-ab12-cdef3456"],
                    extraAllowedModels: [HAIKU],
                }),
            });
            const scp = only(result, T.scp);
            assert.strictEqual(scp.inputs.type, "SERVICE_CONTROL_POLICY");
            assert.match(String(scp.inputs.content), new RegExp(`foundation-model/${HAIKU.replace(/\./g, "\\.")}`));
            assert.deepStrictEqual(
                ofType(result, T.scpAttachment)
                    .map((a) => a.inputs.targetId)
                    .sort(),
                ["123456789012", "ou-ab12-cdef3456"],
            );
            assert.ok(ofType(result, T.scpAttachment).every((a) => a.inputs.policyId === "model-allow-list-scp-id"));
            assert.strictEqual(result.outputs.guardrailPolicy, "model-allow-list-scp-id");
            assert.deepStrictEqual(result.outputs.modelAllowList, [HAIKU, SONNET].sort());
            assert.strictEqual(ofType(result, T.policy).length, 1, "only the invoke policy");
        });

        it("in mode off declares none and says so in the outputs", async () => {
            const { result, warnings } = await runCapturingWarnings({ ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "off" }) });
            assert.deepStrictEqual(ofType(result, T.allowList), []);
            assert.ok(warnings.some((w) => /modelGuardrail\.mode is "off".*any principal with a broad Bedrock grant can call any model/.test(w)));
            assert.deepStrictEqual(result.outputs.modelAllowList, []);
            assert.match(String(result.outputs.guardrailPolicy), /^none/);
        });
    });

    describe("refuses a profile Bedrock reports as unusable", () => {
        it("not ACTIVE", async () => {
            await assert.rejects(
                run(DEV_CONFIG, { [APAC]: { region: "ap-southeast-1", regions: APAC_DESTINATIONS, status: "INACTIVE" } }),
                /is INACTIVE, not ACTIVE/,
            );
        });
        it("not system-defined", async () => {
            await assert.rejects(
                run(DEV_CONFIG, { [APAC]: { region: "ap-southeast-1", regions: APAC_DESTINATIONS, type: "APPLICATION" } }),
                /takes SYSTEM_DEFINED/,
            );
        });
    });

    describe("model lifecycle before anything is declared", () => {
        const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
        const twoModels = {
            [APAC]: { region: "ap-southeast-1", regions: APAC_DESTINATIONS },
            [`apac.${HAIKU_45}`]: { region: "ap-southeast-1", regions: APAC_DESTINATIONS },
        };

        it("refuses the whole stack when one of its models reached its end of life (also between the runner's preview and up), declaring no sibling", async () => {
            emulator.addModel("ap-southeast-1", SONNET, { lifecycle: { status: "ACTIVE" } });
            emulator.addModel("ap-southeast-1", HAIKU_45, { lifecycle: { status: "LEGACY", endOfLifeTime: new Date(Date.now() - 86_400_000) } });
            const failure = (await run({ ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC, `apac.${HAIKU_45}`]) }, twoModels).then(
                () => assert.fail("accepted"),
                (err: unknown) => err,
            )) as Error & Pick<MockRun, "registrations">;
            assert.strictEqual(failure.name, "StackConfigError");
            assert.match(failure.message, /anthropic\.claude-haiku-4-5-20251001-v1:0 reached its end of life in ap-southeast-1/);
            assert.deepStrictEqual(
                failure.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                [],
                "Sonnet's model access is not declared either",
            );
            assert.deepStrictEqual(emulator.mutatingRequests(), []);
        });
    });

    describe("data retention (dataRetention)", () => {
        const DATA_RETENTION = "pulumi-nodejs:dynamic/bedrock:DataRetention";

        it("declares one DataRetention per region the stack uses, with the stack's mode, and reads nothing", async () => {
            const result = await run({
                ...DEV_CONFIG,
                "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
                "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["us-east-1"]),
            });
            const declared = ofType(result, DATA_RETENTION);
            assert.deepStrictEqual(
                declared.map((r) => [r.name, r.inputs.region, r.inputs.mode, r.inputs.restoreOnDestroy, r.inputs.replaceExisting]),
                [
                    ["data-retention-ap-southeast-1", "ap-southeast-1", "none", false, false],
                    ["data-retention-us-east-1", "us-east-1", "none", false, false],
                ],
            );
            assert.deepStrictEqual(result.outputs.dataRetention, { "ap-southeast-1": "none", "us-east-1": "none" });
            assert.deepStrictEqual(emulator.requestsFor("GetAccountDataRetention"), [], "a managed mode needs no read at preview");
            const guardrail = JSON.parse(String(ofType(result, T.policy).find((p) => p.parent === only(result, T.allowList).urn)!.inputs.policy)) as {
                Statement: { Sid: string; Condition?: unknown }[];
            };
            assert.deepStrictEqual(guardrail.Statement.find((st) => st.Sid === "DenyDataRetentionOtherThanStack")?.Condition, {
                StringNotEquals: { "bedrock:DataRetentionMode": "none" },
            });
            const allowList = only(result, T.allowList);
            for (const r of declared) {
                assert.ok(allowList.dependencies.includes(r.urn), "the guardrail goes before the modes are put back on destroy");
            }
        });

        it("in mode scp puts the deny of other modes into the service control policy", async () => {
            const result = await run({
                ...DEV_CONFIG,
                "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
                "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "scp", targetIds: ["123456789012"] }),
            });
            const scp = JSON.parse(String(only(result, T.scp).inputs.content)) as { Statement: { Sid: string; Action: string; Condition?: unknown }[] };
            assert.deepStrictEqual(
                scp.Statement.filter((st) => st.Sid.includes("DataRetention")).map((st) => [st.Action, st.Condition]),
                [
                    ["bedrock:PutAccountDataRetention", { StringNotEquals: { "bedrock:DataRetentionMode": "none" } }],
                    ["bedrock-mantle:PutAccountDataRetention", { StringNotEquals: { "bedrock-mantle:DataRetentionMode": "none" } }],
                    // A project's own mode overrides the account's: only "inherit" or the stack's, where one is given.
                    [
                        ["bedrock-mantle:CreateProject", "bedrock-mantle:UpdateProject"],
                        { StringNotEquals: { "bedrock-mantle:DataRetentionMode": ["none", "inherit"] }, Null: { "bedrock-mantle:DataRetentionMode": "false" } },
                    ],
                ],
            );
        });

        it('passes restoreOnDestroy and replaceExisting as set (also the string "true" `pulumi config set --path` writes), and names a bad one', async () => {
            const result = await run({
                ...DEV_CONFIG,
                "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none", restoreOnDestroy: "true", replaceExisting: true }),
            });
            assert.deepStrictEqual(
                ofType(result, DATA_RETENTION).map((r) => [r.inputs.restoreOnDestroy, r.inputs.replaceExisting]),
                [[true, true]],
            );
            await assert.rejects(
                run({ ...DEV_CONFIG, "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none", restoreOnDestroy: "yes" }) }),
                /bedrock-model-access:dataRetention\.restoreOnDestroy must be true or false, got "yes"/,
            );
        });

        it("without dataRetention declares none, reads each region's mode once, and exports it", async () => {
            emulator.setDataRetention("ap-southeast-1", "default");
            const result = await run({ ...DEV_CONFIG, "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["us-east-1"]) });
            assert.deepStrictEqual(ofType(result, DATA_RETENTION), []);
            assert.deepStrictEqual(result.outputs.dataRetention, { "ap-southeast-1": "default", "us-east-1": "inherit" });
            assert.strictEqual(emulator.requestsFor("GetAccountDataRetention").length, 2);
            assert.deepStrictEqual(emulator.mutatingRequests(), []);
        });

        const FABLE = "anthropic.claude-fable-5";
        const fableProfiles = { [`global.${FABLE}`]: { region: "ap-southeast-1", regions: ["ap-southeast-1", "us-east-1"] } };

        it("refuses at preview a model that runs only under modes that keep data in a region set to another mode, naming both and the choice", async () => {
            const failure = (await run(
                {
                    "aws:region": "ap-southeast-1",
                    "bedrock-model-access:inferenceProfile": `global.${FABLE}`,
                    "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
                },
                fableProfiles,
            ).then(
                () => assert.fail("accepted"),
                (err: unknown) => err,
            )) as Error & Pick<MockRun, "registrations">;
            assert.match(
                failure.message,
                /anthropic\.claude-fable-5 runs only under the data-retention mode "aws_review" or "provider_data_share".*ap-southeast-1 is or will be "none".*set bedrock-model-access:dataRetention to \{"mode": "aws_review"\}/s,
            );
            assert.deepStrictEqual(
                failure.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                [],
            );
        });

        it("refuses it too when the region's current mode (not managed) would refuse it, before anything is declared", async () => {
            emulator.setDataRetention("ap-southeast-1", "default");
            const failure = (await run({ "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfile": `global.${FABLE}` }, fableProfiles).then(
                () => assert.fail("accepted"),
                (err: unknown) => err,
            )) as Error & Pick<MockRun, "registrations">;
            assert.strictEqual(failure.name, "StackConfigError");
            assert.match(failure.message, /ap-southeast-1 is or will be "default"/);
            assert.deepStrictEqual(
                failure.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                [],
            );
        });

        for (const mode of ["aws_review", "provider_data_share"]) {
            it(`accepts that model where the stack sets ${mode}, and declares the mode (aws_review: what new configurations use)`, async () => {
                const result = await run(
                    {
                        "aws:region": "ap-southeast-1",
                        "bedrock-model-access:inferenceProfile": `global.${FABLE}`,
                        "bedrock-model-access:dataRetention": JSON.stringify({ mode }),
                    },
                    fableProfiles,
                );
                assert.deepStrictEqual(result.outputs.dataRetention, { "ap-southeast-1": mode });
                assert.deepStrictEqual(
                    ofType(result, DATA_RETENTION).map((r) => r.inputs.mode),
                    [mode],
                );
            });
        }
    });

    describe("both inference endpoints and API keys (inferenceEndpoints, apiKeys)", () => {
        // A model bedrock-mantle serves (its card lists bedrock-mantle), in a Region where it has an endpoint.
        const MANTLE_MODEL = "anthropic.claude-opus-4-8";
        const MANTLE_PROFILE = `global.${MANTLE_MODEL}`;
        const PREFIX = "/chat-backend/dev/bedrock";
        const BOTH = {
            "aws:region": "us-east-1",
            "bedrock-model-access:inferenceProfiles": JSON.stringify([MANTLE_PROFILE]),
            "bedrock-model-access:inferenceEndpoints": JSON.stringify(["runtime", "mantle"]),
            "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
            "bedrock-model-access:ssmParameterPrefix": PREFIX,
            "bedrock-model-access:verifyInvoke": "true",
        };
        const PROFILES = { [MANTLE_PROFILE]: { region: "us-east-1", regions: ["us-east-1", "us-west-2"] } };
        /** Runs the program with bedrock-mantle serving the model in us-east-1, as its live list says. */
        const runMantle = (config: Record<string, string>, profiles: typeof PROFILES) => {
            emulator.addModel("us-east-1", MANTLE_MODEL);
            return run(config, profiles);
        };
        const ADMIN: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] };
        /** The environment's project (MantleProject), as bedrock-mantle's IAM names it; the account's default project where none is given. */
        const projectOf = (run: MockRun, region = "us-east-1") =>
            (run.outputs.mantleProject as { iamArn: string } | undefined)?.iamArn.replace(":us-east-1:", `:${region}:`) ??
            `arn:aws:bedrock-mantle:${region}:${ACCOUNT}:project/default`;
        const mantle = (
            model: string | undefined,
            action = "bedrock-mantle:CreateInference",
            region = "us-east-1",
            project = `arn:aws:bedrock-mantle:${region}:${ACCOUNT}:project/default`,
        ): BedrockRequest => ({
            action,
            resource: project,
            region,
            context: model === undefined ? {} : { "bedrock-mantle:Model": model },
        });
        const bearer = (service: string, type: string): BedrockRequest => ({
            action: `${service}:CallWithBearerToken`,
            resource: "*",
            region: "us-east-1",
            context: { [`${service}:BearerTokenType`]: type },
        });

        let result: MockRun;
        before(async () => {
            result = await runMantle(BOTH, PROFILES);
        });

        it("lets the application's role use bedrock-mantle for the stack's model only, in the source region, and nothing else there", async () => {
            const attached = ofType(result, T.attachment)
                .filter((a) => a.inputs.role === "chat-backend")
                .map((a) => a.inputs.policyArn);
            assert.ok(attached.includes(result.outputs.invokePolicyArn), "the invoke policy is attached to the role");
            const roleDocuments = [documentOf(invokePolicy(result)), guardrailOf(result)];
            const project = projectOf(result);
            assert.match(project, /^arn:aws:bedrock-mantle:us-east-1:123456789012:project\/proj_/);
            assert.strictEqual(await decide(mantle(MANTLE_MODEL, undefined, undefined, project), roleDocuments), "Allowed");
            assert.strictEqual(await decide(mantle(MANTLE_MODEL, "bedrock-mantle:CountTokens", undefined, project), roleDocuments), "Allowed");
            assert.strictEqual(await decide(mantle(MANTLE_MODEL), roleDocuments), "ImplicitlyDenied", "the account's default project");
            assert.strictEqual(
                await decide(mantle(MANTLE_MODEL, undefined, undefined, `arn:aws:bedrock-mantle:us-east-1:${ACCOUNT}:project/proj_anotherteam`), roleDocuments),
                "ImplicitlyDenied",
                "another project of the account",
            );
            assert.strictEqual(
                await decide(mantle(undefined, undefined, undefined, project), roleDocuments),
                "ExplicitlyDenied",
                "no model named: the guardrail denies it too",
            );
            assert.strictEqual(
                await decide(mantle(MANTLE_MODEL, "bedrock-mantle:CreateInference", "us-west-2", projectOf(result, "us-west-2")), roleDocuments),
                "ImplicitlyDenied",
                "another region",
            );
            assert.strictEqual(await decide(mantle(undefined, "bedrock-mantle:CreateProject"), roleDocuments), "ImplicitlyDenied");
            assert.strictEqual(
                await decide(mantle("openai.gpt-oss-120b", undefined, undefined, project), roleDocuments),
                "ExplicitlyDenied",
                "the guardrail denies other models",
            );
        });

        for (const mode of ["iam", "scp"] as const) {
            it(`denies a principal otherwise allowed everything every other model on bedrock-mantle (guardrail mode ${mode})`, async () => {
                const config = { ...BOTH, "bedrock-model-access:modelGuardrail": JSON.stringify(mode === "scp" ? { mode, targetIds: [ACCOUNT] } : { mode }) };
                const guardrail = guardrailOf(await runMantle(config, PROFILES));
                const [identity, scps] = mode === "scp" ? [[ADMIN], [ADMIN, guardrail]] : [[ADMIN, guardrail], []];
                assert.strictEqual(await decide(mantle(MANTLE_MODEL), identity, scps), "Allowed");
                for (const other of ["openai.gpt-oss-120b", "anthropic.claude-opus-4-7", SONNET]) {
                    assert.strictEqual(await decide(mantle(other), identity, scps), "ExplicitlyDenied", other);
                }
                for (const service of ["bedrock", "bedrock-mantle"]) {
                    for (const type of ["SHORT_TERM", "LONG_TERM"]) {
                        assert.strictEqual(await decide(bearer(service, type), identity, scps), "ExplicitlyDenied", `default apiKeys: ${service} ${type}`);
                    }
                }
            });
        }

        describe("every road to a model (policy/roads.ts), and Claude Platform on AWS", () => {
            const WORKSPACE = `arn:aws:aws-external-anthropic:us-east-1:${ACCOUNT}:workspace/wrkspc_01team`;
            const platform = (action: string, workspace = `arn:aws:aws-external-anthropic:us-east-1:${ACCOUNT}:workspace/wrkspc_other`): BedrockRequest => ({
                action,
                resource: workspace,
                region: "us-east-1",
            });
            const placement = (mode: "iam" | "scp", guardrail: PolicyDocument): [PolicyDocument[], PolicyDocument[]] =>
                mode === "scp" ? [[ADMIN], [ADMIN, guardrail]] : [[ADMIN, guardrail], []];

            for (const mode of ["iam", "scp"] as const) {
                it(`denies Claude Platform on AWS inference and batch inference by default, and every road holds (guardrail mode ${mode})`, async () => {
                    const config = {
                        ...BOTH,
                        "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
                        "bedrock-model-access:modelGuardrail": JSON.stringify(mode === "scp" ? { mode, targetIds: [ACCOUNT] } : { mode }),
                    };
                    const guardrail = guardrailOf(await runMantle(config, PROFILES));
                    const [identity, scps] = placement(mode, guardrail);
                    for (const action of [
                        "aws-external-anthropic:CreateInference",
                        "aws-external-anthropic:CreateBatchInference",
                        "aws-external-anthropic:CountTokens",
                    ]) {
                        assert.strictEqual(await decide(platform(action), identity, scps), "ExplicitlyDenied", action);
                    }
                    const roads = roadCatalogue({
                        placement: mode,
                        regions: ["us-east-1"],
                        account: ACCOUNT,
                        enabledModels: [MANTLE_MODEL],
                        reviewedModels: [MANTLE_MODEL],
                        profileIds: [MANTLE_PROFILE],
                        applicationProfileArns: [],
                        foreignApplicationProfileArns: [],
                        mantleModels: [MANTLE_MODEL],
                        probeModels: [SONNET],
                        allowedApiKeys: "none",
                        namedWorkspaces: [],
                        dataRetentionModes: ["none"],
                        claudePlatformWorkspaces: [],
                    });
                    const decisions = await evaluateGuardrail(guardrail, mode, roads, ACCOUNT);
                    assert.deepStrictEqual(
                        decisions.filter((d) => !d.holds).map((d) => `${d.road.id}: ${d.decision}`),
                        [],
                        "every road is as it must be",
                    );
                    assert.ok(decisions.some((d) => d.road.must === "usable") && decisions.some((d) => d.road.family === "claude-platform"));
                });
            }

            it("with modelGuardrail.claudePlatform listing a workspace, leaves that workspace usable, denies the others, and warns at preview", async () => {
                const warnings: string[] = [];
                const original = console.warn;
                console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
                let result: MockRun;
                try {
                    result = await runMantle({ ...BOTH, "bedrock-model-access:modelGuardrail": JSON.stringify({ claudePlatform: [WORKSPACE] }) }, PROFILES);
                } finally {
                    console.warn = original;
                }
                const [identity] = placement("iam", guardrailOf(result));
                assert.strictEqual(await decide(platform("aws-external-anthropic:CreateInference", WORKSPACE), identity), "Allowed");
                assert.strictEqual(await decide(platform("aws-external-anthropic:CreateInference"), identity), "ExplicitlyDenied");
                assert.ok(
                    warnings.some((w) => w.includes(`leaves Claude Platform on AWS usable in ${WORKSPACE}. IAM cannot restrict the model there`)),
                    warnings.join("\n"),
                );
            });

            it('refuses a claudePlatform value that is neither "deny" nor workspace ARNs, naming the key, before anything is declared', async () => {
                for (const value of ["allow", [], ["arn:aws:aws-external-anthropic:*:*:workspace/*"]]) {
                    const failure = (await runMantle(
                        { ...BOTH, "bedrock-model-access:modelGuardrail": JSON.stringify({ claudePlatform: value }) },
                        PROFILES,
                    ).then(
                        () => assert.fail(`accepted ${JSON.stringify(value)}`),
                        (err: unknown) => err,
                    )) as Error & Pick<MockRun, "registrations">;
                    assert.match(failure.message, /bedrock-model-access:modelGuardrail\.claudePlatform (must be "deny"|has ")/, JSON.stringify(value));
                    assert.deepStrictEqual(
                        failure.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                        [],
                    );
                }
            });
        });

        it('with apiKeys "short-term", allows the role short-term keys and denies long-term ones, on both endpoints', async () => {
            const shortTerm = await runMantle({ ...BOTH, "bedrock-model-access:apiKeys": "short-term" }, PROFILES);
            const roleDocuments = [documentOf(invokePolicy(shortTerm)), guardrailOf(shortTerm)];
            for (const service of ["bedrock", "bedrock-mantle"]) {
                assert.strictEqual(await decide(bearer(service, "SHORT_TERM"), roleDocuments), "Allowed", service);
                assert.strictEqual(await decide(bearer(service, "LONG_TERM"), roleDocuments), "ExplicitlyDenied", service);
            }
        });

        it("in mode scp denies creating a Bedrock long-term key and leaves other services' credentials alone", async () => {
            const scp = guardrailOf(
                await runMantle({ ...BOTH, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "scp", targetIds: [ACCOUNT] }) }, PROFILES),
            );
            const create = (serviceName: string): BedrockRequest => ({
                action: "iam:CreateServiceSpecificCredential",
                resource: `arn:aws:iam::${ACCOUNT}:user/explorer`,
                region: "us-east-1",
                context: { "iam:ServiceSpecificCredentialServiceName": serviceName },
            });
            assert.strictEqual(await decide(create("bedrock.amazonaws.com"), [ADMIN], [ADMIN, scp]), "ExplicitlyDenied");
            assert.strictEqual(await decide(create("codecommit.amazonaws.com"), [ADMIN], [ADMIN, scp]), "Allowed");
        });

        it("publishes the mantle model ID and base URL beside the profile's parameters, readable by the role", () => {
            const parameters = Object.fromEntries(ofType(result, "aws:ssm/parameter:Parameter").map((p) => [p.inputs.name, p.inputs.insecureValue]));
            assert.strictEqual(parameters[`${PREFIX}/mantle-model-id`], MANTLE_MODEL);
            assert.strictEqual(parameters[`${PREFIX}/mantle-base-url`], "https://bedrock-mantle.us-east-1.api.aws/anthropic");
            assert.strictEqual(parameters[`${PREFIX}/inference-profile-id`], MANTLE_PROFILE);
            const read = documentOf(invokePolicy(result)).Statement.find((st) => st.Sid === "ReadApplicationConfiguration");
            assert.ok(((read?.Resource ?? []) as string[]).includes(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/mantle-model-id`));
        });

        it("says in its outputs which endpoints are enabled, and proves both in the verification step", () => {
            assert.deepStrictEqual(Object.keys(result.outputs.inferenceEndpoints as object), ["runtime", "mantle"]);
            assert.strictEqual((result.outputs.inferenceEndpoints as Record<string, { modelId: string }>).mantle.modelId, MANTLE_MODEL);
            assert.strictEqual(result.outputs.apiKeys, "none");
            const projectId = (result.outputs.mantleProject as { projectId: string }).projectId;
            assert.match(
                String(only(result, T.verify).inputs.create),
                new RegExp(` --endpoint runtime --endpoint mantle --invoke --mantle-project ${projectId}$`),
            );
        });

        it("declares the environment's Bedrock project, tagged and named for it, and publishes its ID for the backend", async () => {
            const tagged = await runMantle(
                {
                    ...BOTH,
                    "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
                    "bedrock-model-access:usageTracking": JSON.stringify({ tags: { team: "chat" } }),
                },
                PROFILES,
            );
            const project = only(tagged, "pulumi-nodejs:dynamic/bedrock:MantleProject");
            assert.deepStrictEqual(
                [project.inputs.name, project.inputs.region, project.inputs.tags, project.inputs.dataRetentionMode],
                ["bedrock-model-access-dev", "us-east-1", { team: "chat", environment: "dev" }, "none"],
            );
            const projectId = (tagged.outputs.mantleProject as { projectId: string }).projectId;
            const parameters = Object.fromEntries(ofType(tagged, "aws:ssm/parameter:Parameter").map((p) => [p.inputs.name, p.inputs.insecureValue]));
            assert.strictEqual(parameters[`${PREFIX}/mantle-project-id`], projectId);
            assert.strictEqual((tagged.outputs.inferenceEndpoints as Record<string, { projectId?: string }>).mantle.projectId, projectId);
            // Without the stack managing retention, the project inherits the account's mode.
            assert.strictEqual(only(result, "pulumi-nodejs:dynamic/bedrock:MantleProject").inputs.dataRetentionMode, "inherit");
        });

        it("declares no project for a stack that calls the runtime only", async () => {
            const plain = await run({ ...DEV_CONFIG, "bedrock-model-access:ssmParameterPrefix": PREFIX });
            assert.strictEqual(ofType(plain, "pulumi-nodejs:dynamic/bedrock:MantleProject").length, 0);
            assert.strictEqual(plain.outputs.mantleProject, undefined);
        });

        it("with the defaults, grants and publishes nothing for bedrock-mantle and keeps the verification command as before", async () => {
            const plain = await run({ ...DEV_CONFIG, "bedrock-model-access:ssmParameterPrefix": PREFIX });
            assert.doesNotMatch(String(invokePolicy(plain).inputs.policy), /bedrock-mantle|CallWithBearerToken/);
            assert.ok(!ofType(plain, "aws:ssm/parameter:Parameter").some((p) => String(p.inputs.name).includes("mantle")));
            assert.doesNotMatch(String(only(plain, T.verify).inputs.create), /--endpoint/);
        });
    });

    describe("bedrock-mantle's live catalogue before anything is declared", () => {
        const SONNET_46 = "anthropic.claude-sonnet-4-6";
        const OPUS_48 = "anthropic.claude-opus-4-8";
        const MYTHOS = "anthropic.claude-mythos-5";
        const MANTLE = JSON.stringify(["runtime", "mantle"]);
        const failureOf = (config: Record<string, string>, profiles: Record<string, ProfileFixture>) =>
            run(config, profiles).then(
                () => assert.fail("accepted"),
                (err: unknown) => err as Error & Pick<MockRun, "registrations">,
            );

        it("stops dev's settings with bedrock-mantle in ap-southeast-1, naming the Region and the model, reading nothing there and changing nothing", async () => {
            emulator.addModel("ap-southeast-1", SONNET);
            const failure = await failureOf({ ...DEV_CONFIG, "bedrock-model-access:inferenceEndpoints": MANTLE }, DEV_PROFILES);
            assert.strictEqual(failure.name, "StackConfigError");
            assert.match(
                failure.message,
                /anthropic\.claude-sonnet-4-20250514-v1:0 is not served on bedrock-mantle in ap-southeast-1: bedrock-mantle has no endpoint there .*bedrock-mantle serves it in none of its Regions\. Call it on the runtime \(remove "mantle" from bedrock-model-access:inferenceEndpoints/,
            );
            assert.deepStrictEqual(
                failure.registrations.filter((r) => r.type !== T.stack),
                [],
            );
            assert.ok(!emulator.requestsFor("ListModels").some((r) => r.region === "ap-southeast-1"), "a Region without the endpoint is not read");
            assert.deepStrictEqual(emulator.mutatingRequests(), []);
        });

        it("stops a model bedrock-mantle does not serve where it has an endpoint (Sonnet 4.6 in us-east-1), saying where it is served", async () => {
            emulator.addModel("us-east-1", SONNET_46);
            emulator.addModel("us-east-1", OPUS_48);
            const failure = await failureOf(
                {
                    "aws:region": "us-east-1",
                    "bedrock-model-access:inferenceProfiles": JSON.stringify([`global.${SONNET_46}`]),
                    "bedrock-model-access:inferenceEndpoints": MANTLE,
                },
                { [`global.${SONNET_46}`]: { region: "us-east-1", regions: ["us-east-1"] } },
            );
            assert.match(
                failure.message,
                /anthropic\.claude-sonnet-4-6 is not served on bedrock-mantle in us-east-1 \(its model list there does not have it\); bedrock-mantle serves it in none of its Regions/,
            );
            assert.ok(emulator.requestsFor("ListModels").length > 1, "the other Regions are read to say where it is served");
        });

        it("reads us-east-1's list once and goes on where bedrock-mantle serves the model", async () => {
            emulator.addModel("us-east-1", OPUS_48);
            const result = await run(
                {
                    "aws:region": "us-east-1",
                    "bedrock-model-access:inferenceProfiles": JSON.stringify([`global.${OPUS_48}`]),
                    "bedrock-model-access:inferenceEndpoints": MANTLE,
                },
                { [`global.${OPUS_48}`]: { region: "us-east-1", regions: ["us-east-1"] } },
            );
            assert.strictEqual(only(result, T.component).name, "global-anthropic-claude-opus-4-8");
            assert.deepStrictEqual(
                emulator.requestsFor("ListModels").map((r) => [r.region, r.signatureValid]),
                [["us-east-1", true]],
            );
        });

        it("says so and goes on when the list cannot be read (no permission)", async () => {
            emulator.addModel("us-east-1", OPUS_48);
            emulator.injectFault({
                operation: "ListModels",
                type: "permission_error",
                status: 403,
                message: "not authorized to perform: bedrock-mantle:ListModels",
                times: 10,
            });
            const warnings: string[] = [];
            const original = console.warn;
            console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
            try {
                await run(
                    {
                        "aws:region": "us-east-1",
                        "bedrock-model-access:inferenceProfiles": JSON.stringify([`global.${OPUS_48}`]),
                        "bedrock-model-access:inferenceEndpoints": MANTLE,
                    },
                    { [`global.${OPUS_48}`]: { region: "us-east-1", regions: ["us-east-1"] } },
                );
            } finally {
                console.warn = original;
            }
            assert.ok(
                warnings.some((w) =>
                    /Could not read bedrock-mantle's model list in us-east-1: refused \(403\): the identity needs bedrock-mantle:ListModels/.test(w),
                ),
                warnings.join("\n"),
            );
        });

        describe("a model served only on bedrock-mantle (mantleOnlyModels)", () => {
            const PREFIX = "/chat-backend/dev/bedrock";
            const CONFIG = {
                "aws:region": "us-east-1",
                "bedrock-model-access:inferenceProfiles": JSON.stringify([`global.${OPUS_48}`]),
                "bedrock-model-access:inferenceEndpoints": MANTLE,
                "bedrock-model-access:mantleOnlyModels": JSON.stringify([MYTHOS]),
                "bedrock-model-access:dataRetention": JSON.stringify({ mode: "provider_data_share" }),
                "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
                "bedrock-model-access:ssmParameterPrefix": PREFIX,
                "bedrock-model-access:verifyInvoke": "true",
            };
            const PROFILES = { [`global.${OPUS_48}`]: { region: "us-east-1", regions: ["us-east-1"] } };
            const MANTLE_ONLY = "bedrock-model-access:index:MantleModelAccess";
            let result: MockRun;
            before(async () => {
                emulator.reset();
                emulator.addModel("us-east-1", OPUS_48);
                emulator.addModel("us-east-1", MYTHOS);
                result = await run(CONFIG, PROFILES);
            });

            it("enables it in the source Region and grants it on bedrock-mantle there only, with no profile invented", () => {
                const component = only(result, MANTLE_ONLY);
                assert.deepStrictEqual(
                    ofType(result, T.access)
                        .map((a) => [a.inputs.region, a.inputs.modelId])
                        .sort(),
                    [
                        ["us-east-1", MYTHOS],
                        ["us-east-1", OPUS_48],
                    ],
                );
                const lookups = result.invokes.filter((i) => i.token.startsWith("aws:bedrock")).map((i) => i.inputs.inferenceProfileId);
                assert.deepStrictEqual(lookups, [`global.${OPUS_48}`], "no profile is looked up for it");
                const policy = ofType(result, T.policy).find((p) => p.parent === component.urn)!;
                const statements = documentOf(policy).Statement;
                assert.deepStrictEqual(
                    statements.map((st) => [st.Sid, st.Resource, st.Condition]),
                    [
                        [
                            "InvokeOnMantleOnlyThisModel",
                            (result.outputs.mantleProject as { iamArn: string }).iamArn,
                            { StringEquals: { "bedrock-mantle:Model": MYTHOS } },
                        ],
                        [
                            "ReadApplicationConfiguration",
                            [
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/inference-profile-id`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/inference-profile-arn`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/region`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/model-id`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/mantle-model-id`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/mantle-base-url`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/mantle-project-id`,
                                `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${PREFIX}/mantle-only-model-ids`,
                            ],
                            undefined,
                        ],
                    ],
                );
                assert.ok(
                    ofType(result, T.attachment).some((a) => a.parent === component.urn && a.inputs.role === "chat-backend"),
                    "attached to the application's role",
                );
            });

            it("leaves it usable on bedrock-mantle through the guardrail, and the role nothing more", async () => {
                const component = only(result, MANTLE_ONLY);
                const role = [documentOf(ofType(result, T.policy).find((p) => p.parent === component.urn)!), guardrailOf(result)];
                const project = (result.outputs.mantleProject as { projectId: string }).projectId;
                const call = (model: string, region = "us-east-1"): BedrockRequest => ({
                    action: "bedrock-mantle:CreateInference",
                    resource: `arn:aws:bedrock-mantle:${region}:${ACCOUNT}:project/${project}`,
                    region,
                    context: { "bedrock-mantle:Model": model },
                });
                assert.strictEqual(await decide(call(MYTHOS), role), "Allowed");
                assert.strictEqual(await decide(call(MYTHOS, "us-west-2"), role), "ImplicitlyDenied", "another Region");
                assert.strictEqual(await decide(call("anthropic.claude-mythos-preview"), role), "ExplicitlyDenied", "another model");
                assert.ok((result.outputs.modelAllowList as string[]).includes(MYTHOS));
            });

            it("publishes it for the backend and proves it with the project's verification, without a profile", () => {
                const parameters = Object.fromEntries(ofType(result, "aws:ssm/parameter:Parameter").map((p) => [p.inputs.name, p.inputs.insecureValue]));
                assert.strictEqual(parameters[`${PREFIX}/mantle-only-model-ids`], MYTHOS);
                assert.deepStrictEqual(Object.keys(result.outputs.mantleOnlyModels as object), [MYTHOS]);
                assert.strictEqual(
                    (result.outputs.mantleOnlyModels as Record<string, { baseUrl: string }>)[MYTHOS].baseUrl,
                    "https://bedrock-mantle.us-east-1.api.aws/anthropic",
                );
                const component = only(result, MANTLE_ONLY);
                const verify = ofType(result, T.verify).find((c) => c.parent === component.urn)!;
                assert.strictEqual(
                    verify.inputs.create,
                    `node -r ts-node/register/transpile-only commands/verifyAccess.ts --region us-east-1 --model ${MYTHOS} --endpoint mantle --invoke --mantle-project ${(result.outputs.mantleProject as { projectId: string }).projectId}`,
                );
            });

            it("stops when bedrock-mantle's list does not serve it in the Region", async () => {
                emulator.addModel("us-east-1", OPUS_48);
                emulator.addModel("us-east-1", MYTHOS, { servedOnMantle: false });
                emulator.addModel("us-west-2", MYTHOS);
                const failure = await failureOf(CONFIG, PROFILES);
                assert.match(
                    failure.message,
                    /anthropic\.claude-mythos-5 is not served on bedrock-mantle in us-east-1 .*bedrock-mantle serves it in us-west-2\. It has no inference profile, so the runtime is no alternative/,
                );
            });
        });
    });

    describe("model invocation logging (invocationLogging)", () => {
        const LOGGING = (value: object) => ({ ...DEV_CONFIG, "bedrock-model-access:invocationLogging": JSON.stringify(value) });
        const CONFIG_TYPE = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration";

        it("with CloudWatch, declares one configuration per region with a log group kept as long as set and a role only Bedrock may assume", async () => {
            const result = await run({
                ...LOGGING({ destination: "cloudwatch", retentionDays: 90 }),
                "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["ap-southeast-3"]),
            });
            const configurations = ofType(result, CONFIG_TYPE);
            assert.deepStrictEqual(configurations.map((c) => c.inputs.region).sort(), ["ap-southeast-1", "ap-southeast-3"]);
            const groups = ofType(result, "aws:cloudwatch/logGroup:LogGroup");
            assert.deepStrictEqual(groups.map((g) => [g.inputs.region, g.inputs.retentionInDays, g.inputs.name]).sort(), [
                ["ap-southeast-1", 90, "/bedrock-model-access/dev/model-invocations"],
                ["ap-southeast-3", 90, "/bedrock-model-access/dev/model-invocations"],
            ]);
            const config = configurations.find((c) => c.inputs.region === "ap-southeast-1")!;
            const loggingConfig = config.inputs.loggingConfig as Record<string, unknown> & { cloudwatchConfig: Record<string, unknown> };
            assert.strictEqual(loggingConfig.textDataDeliveryEnabled, true);
            assert.strictEqual(loggingConfig.imageDataDeliveryEnabled, false);
            assert.strictEqual(loggingConfig.cloudwatchConfig.logGroupName, "/bedrock-model-access/dev/model-invocations");
            assert.strictEqual(loggingConfig.s3Config, undefined);
            const trust = JSON.parse(String(ofType(result, "aws:iam/role:Role")[0].inputs.assumeRolePolicy)) as {
                Statement: { Principal: unknown; Condition: unknown }[];
            };
            assert.deepStrictEqual(
                trust.Statement.map((st) => st.Principal),
                [{ Service: "bedrock.amazonaws.com" }],
            );
            assert.deepStrictEqual(trust.Statement[0].Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:*` },
            });
            assert.deepStrictEqual(ofType(result, "aws:s3/bucket:Bucket"), []);
            assert.deepStrictEqual(Object.keys(result.outputs.invocationLogging as object).sort(), ["ap-southeast-1", "ap-southeast-3"]);
        });

        it("refuses one kmsKeyArn for several regions, naming the key and the regions, before anything is declared", async () => {
            const failure = (await run({
                ...LOGGING({ destination: "s3", kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/abcd" }),
                "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["us-east-1"]),
            }).then(
                () => assert.fail("accepted"),
                (err: unknown) => err,
            )) as Error & Pick<MockRun, "registrations">;
            assert.match(
                failure.message,
                /invocationLogging\.kmsKeyArn is a key in ap-southeast-1 \(arn:aws:kms:ap-southeast-1:123456789012:key\/abcd\), but the stack logs in us-east-1 too/,
            );
            assert.deepStrictEqual(
                failure.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                [],
            );
        });

        it("with S3, declares a private, encrypted bucket that only Bedrock may write, and the configuration after it", async () => {
            const result = await run(LOGGING({ destination: "s3", kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/abcd" }));
            assert.strictEqual(
                only(result, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule &&
                    (only(result, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule as { objectOwnership: string }).objectOwnership,
                "BucketOwnerEnforced",
            );
            const block = only(result, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
            assert.deepStrictEqual(
                [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
                [true, true, true, true],
            );
            const rules = only(result, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as {
                applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId: string };
            }[];
            assert.deepStrictEqual(rules[0].applyServerSideEncryptionByDefault, {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: "arn:aws:kms:ap-southeast-1:123456789012:key/abcd",
            });
            const policy = JSON.parse(String(only(result, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy)) as {
                Statement: { Sid: string; Principal: unknown; Condition: unknown }[];
            };
            const write = policy.Statement.find((st) => st.Sid === "AmazonBedrockLogsWrite")!;
            assert.deepStrictEqual(write.Principal, { Service: "bedrock.amazonaws.com" });
            assert.deepStrictEqual(write.Condition, {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:*` },
            });
            const configuration = only(result, CONFIG_TYPE);
            assert.strictEqual((configuration.inputs.loggingConfig as { s3Config: { keyPrefix: string } }).s3Config.keyPrefix, "bedrock");
            assert.strictEqual(only(result, "aws:s3/bucket:Bucket").inputs.bucketPrefix, "bedrock-invocation-logs-dev-", "the stack's name is in its bucket's");
            assert.ok(
                configuration.dependencies.includes(only(result, "aws:s3/bucketPolicy:BucketPolicy").urn),
                "the configuration waits for the bucket policy",
            );
            assert.deepStrictEqual(ofType(result, "aws:cloudwatch/logGroup:LogGroup"), []);
        });

        it("without invocationLogging declares none and says the pack fails the stack", async () => {
            const warnings: string[] = [];
            const original = console.warn;
            console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
            try {
                const result = await run(DEV_CONFIG);
                assert.deepStrictEqual(ofType(result, CONFIG_TYPE), []);
            } finally {
                console.warn = original;
            }
            assert.ok(
                warnings.some((w) =>
                    /invocationLogging is not set: Bedrock does not log this environment's model invocations .*bedrock-invocation-logging/.test(w),
                ),
            );
        });

        it("stops before anything is declared when the region already logs elsewhere, naming it and the way out", async () => {
            emulator.setInvocationLogging("ap-southeast-1", {
                cloudWatchConfig: { logGroupName: "/security/bedrock", roleArn: "arn:aws:iam::123456789012:role/sec" },
                textDataDeliveryEnabled: true,
            });
            const failure = (await run(LOGGING({ destination: "cloudwatch", retentionDays: 90 })).then(
                () => assert.fail("declared over another configuration"),
                (err: unknown) => err,
            )) as Error & Pick<MockRun, "registrations">;
            assert.match(
                failure.message,
                /ap-southeast-1 already has model invocation logging \(log group \/security\/bedrock\).*invocationLogging\.replaceExisting true/,
            );
            assert.deepStrictEqual(failure.registrations, []);
            const replaced = await run(LOGGING({ destination: "cloudwatch", retentionDays: 90, replaceExisting: true }));
            assert.strictEqual(ofType(replaced, CONFIG_TYPE).length, 1);
            // Another environment's bucket in the same account and region is someone else's too.
            emulator.setInvocationLogging("ap-southeast-1", {
                s3Config: { bucketName: "bedrock-invocation-logs-prod-20261201" },
                textDataDeliveryEnabled: true,
            });
            await assert.rejects(run(LOGGING({ destination: "s3" })), /already has model invocation logging \(bucket bedrock-invocation-logs-prod-20261201\)/);
            // A stack named dev-2 (its prefix begins with dev's): someone else's bucket too.
            emulator.setInvocationLogging("ap-southeast-1", {
                s3Config: { bucketName: "bedrock-invocation-logs-dev-2-20261201" },
                textDataDeliveryEnabled: true,
            });
            await assert.rejects(run(LOGGING({ destination: "s3" })), /already has model invocation logging \(bucket bedrock-invocation-logs-dev-2-20261201\)/);
            emulator.setInvocationLogging("ap-southeast-1", {
                s3Config: { bucketName: "bedrock-invocation-logs-dev-20261201" },
                textDataDeliveryEnabled: true,
            });
            assert.strictEqual(ofType(await run(LOGGING({ destination: "s3" })), CONFIG_TYPE).length, 1);
            // The stack's own configuration (after its first up) is not someone else's.
            emulator.setInvocationLogging("ap-southeast-1", {
                cloudWatchConfig: { logGroupName: "/bedrock-model-access/dev/model-invocations", roleArn: "r" },
                textDataDeliveryEnabled: true,
            });
            assert.strictEqual(ofType(await run(LOGGING({ destination: "cloudwatch", retentionDays: 90 })), CONFIG_TYPE).length, 1);
        });
    });

    describe("usage and cost per environment (usageTracking)", () => {
        const SONNET_46 = "anthropic.claude-sonnet-4-6";
        const GLOBAL_46 = `global.${SONNET_46}`;
        const PREFIX = "/chat-backend/dev/bedrock";
        const TRACKED = {
            tags: { team: "chat", "cost-center": "4711" },
            monthlyBudgetUsd: 500,
            budgetAlertEmails: ["ops@example.com"],
            activateCostAllocationTags: true,
        };
        const CONFIG = {
            "aws:region": "ap-southeast-1",
            "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC, GLOBAL_46]),
            "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
            "bedrock-model-access:ssmParameterPrefix": PREFIX,
            "bedrock-model-access:usageTracking": JSON.stringify(TRACKED),
        };
        const PROFILES = { ...DEV_PROFILES, [GLOBAL_46]: { region: "ap-southeast-1", regions: ["us-east-1", "ap-southeast-1"] } };
        const MANTLE_MODEL = "anthropic.claude-opus-4-8";
        const MANTLE_PROFILE = `global.${MANTLE_MODEL}`;
        const APP_PROFILE = "aws:bedrock/inferenceProfile:InferenceProfile";
        const ADMIN: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] };
        const invoke = (resource: string, region: string, through?: string): BedrockRequest => ({ action: "bedrock:InvokeModel", resource, region, through });
        const model = (region: string, id = SONNET) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
        const OTHER_APP_PROFILE = `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:application-inference-profile/zzzzzzzzzzzz`;

        let result: MockRun;
        let appArns: Record<string, string>;
        before(async () => {
            result = await run(CONFIG, PROFILES);
            appArns = result.outputs.applicationInferenceProfileArns as Record<string, string>;
        });

        it("gives each profile an application profile that copies its system profile, named from the environment and tagged with it", () => {
            const copies = ofType(result, APP_PROFILE);
            assert.strictEqual(copies.length, 2);
            const components = Object.fromEntries(ofType(result, T.component).map((c) => [c.urn, c.name]));
            for (const [profileId, componentName] of [
                [APAC, "apac-anthropic-claude-sonnet-4-20250514-v1-0"],
                [GLOBAL_46, "global-anthropic-claude-sonnet-4-6"],
            ]) {
                const copy = copies.find((c) => components[c.parent] === componentName);
                assert.ok(copy, `an application profile under ${componentName}`);
                assert.deepStrictEqual(copy.inputs.modelSource, { copyFrom: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${profileId}` });
                assert.deepStrictEqual(copy.inputs.tags, { team: "chat", "cost-center": "4711", environment: "dev" });
                assert.strictEqual(copy.inputs.region, "ap-southeast-1");
                assert.match(String(copy.inputs.name), /^dev-/);
                assert.match(String(copy.inputs.name), /^([0-9a-zA-Z][ _-]?)+$/, "a name CreateInferenceProfile takes");
                assert.ok(String(copy.inputs.name).length <= 64);
                assert.match(appArns[profileId], /^arn:aws:bedrock:ap-southeast-1:123456789012:application-inference-profile\/[a-z0-9]{12}$/);
            }
        });

        it("publishes the main application profile's ARN as invoke-model-id, readable by the role, and keeps inference-profile-id for the system profile", () => {
            const parameters = Object.fromEntries(ofType(result, "aws:ssm/parameter:Parameter").map((p) => [p.inputs.name, p.inputs.insecureValue]));
            assert.strictEqual(parameters[`${PREFIX}/invoke-model-id`], appArns[APAC]);
            assert.strictEqual(parameters[`${PREFIX}/inference-profile-id`], APAC);
            assert.strictEqual(result.outputs.invokeModelId, appArns[APAC]);
            const read = documentOf(invokePolicies(result)[0]).Statement.find((st) => st.Sid === "ReadApplicationConfiguration");
            assert.ok(((read?.Resource ?? []) as string[]).includes(`arn:aws:ssm:ap-southeast-1:${ACCOUNT}:parameter${PREFIX}/invoke-model-id`));
        });

        it("lets the role invoke through each application profile in the source and every destination region, and not the model directly", async () => {
            const attached = ofType(result, T.attachment)
                .filter((a) => a.inputs.role === "chat-backend")
                .map((a) => String(a.inputs.policyArn));
            const policies = invokePolicies(result).filter((p) => attached.some((arn) => arn.endsWith(p.name)));
            assert.strictEqual(policies.length, 2, "both invoke policies are attached");
            const role = [...policies.map((p) => documentOf(p)), guardrailOf(result)];
            const apac = appArns[APAC];
            assert.strictEqual(await decide(invoke(apac, "ap-southeast-1"), role), "Allowed");
            for (const region of APAC_DESTINATIONS) {
                assert.strictEqual(await decide(invoke(model(region), region, apac), role), "Allowed", `routed to ${region}`);
            }
            assert.strictEqual(await decide(invoke(model("us-east-1"), "us-east-1", apac), role), "ImplicitlyDenied", "a region the profile does not route to");
            assert.strictEqual(await decide(invoke(model("ap-southeast-1"), "ap-southeast-1"), role), "ImplicitlyDenied", "the model directly");
            const global = appArns[GLOBAL_46];
            assert.strictEqual(await decide(invoke(global, "ap-southeast-1"), role), "Allowed", "the copy of the global profile");
            assert.strictEqual(await decide(invoke(model("ap-southeast-1", SONNET_46), "ap-southeast-1", global), role), "Allowed");
            assert.strictEqual(await decide(invoke(model("", SONNET_46), "unspecified", global), role), "Allowed", "global routing");
            assert.strictEqual(await decide(invoke(global, "us-east-1"), role), "ImplicitlyDenied", "from another source region");
            assert.strictEqual(await decide(invoke(OTHER_APP_PROFILE, "ap-southeast-1"), role), "ExplicitlyDenied", "another application profile");
        });

        for (const mode of ["iam", "scp"] as const) {
            it(`keeps the guardrail denying every other model and every other application profile (mode ${mode})`, async () => {
                const config = { ...CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify(mode === "scp" ? { mode, targetIds: [ACCOUNT] } : { mode }) };
                const other = await run(config, PROFILES);
                const arns = other.outputs.applicationInferenceProfileArns as Record<string, string>;
                const guardrail = guardrailOf(other);
                const [identity, scps] = mode === "scp" ? [[ADMIN], [ADMIN, guardrail]] : [[ADMIN, guardrail], []];
                assert.strictEqual(await decide(invoke(arns[APAC], "ap-southeast-1"), identity, scps), "Allowed");
                assert.strictEqual(await decide(invoke(arns[GLOBAL_46], "ap-southeast-1"), identity, scps), "Allowed");
                assert.strictEqual(await decide(invoke(model("ap-southeast-1"), "ap-southeast-1", arns[APAC]), identity, scps), "Allowed");
                assert.strictEqual(await decide(invoke(OTHER_APP_PROFILE, "ap-southeast-1"), identity, scps), "ExplicitlyDenied");
                assert.strictEqual(
                    await decide(
                        invoke(`arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/${arns[APAC].split("/")[1]}`, "us-east-1"),
                        identity,
                        scps,
                    ),
                    "ExplicitlyDenied",
                    "the same ID in another region is another profile",
                );
                for (const otherModel of [HAIKU, "anthropic.claude-opus-4-7", "amazon.nova-pro-v1:0"]) {
                    assert.strictEqual(
                        await decide(invoke(model("ap-southeast-1", otherModel), "ap-southeast-1", OTHER_APP_PROFILE), identity, scps),
                        "ExplicitlyDenied",
                        otherModel,
                    );
                }
            });
        }

        it("proves access through the application profile in the verification step", () => {
            const verifications = ofType(result, T.verify).map((v) => String(v.inputs.create));
            assert.ok(
                verifications.some((c) => c.includes(`--profile ${APAC}`) && c.endsWith(`--invoke-model-id ${appArns[APAC]}`)),
                verifications.join("\n"),
            );
        });

        it("declares a monthly COST budget filtered by the environment tag, alerting at 80% actual and 100% forecast, and activates the tag keys", () => {
            const budget = only(result, "aws:budgets/budget:Budget");
            assert.strictEqual(budget.inputs.budgetType, "COST");
            assert.strictEqual(budget.inputs.timeUnit, "MONTHLY");
            assert.strictEqual(budget.inputs.limitAmount, "500.00");
            assert.strictEqual(budget.inputs.limitUnit, "USD");
            assert.deepStrictEqual(budget.inputs.costFilters, [{ name: "TagKeyValue", values: ["user:environment$dev"] }]);
            const notifications = (budget.inputs.notifications as Record<string, unknown>[]).map((n) => [
                n.notificationType,
                n.threshold,
                n.thresholdType,
                n.comparisonOperator,
                n.subscriberEmailAddresses,
            ]);
            assert.deepStrictEqual(notifications, [
                ["ACTUAL", 80, "PERCENTAGE", "GREATER_THAN", ["ops@example.com"]],
                ["FORECASTED", 100, "PERCENTAGE", "GREATER_THAN", ["ops@example.com"]],
            ]);
            assert.strictEqual(result.outputs.budgetName, "bedrock-model-access-dev");
            const tags = ofType(result, "aws:costexplorer/costAllocationTag:CostAllocationTag").map((t) => [t.inputs.tagKey, t.inputs.status]);
            assert.deepStrictEqual(tags.sort(), [
                ["cost-center", "Active"],
                ["environment", "Active"],
                ["team", "Active"],
            ]);
        });

        it("with only tags, declares the application profiles and no budget or tag activation", async () => {
            const tagsOnly = await run({ ...CONFIG, "bedrock-model-access:usageTracking": JSON.stringify({ tags: { team: "chat" } }) }, PROFILES);
            assert.strictEqual(ofType(tagsOnly, APP_PROFILE).length, 2);
            assert.deepStrictEqual(ofType(tagsOnly, "aws:budgets/budget:Budget"), []);
            assert.deepStrictEqual(ofType(tagsOnly, "aws:costexplorer/costAllocationTag:CostAllocationTag"), []);
            assert.match(String(tagsOnly.outputs.budgetName), /^none/);
        });

        it("with alarms, watches each application profile's throttles and hourly tokens, notifying the budget's addresses (FS-05)", async () => {
            const withAlarms = await run(
                { ...CONFIG, "bedrock-model-access:usageTracking": JSON.stringify({ ...TRACKED, alarms: { tokensPerHour: 2_000_000 } }) },
                PROFILES,
            );
            const arns = withAlarms.outputs.applicationInferenceProfileArns as Record<string, string>;
            const alarms = ofType(withAlarms, "aws:cloudwatch/metricAlarm:MetricAlarm");
            assert.strictEqual(alarms.length, 4, "two per profile");
            const throttles = alarms.filter((a) => a.inputs.metricName === "InvocationThrottles");
            assert.deepStrictEqual(throttles.map((a) => (a.inputs.dimensions as { ModelId: string }).ModelId).sort(), Object.values(arns).sort());
            assert.deepStrictEqual(
                [throttles[0].inputs.namespace, throttles[0].inputs.statistic, throttles[0].inputs.threshold, throttles[0].inputs.comparisonOperator],
                ["AWS/Bedrock", "Sum", 0, "GreaterThanThreshold"],
            );
            const tokens = alarms.find((a) => a.inputs.metricQueries !== undefined)!;
            assert.strictEqual(tokens.inputs.threshold, 2_000_000);
            assert.deepStrictEqual(
                (tokens.inputs.metricQueries as { id: string; metric?: { metricName: string }; expression?: string }[]).map(
                    (q) => q.metric?.metricName ?? q.expression,
                ),
                ["InputTokenCount", "OutputTokenCount", "input + output"],
            );
            const topic = only(withAlarms, "aws:sns/topic:Topic");
            assert.ok(
                alarms.every((a) => a.dependencies.includes(topic.urn)),
                "every alarm notifies the topic",
            );
            assert.deepStrictEqual(
                ofType(withAlarms, "aws:sns/topicSubscription:TopicSubscription").map((t) => [t.inputs.protocol, t.inputs.endpoint]),
                [["email", "ops@example.com"]],
            );
            assert.deepStrictEqual(ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm"), [], "no alarms unless asked for");
        });

        const refused = [
            {
                name: "a budget without budgetAlertEmails",
                tracking: { monthlyBudgetUsd: 100 },
                says: /usageTracking\.monthlyBudgetUsd is set but bedrock-model-access:usageTracking\.budgetAlertEmails is empty.*usageTracking\.budgetAlertEmails\[0\]/,
            },
            {
                name: "a budget of nothing",
                tracking: { monthlyBudgetUsd: 0, budgetAlertEmails: ["ops@example.com"] },
                says: /usageTracking\.monthlyBudgetUsd must be an amount of US dollars from 0\.01/,
            },
            {
                name: "an address that is not one",
                tracking: { monthlyBudgetUsd: 10, budgetAlertEmails: ["ops.example.com"] },
                says: /usageTracking\.budgetAlertEmails must be a list of email addresses/,
            },
            {
                name: "the environment tag set by hand",
                tracking: { tags: { environment: "prod" } },
                says: /usageTracking\.tags has "environment", which the program sets to the stack's name/,
            },
            { name: "an aws: tag key", tracking: { tags: { "aws:createdBy": "me" } }, says: /keys starting with aws: are AWS's own/ },
            { name: "an unknown field", tracking: { budget: 5 }, says: /usageTracking has an unknown field "budget"/ },
            {
                name: "alarms without an address to tell",
                tracking: { alarms: { tokensPerHour: 1000 } },
                says: /usageTracking\.alarms is set but bedrock-model-access:usageTracking\.budgetAlertEmails is empty/,
            },
            {
                name: "alarms with a threshold that is not a whole number",
                tracking: { alarms: { tokensPerHour: "lots" }, budgetAlertEmails: ["ops@example.com"] },
                says: /usageTracking\.alarms must be \{"tokensPerHour": <a whole number/,
            },
        ];
        for (const bad of refused) {
            it(`refuses ${bad.name} before anything is declared, naming the key`, async () => {
                const failure = (await run({ ...CONFIG, "bedrock-model-access:usageTracking": JSON.stringify(bad.tracking) }, PROFILES).then(
                    () => assert.fail("accepted"),
                    (err: unknown) => err,
                )) as Error & Pick<MockRun, "registrations">;
                assert.match(failure.message, bad.says);
                assert.deepStrictEqual(failure.registrations, []);
            });
        }

        const SNAPSHOTS: Record<string, Record<string, string>> = {
            "declared-dev-iam": {
                ...DEV_CONFIG,
                "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
                "bedrock-model-access:ssmParameterPrefix": PREFIX,
            },
            "declared-global-scp-mantle": {
                // bedrock-mantle has no endpoint in ap-southeast-1 and does not serve Sonnet 4.6: Opus 4.8 in us-east-1.
                "aws:region": "us-east-1",
                "bedrock-model-access:inferenceProfiles": JSON.stringify([MANTLE_PROFILE]),
                "bedrock-model-access:inferenceEndpoints": JSON.stringify(["runtime", "mantle"]),
                "bedrock-model-access:ssmParameterPrefix": PREFIX,
                "bedrock-model-access:verifyInvoke": "true",
                "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "scp", targetIds: [ACCOUNT] }),
            },
        };
        for (const [snapshot, config] of Object.entries(SNAPSHOTS)) {
            it(`without usageTracking declares exactly what it declared before usage tracking existed (${snapshot})`, async () => {
                emulator.addModel("us-east-1", MANTLE_MODEL);
                const now = declared(await run(config, { ...PROFILES, [MANTLE_PROFILE]: { region: "us-east-1", regions: ["us-east-1", "us-west-2"] } }));
                if (process.env.WRITE_DECLARATION_SNAPSHOTS === "1") {
                    writeSnapshot(snapshot, now);
                }
                assert.deepStrictEqual(now, readSnapshot(snapshot));
            });
        }
    });

    it("accepts a migration record during step 4, when the old profile is already gone", async () => {
        const retiring = await run({
            ...DEV_CONFIG,
            "bedrock-model-access:migration": JSON.stringify({ from: "global.anthropic.claude-sonnet-4-6", to: APAC }),
        });
        assert.strictEqual(ofType(retiring, T.component).length, 1);
    });

    describe("bad configuration fails before anything is declared", () => {
        // Every rule is a table in tests/settings/settings.test.ts; here, what the program does with a problem.
        const cases: { name: string; config: Record<string, string>; says: RegExp }[] = [
            { name: "no region", config: { "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC]) }, says: /aws:region is not set/ },
            {
                name: "a model ID among the profiles, named by key and entry",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC, SONNET]) },
                says: /^The stack configuration has a problem:\n {2}- bedrock-model-access:inferenceProfiles\[1\] "anthropic\.claude-sonnet-4-20250514-v1:0" is a foundation-model ID/,
            },
            {
                name: "two problems at once",
                config: { ...DEV_CONFIG, "bedrock-model-access:allowStreaming": "yes", "bedrock-model-access:apiKeys": "long-term" },
                says: /^The stack configuration has 2 problems:\n {2}- Configuration 'bedrock-model-access:allowStreaming' value 'yes' is not a valid boolean\n {2}- bedrock-model-access:apiKeys must be one of/,
            },
        ];
        for (const bad of cases) {
            it(bad.name, async () => {
                const failure = (await run(bad.config).then(
                    () => assert.fail("the program accepted bad configuration"),
                    (err: unknown) => err,
                )) as Error & Pick<MockRun, "registrations" | "invokes">;
                assert.match(failure.message, bad.says);
                assert.strictEqual(failure.name, "StackConfigError", "a configuration error (exit 2 in the runner), shown without a stack trace");
                assert.deepStrictEqual(failure.registrations, [], "nothing was declared");
                assert.deepStrictEqual(failure.invokes, [], "no AWS lookup was made");
            });
        }
    });
});
