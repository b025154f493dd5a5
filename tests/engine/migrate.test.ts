/**
 * `npm run migrate` through the real engine with the real program against the emulator: an
 * environment on a model the emulator reports Legacy moves to another profile. The provider
 * stand-in records every create, update and delete (STAND_IN_LOG); the test replays them and asks
 * the IAM evaluator, after each one, whether the application's role may invoke what the backend's
 * SSM parameter names, so that no moment of the move leaves the backend pointed at a profile it
 * may not call.
 */
import * as assert from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import type { PolicyDocument } from "../../bedrock/iamDocument";
import { REGION, SONNET } from "../helpers/fixtures";
import { ACCOUNT, type Decision, decide } from "../helpers/iamSimulation";
import { runToEnd } from "../helpers/processes";
import { killProcessTree, useEngineTests } from "./engineHarness";
import type { StandInRecord } from "./providerStandIn";
import { GLOBAL_4_6, SONNET_4_6, addSonnet46, localCopy, newUserEnvironment, standInRecords } from "./realProgram";
import { spawn } from "node:child_process";

const OLD = `apac.${SONNET}`;
const NEW = GLOBAL_4_6;
const APAC_DESTINATIONS = ["ap-northeast-1", "ap-southeast-1"];
const PREFIX = "/chat-backend/mig/bedrock";
const ENVIRONMENT = [
    "# The chat backend's migration test environment.",
    "config:",
    `  aws:region: ${REGION}`,
    "  bedrock-model-access:inferenceProfiles:",
    `    - ${OLD}`,
    "  bedrock-model-access:invokeRoleNames:",
    "    - chat-backend",
    `  bedrock-model-access:ssmParameterPrefix: ${PREFIX}`,
    "",
].join("\n");

/** The stack as the stand-in holds it after some of its operations: live resources by URN. */
function replay(records: readonly StandInRecord[]): Map<string, StandInRecord> {
    const live = new Map<string, StandInRecord>();
    for (const r of records) {
        if (r.op === "delete") {
            live.delete(r.urn);
        } else {
            live.set(r.urn, r);
        }
    }
    return live;
}

/** The role's IAM documents (every policy attached to chat-backend) and the backend's main-profile parameter. */
function roleView(live: Map<string, StandInRecord>): { documents: PolicyDocument[]; parameter?: string } {
    const all = [...live.values()];
    const attached = all
        .filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.outputs.role === "chat-backend")
        .map((r) => r.outputs.policyArn);
    const documents = all
        .filter((r) => r.type === "aws:iam/policy:Policy" && attached.includes(r.outputs.arn))
        .map((r) => JSON.parse(String(r.outputs.policy)) as PolicyDocument);
    const parameter = all.find((r) => r.type === "aws:ssm/parameter:Parameter" && r.outputs.name === `${PREFIX}/inference-profile-id`)?.outputs.value;
    return { documents, parameter: typeof parameter === "string" ? parameter : undefined };
}

