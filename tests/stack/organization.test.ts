/**
 * AWS Organizations under Pulumi mocks: a management account runs the organization stack, two
 * member accounts run dev and prod (mode "organization"). The organization's SCP, evaluated with
 * the IAM evaluator together with each environment's own IAM guardrail, leaves each environment
 * exactly its models on every road and denies everything else; a model dev stops using stays
 * allowed while prod uses it, at every step; the wrong account stops before anything is declared.
 */
import * as assert from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import program = require("../../index");
import type { StackFileConfig } from "../../settings/sources";
import type { PolicyDocument } from "../../bedrock/iamDocument";
import { readEnvironmentSettings } from "../../settings/settings";
import { environmentRoadFacts } from "../../settings/organization";
import { roadCatalogue } from "../../policy/roads";
import { BedrockEmulator } from "../emulator/bedrockEmulator";
import { useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { EXAMPLE_FORM } from "../helpers/fixtures";
import { organizationEnvironmentFile } from "../helpers/organizationFiles";
import { type BedrockRequest, decide } from "../helpers/iamSimulation";
import { type InvokeHandler, type MockRun, STACK_REFERENCE_OUTPUTS, runWithMocks } from "../helpers/pulumiMocks";

const REGION = "ap-southeast-1";
const MANAGEMENT = "111111111111";
const MEMBER = "123456789012";
const SONNET_46 = "anthropic.claude-sonnet-4-6";
const OPUS_48 = "anthropic.claude-opus-4-8";
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const ORG_REFERENCE = "organization/bedrock-model-access/org";
const FULL_ACCESS: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] };

/** An environment file with these models' global profiles. */
const environmentFile = (models: readonly string[]) => organizationEnvironmentFile(models.map((m) => `global.${m}`));

function invokes(): Record<string, InvokeHandler> {
    return {
        "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: MEMBER, arn: `arn:aws:iam::${MEMBER}:user/deployer`, userId: "AIDA", id: MEMBER }),
        "aws:bedrock/getInferenceProfile:getInferenceProfile": (inputs) => {
            const id = String(inputs.inferenceProfileId);
            const modelId = id.slice(id.indexOf(".") + 1);
            return {
                inferenceProfileId: id,
                inferenceProfileArn: `arn:aws:bedrock:${REGION}:${MEMBER}:inference-profile/${id}`,
                inferenceProfileName: id,
                status: "ACTIVE",
                type: "SYSTEM_DEFINED",
                models: [`arn:aws:bedrock:${REGION}::foundation-model/${modelId}`, `arn:aws:bedrock:::foundation-model/${modelId}`].map((modelArn) => ({
                    modelArn,
                })),
                region: REGION,
                createdAt: "",
                description: "",
                updatedAt: "",
            };
        },
    };
}

const ORG_CONFIG = {
    "aws:region": REGION,
    "bedrock-model-access:organization": JSON.stringify({ governs: ["dev", "prod"], targetIds: ["ou-abcd-12345678"] }),
};