/** May the role invoke the model through this profile, from the source region, into one of its destinations? */
async function invokeThrough(profileId: string, documents: PolicyDocument[]): Promise<Decision[]> {
    const profileArn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${profileId}`;
    const model = profileId.slice(profileId.indexOf(".") + 1);
    const target = profileId.startsWith("global.")
        ? { resource: `arn:aws:bedrock:${REGION}::foundation-model/${model}`, region: REGION }
        : { resource: `arn:aws:bedrock:ap-northeast-1::foundation-model/${model}`, region: "ap-northeast-1" };
    return [
        await decide({ action: "bedrock:InvokeModel", resource: profileArn, region: REGION }, documents),
        await decide({ action: "bedrock:InvokeModel", ...target, through: profileArn }, documents),
    ];
}

describe("npm run migrate through the Pulumi engine", function () {
    const emulator = useEngineTests(this);
    let work: string;
    let checkout: string;
    let env: NodeJS.ProcessEnv;
    let log: string;
    let policyConfig: string;

    const records = (): StandInRecord[] => standInRecords(log);
    const run = async (command: string, ...args: string[]) => {
        const result = await runToEnd(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", `commands/${command}.ts`, ...args, "--policy-config", policyConfig],
            { cwd: checkout, env },
        );
        return { code: result.code, output: result.stdout + result.stderr };
    };
    const environmentFile = () => (parse(readFileSync(path.join(checkout, "Pulumi.mig.yaml"), "utf8")) as { config: Record<string, unknown> }).config;

    beforeEach(async () => {
        work = mkdtempSync(path.join(tmpdir(), "migrate-"));
        checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        log = path.join(work, "stand-in.jsonl");
        env = { ...newUserEnvironment(emulator, work), STAND_IN_LOG: log };
        // Invocation logging is not what this test is about; the reviewers' file makes it advisory.
        policyConfig = path.join(work, "policy-config.json");
        writeFileSync(policyConfig, JSON.stringify({ "bedrock-invocation-logging": "advisory" }));
        writeFileSync(path.join(checkout, "Pulumi.mig.yaml"), ENVIRONMENT);
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        emulator.addModel(REGION, SONNET, {
            agreement: "AVAILABLE",
            lifecycle: { status: "LEGACY", legacyTime: new Date("2026-08-01T00:00:00Z"), endOfLifeTime: new Date("2027-08-01T00:00:00Z") },
        });
        emulator.addInferenceProfile(REGION, {
            inferenceProfileId: OLD,
            modelArns: APAC_DESTINATIONS.map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`),
        });
        addSonnet46(emulator);
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    describe("an environment deployed on a Legacy model", () => {
        beforeEach(async () => {
            const deployed = await run("deploy", "mig", "up");
            assert.strictEqual(deployed.code, 0, deployed.output);
            assert.match(deployed.output, /Legacy/, "the preview warns that the environment's model is Legacy");
        });

        it("moves a Legacy environment to the next model in steps, never leaving the backend on a profile its role may not invoke", async () => {
            const before = records().length;
            const moved = await run("migrate", "mig", "--to", NEW, "--yes");
            assert.strictEqual(moved.code, 0, moved.output);
            assert.match(moved.output, /Step 1 of 4 \(check\): global\.anthropic\.claude-sonnet-4-6 is an Active system-defined profile/);
            assert.match(
                moved.output,
                /Step 2 of 4 \(add\):[\s\S]*inferenceProfiles: \[apac\.[^\]]*\] -> \[apac\.[^,]*, global\.anthropic\.claude-sonnet-4-6\]/,
            );
            assert.match(moved.output, /Step 2 done: both models are allowed and granted/);
            assert.match(moved.output, /Step 3 done: the backend's parameters and the outputs name global\.anthropic\.claude-sonnet-4-6/);
            assert.match(moved.output, /Next, once the backend has picked up .*npm run migrate -- mig --finish/);
            assert.deepStrictEqual(environmentFile()["bedrock-model-access:inferenceProfiles"], [NEW, OLD]);
            assert.deepStrictEqual(environmentFile()["bedrock-model-access:migration"], { from: OLD, to: NEW });
            const proofs = emulator.requests.filter((r) => r.operation === "Converse" && r.modelId === NEW && r.status === 200);
            assert.strictEqual(proofs.length, 2, "the target was proved with one real call in step 2 and one in step 3");

            const finished = await run("migrate", "mig", "--finish", "--yes");
            assert.strictEqual(finished.code, 0, finished.output);
            assert.match(finished.output, /Step 4 done: mig calls global\.anthropic\.claude-sonnet-4-6 only.*left in place \(revokeOnDestroy is false\)/s);
            assert.deepStrictEqual(environmentFile()["bedrock-model-access:inferenceProfiles"], [NEW]);
            assert.strictEqual(environmentFile()["bedrock-model-access:migration"], undefined);
            assert.match(
                readFileSync(path.join(checkout, "Pulumi.mig.yaml"), "utf8"),
                /^# The chat backend's migration test environment\.\n/,
                "the file's comment is kept",
            );

            const all = records();
            const switchAt = all.findIndex(
                (r, i) =>
                    i >= before && r.type === "aws:ssm/parameter:Parameter" && r.outputs.name === `${PREFIX}/inference-profile-id` && r.outputs.value === NEW,
            );
            assert.ok(switchAt > before, "step 3 moved the parameter");
            const retiredAt = all.findIndex((r, i) => i > switchAt && r.op === "delete" && r.type === "aws:iam/policy:Policy");
            assert.ok(retiredAt > switchAt, "step 4 deleted the old invoke policy");
            for (let i = before; i < all.length; i++) {
                const { documents, parameter } = roleView(replay(all.slice(0, i + 1)));
                assert.ok(parameter !== undefined, "the parameter exists throughout");
                assert.deepStrictEqual(
                    await invokeThrough(parameter, documents),
                    ["Allowed", "Allowed"],
                    `after ${all[i].op} ${all[i].name}, the role may invoke ${parameter}`,
                );
            }
            const between = roleView(replay(all.slice(0, switchAt)));
            const afterSwitch = roleView(replay(all.slice(0, switchAt + 1)));
            for (const [when, view] of [
                ["after step 2", between],
                ["after step 3", afterSwitch],
            ] as const) {
                assert.deepStrictEqual(await invokeThrough(OLD, view.documents), ["Allowed", "Allowed"], `${when}: the old model`);
                assert.deepStrictEqual(await invokeThrough(NEW, view.documents), ["Allowed", "Allowed"], `${when}: the new model`);
            }
            assert.strictEqual(between.parameter, OLD);
            assert.strictEqual(afterSwitch.parameter, NEW, "after step 3 the main-profile parameter holds the new ID");
            const end = roleView(replay(all));
            assert.deepStrictEqual(await invokeThrough(NEW, end.documents), ["Allowed", "Allowed"]);
            const old = await invokeThrough(OLD, end.documents);
            assert.ok(
                old.every((d) => d !== "Allowed"),
                `after step 4 only the new model is allowed: ${old.join(", ")}`,
            );
            const guardrail = [...replay(all).values()].find((r) => r.type === "aws:iam/policy:Policy" && r.name === "model-allow-list-guardrail");
            const admin: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] };
            const guarded = await invokeThrough(OLD, [admin, JSON.parse(String(guardrail?.outputs.policy)) as PolicyDocument]);
            assert.ok(guarded.includes("ExplicitlyDenied"), "the guardrail itself now denies the old model");
            assert.strictEqual(emulator.model(REGION, SONNET_4_6).agreementsCreated, 1);
            assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 0, "the old agreement is left in place");
        });

        it("completes the migration when run again after being killed during step 2, with one agreement for the new model", async () => {
            emulator.addModel(REGION, SONNET_4_6, { lifecycle: { status: "ACTIVE" }, pendingMs: Infinity });
            const child = spawn(
                process.execPath,
                ["-r", "ts-node/register/transpile-only", "commands/migrate.ts", "mig", "--to", NEW, "--yes", "--policy-config", policyConfig],
                { cwd: checkout, env },
            );
            let output = "";
            child.stdout.on("data", (d: Buffer) => (output += d.toString()));
            child.stderr.on("data", (d: Buffer) => (output += d.toString()));
            const deadline = Date.now() + 180_000;
            while (!emulator.requests.some((r) => r.operation === "CreateFoundationModelAgreement" && r.modelId === SONNET_4_6)) {
                assert.ok(Date.now() < deadline, `step 2 never requested access:\n${output}`);
                await new Promise((r) => setTimeout(r, 200));
            }
            const closed = new Promise((r) => child.on("close", r));
            await killProcessTree(child.pid!);
            await closed;
            assert.match(output, /Step 2 of 4 \(add\)/);
            assert.deepStrictEqual(environmentFile()["bedrock-model-access:inferenceProfiles"], [OLD, NEW], "step 2's file was written before its up");
            emulator.finishPending(REGION, SONNET_4_6);

            const again = await run("migrate", "mig", "--to", NEW, "--yes");
            assert.strictEqual(again.code, 0, again.output);
            assert.match(
                again.output,
                /Pulumi\.mig\.yaml is at step 2 of 4 \(migration from .* to global\.anthropic\.claude-sonnet-4-6\); deploying it to continue/,
            );
            assert.match(again.output, /Released the lock of an earlier run that was stopped/);
            assert.match(again.output, /Step 3 done/);
            assert.strictEqual(emulator.model(REGION, SONNET_4_6).agreementsCreated, 1, "one agreement for the new model");
            assert.strictEqual(roleView(replay(records())).parameter, NEW);
        });
    });

    // Refused before any CLI call: the environment need not be deployed for these.
    const SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    const sonnet45 = (endOfLife: string) => () => {
        emulator.addModel(REGION, SONNET_45, { lifecycle: { status: "LEGACY", endOfLifeTime: new Date(endOfLife) } });
        emulator.addInferenceProfile(REGION, { inferenceProfileId: `global.${SONNET_45}`, modelArns: [`arn:aws:bedrock:::foundation-model/${SONNET_45}`] });
    };
    const INSTEAD =
        /Choose instead global\.anthropic\.claude-sonnet-4-6 \(anthropic\.claude-sonnet-4-6, the newest Active model of its family in ap-southeast-1/;
    for (const bad of [
        {
            name: "a Legacy target",
            target: `global.${SONNET_45}`,
            setup: sonnet45("2027-11-01T00:00:00Z"),
            says: /is Legacy in ap-southeast-1 \(end of life 2027-11-01\): moving to it would mean moving again soon/,
        },
        {
            name: "a target past its end of life",
            target: `global.${SONNET_45}`,
            setup: sonnet45("2026-11-01T00:00:00Z"),
            says: /reached its end of life on 2026-11-01; it cannot be enabled/,
        },
        {
            name: "a target of another source region",
            target: `us.${SONNET_4_6}`,
            setup: () => undefined,
            says: /--to "us\.anthropic\.claude-sonnet-4-6" is a us\. profile, which is called from .*but the source region is ap-southeast-1/,
        },
        {
            name: "an unknown target",
            target: "apac.anthropic.claude-sonnet-9",
            setup: () => undefined,
            says: /Bedrock serves no inference profile apac\.anthropic\.claude-sonnet-9 from ap-southeast-1\./,
        },
    ]) {
        it(`refuses ${bad.name} before anything changes (exit 2), naming what to choose instead`, async () => {
            bad.setup();
            const tracked = readFileSync(path.join(checkout, "Pulumi.mig.yaml"), "utf8");
            const operations = records().length;
            const mutating = emulator.mutatingRequests().length;
            const refused = await run("migrate", "mig", "--to", bad.target, "--yes");
            assert.strictEqual(refused.code, 2, refused.output);
            assert.match(refused.output, bad.says);
            assert.match(refused.output, INSTEAD);
            assert.match(refused.output, /Nothing was changed \(exit code 2\)/);
            assert.strictEqual(readFileSync(path.join(checkout, "Pulumi.mig.yaml"), "utf8"), tracked);
            assert.strictEqual(records().length, operations, "no resource was touched");
            assert.strictEqual(emulator.mutatingRequests().length, mutating);
        });
    }
});