describe("AWS Organizations: the organization stack and its environments (Pulumi mocks)", function () {
    this.timeout(60_000);
    const emulator = useBedrockEmulator();
    let dir: string;
    let cwd: string;

    beforeEach(() => {
        cwd = process.cwd();
        dir = mkdtempSync(path.join(tmpdir(), "organization-"));
        process.chdir(dir);
        emulator.organizationManagementAccount = MANAGEMENT;
    });
    afterEach(() => {
        process.chdir(cwd);
        rmSync(dir, { recursive: true, force: true });
        delete STACK_REFERENCE_OUTPUTS[ORG_REFERENCE];
    });

    const files = (dev: readonly string[], prod: readonly string[]) => {
        writeFileSync(path.join(dir, "Pulumi.dev.yaml"), environmentFile(dev));
        writeFileSync(path.join(dir, "Pulumi.prod.yaml"), environmentFile(prod));
    };
    /** Runs a stack as the given account (its credentials, as its aws:profile would give them). */
    const as = async <T>(account: string, run: () => Promise<T>): Promise<T> => {
        const saved = [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY];
        const credentials = account === MEMBER ? BedrockEmulator.credentials : BedrockEmulator.accountCredentials(account);
        process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
        try {
            return await run();
        } finally {
            [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY] = saved;
        }
    };
    const organization = (config: Record<string, string> = ORG_CONFIG, secretKeys: string[] = []) =>
        as(MANAGEMENT, () => runWithMocks(program, config, invokes(), secretKeys, "bedrock-model-access", "org"));
    const environment = (stack: string, profiles: readonly string[]) =>
        runWithMocks(
            program,
            {
                "aws:region": REGION,
                "bedrock-model-access:inferenceProfiles": JSON.stringify(profiles.map((m) => `global.${m}`)),
                "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend"]),
                "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "organization", organizationStack: "org" }),
            },
            invokes(),
            [],
            "bedrock-model-access",
            stack,
        );
    const scpOf = (run: MockRun) => JSON.parse((run.outputs.organizationGuardrail as { scpDocument: string }).scpDocument) as PolicyDocument;
    const iamGuardrailOf = (run: MockRun) => {
        const list = run.registrations.find((r) => r.type === "bedrock-model-access:index:ModelAllowList")!;
        const policy = run.registrations.find((r) => r.type === "aws:iam/policy:Policy" && r.parent === list.urn)!;
        return JSON.parse(String(policy.inputs.policy)) as PolicyDocument;
    };
    const publish = (run: MockRun) => {
        STACK_REFERENCE_OUTPUTS[ORG_REFERENCE] = { organizationGuardrail: run.outputs.organizationGuardrail };
    };
    const invoke = (model: string): BedrockRequest => ({
        action: "bedrock:InvokeModel",
        resource: `arn:aws:bedrock:${REGION}:${MEMBER}:inference-profile/global.${model}`,
        region: REGION,
    });

    it("declares one SCP for the union of its environments, read from their files, attached to its targets, the use-case form once, and nothing of a workload", async () => {
        files([SONNET_46, OPUS_48], [SONNET_46]);
        const form = "bedrock-model-access:useCaseForm";
        const org = await organization({ ...ORG_CONFIG, [form]: JSON.stringify(EXAMPLE_FORM) }, [form]);
        const types = [...new Set(org.registrations.map((r) => r.type))].sort();
        assert.deepStrictEqual(types, [
            "aws:organizations/policy:Policy",
            "aws:organizations/policyAttachment:PolicyAttachment",
            "bedrock-model-access:index:ModelAllowList",
            "pulumi-nodejs:dynamic/bedrock:UseCaseForm",
        ]);
        assert.deepStrictEqual(
            org.registrations.filter((r) => r.type === "pulumi-nodejs:dynamic/bedrock:UseCaseForm").map((r) => r.inputs.region),
            [REGION],
            "once, in the environments' region",
        );
        const guardrail = org.outputs.organizationGuardrail as { allowedModels: string[]; governs: string[]; managementAccountId: string; targetIds: string[] };
        assert.deepStrictEqual(guardrail.allowedModels, [OPUS_48, SONNET_46]);
        assert.deepStrictEqual([guardrail.governs, guardrail.managementAccountId, guardrail.targetIds], [["dev", "prod"], MANAGEMENT, ["ou-abcd-12345678"]]);
    });

    it("with each environment's own IAM guardrail, leaves each environment exactly its models on every road and denies everything else", async () => {
        files([SONNET_46, OPUS_48], [SONNET_46, HAIKU_45]);
        const org = await organization();
        publish(org);
        const scp = scpOf(org);
        for (const [stack, models, others] of [
            ["dev", [SONNET_46, OPUS_48], [HAIKU_45]],
            ["prod", [SONNET_46, HAIKU_45], [OPUS_48]],
        ] as const) {
            const run = await environment(stack, models);
            const guardrail = iamGuardrailOf(run);
            const { settings } = readEnvironmentSettings(yaml.load(environmentFile(models)) as StackFileConfig, "bedrock-model-access", stack);
            // Every road of the catalogue, with the environment's own models as the reviewed ones: each as it must be.
            for (const road of roadCatalogue(environmentRoadFacts(settings, settings.modelAllowList))) {
                const decision = await decide(
                    { action: road.request.action, resource: road.request.resource, region: road.request.region, context: road.request.context },
                    [FULL_ACCESS, guardrail],
                    [FULL_ACCESS, scp],
                    true,
                );
                assert.strictEqual(decision, road.must === "usable" ? "Allowed" : "ExplicitlyDenied", `${stack}: ${road.summary}`);
            }
            // The other environment's model: the SCP allows it (the organization uses it), this environment's guardrail does not.
            for (const other of others) {
                assert.strictEqual(await decide(invoke(other), [FULL_ACCESS], [FULL_ACCESS, scp]), "Allowed", `${other} is the organization's`);
                assert.strictEqual(
                    await decide(invoke(other), [FULL_ACCESS, guardrail], [FULL_ACCESS, scp]),
                    "ExplicitlyDenied",
                    `${stack} may not call ${other}`,
                );
            }
            assert.strictEqual(run.outputs.organizationStack, "org");
            assert.strictEqual(run.registrations.filter((r) => r.type === "aws:organizations/policy:Policy").length, 0, `${stack} declares no SCP`);
        }
        // A model no environment uses: denied by the SCP alone, to a principal allowed everything.
        assert.strictEqual(await decide(invoke("anthropic.claude-opus-4-7"), [FULL_ACCESS], [FULL_ACCESS, scp]), "ExplicitlyDenied");
    });

    it("keeps a model dev stops using allowed while prod uses it, at every step of the change", async () => {
        files([SONNET_46, OPUS_48], [OPUS_48]);
        const before = await organization();
        publish(before);
        const prodGuardrail = iamGuardrailOf(await environment("prod", [OPUS_48]));
        // dev drops Opus 4.8: its file changes, dev is deployed, then the organization stack.
        files([SONNET_46], [OPUS_48]);
        const devAfter = await environment("dev", [SONNET_46]);
        const after = await organization();
        for (const [step, scp] of [
            ["before the change", scpOf(before)],
            ["after dev is deployed", scpOf(before)],
            ["after the organization stack is deployed", scpOf(after)],
        ] as const) {
            assert.strictEqual(await decide(invoke(OPUS_48), [FULL_ACCESS, prodGuardrail], [FULL_ACCESS, scp]), "Allowed", `prod's Opus 4.8 ${step}`);
        }
        assert.deepStrictEqual((after.outputs.organizationGuardrail as { allowedModels: string[] }).allowedModels, [OPUS_48, SONNET_46]);
        assert.strictEqual(
            await decide(invoke(OPUS_48), [FULL_ACCESS, iamGuardrailOf(devAfter)], [FULL_ACCESS, scpOf(after)]),
            "ExplicitlyDenied",
            "dev no longer",
        );
    });

    it("stops an environment whose model the organization does not allow, naming what to do, before anything is declared", async () => {
        files([SONNET_46], [SONNET_46]);
        publish(await organization());
        const failure = await environment("dev", [SONNET_46, OPUS_48]).then(
            () => assert.fail("the preview should stop"),
            (err: Error & { registrations: unknown[] }) => err,
        );
        assert.match(
            failure.message,
            /The organization's SCP \(stack org, policy [^)]+\) denies what dev needs: .*anthropic\.claude-opus-4-8.* It does not allow anthropic\.claude-opus-4-8\. Deploy the organization stack first: `npm run deploy -- org up`/s,
        );
        assert.strictEqual(
            failure.registrations.filter(
                (r) => (r as { type: string }).type !== "pulumi:pulumi:Stack" && (r as { type: string }).type !== "pulumi:pulumi:StackReference",
            ).length,
            0,
        );
    });

    it("stops an environment whose account is not among the SCP's targets, where they are accounts", async () => {
        files([SONNET_46], [SONNET_46]);
        publish(
            await organization({
                ...ORG_CONFIG,
                "bedrock-model-access:organization": JSON.stringify({ governs: ["dev", "prod"], targetIds: ["999999999999"] }),
            }),
        );
        const failure = await environment("dev", [SONNET_46]).then(
            () => assert.fail("the preview should stop"),
            (err: Error) => err,
        );
        assert.match(
            failure.message,
            /attached to 999999999999, not to account 123456789012 where dev runs: add it \(or its OU\) to bedrock-model-access:organization\.targetIds in Pulumi\.org\.yaml/,
        );
    });

    it("says which permission the organization stack lacks when Organizations refuses it", async () => {
        files([SONNET_46], [SONNET_46]);
        emulator.injectFault({ operation: "DescribeOrganization", type: "AccessDeniedException", status: 400 });
        const failure = await organization().then(
            () => assert.fail("should stop"),
            (err: Error) => err,
        );
        assert.match(failure.message, /could not read its organization \(AccessDeniedException: .*needs organizations:DescribeOrganization/);
    });

    it("stops the organization stack in a member account, and an environment in the management account", async () => {
        files([SONNET_46], [SONNET_46]);
        const inMember = await runWithMocks(program, ORG_CONFIG, invokes(), [], "bedrock-model-access", "org").then(
            () => assert.fail("should stop"),
            (err: Error) => err,
        );
        assert.match(inMember.message, /runs in account 123456789012, a member of o-emulated01, not its management account 111111111111/);
        publish(await organization());
        const inManagement = await as(MANAGEMENT, () => environment("dev", [SONNET_46])).then(
            () => assert.fail("should stop"),
            (err: Error) => err,
        );
        assert.match(inManagement.message, /dev runs in account 111111111111, the organization's management account/);
    });
});
