/**
 * AWS Organizations through the real engine, the real program and the deploy runner: an
 * organization stack in the management account and two environments in member accounts (each
 * stack its own aws:profile, the emulator telling the accounts apart by their credentials).
 * `npm run deploy -- --all up` runs the organization stack first and the environments after it;
 * `npm run review -- --all` evaluates the organization's SCP on each environment's roads; an
 * environment whose model the organization's SCP does not allow stops at preview, naming what to
 * do, and changes nothing. The provider stand-in records the AWS resources (STAND_IN_LOG).
 */
import * as assert from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { ReviewReport } from "../../runner/reviewReport";
import { BedrockEmulator } from "../emulator/bedrockEmulator";
import { organizationEnvironmentFile } from "../helpers/organizationFiles";
import { runToEnd } from "../helpers/processes";
import { useEngineTests } from "./engineHarness";
import { GLOBAL_4_6, addSonnet46, localCopy, newUserEnvironment, standInRecords } from "./realProgram";

const MANAGEMENT = "111111111111";
const DEV_ACCOUNT = "222222222222";
const PROD_ACCOUNT = "333333333333";
const OPUS_48 = "anthropic.claude-opus-4-8";

/** An environment in mode "organization" in its member account (its aws:profile). */
const environmentFile = (awsProfile: string, profileIds: readonly string[]) => organizationEnvironmentFile(profileIds, awsProfile);

describe("AWS Organizations through the deploy runner (engine)", function () {
    const emulator = useEngineTests(this);
    let work: string;
    let checkout: string;
    let log: string;
    let env: NodeJS.ProcessEnv;
    let policyConfig: string;

    /** One of the project's commands, as a user runs it, with the reviewers' configuration. */
    const command = async (name: string, ...args: string[]) => {
        const result = await runToEnd(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", `commands/${name}.ts`, ...args, "--policy-config", policyConfig],
            { cwd: checkout, env },
        );
        return { code: result.code, output: result.stdout + result.stderr };
    };
    const run = (...args: string[]) => command("deploy", ...args);

    beforeEach(() => {
        work = mkdtempSync(path.join(tmpdir(), "organization-"));
        checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        log = path.join(work, "stand-in.jsonl");
        // Each account's credentials under a profile of the shared files, as a platform team has them.
        const credentials = path.join(work, "credentials");
        writeFileSync(
            credentials,
            [
                ["management", MANAGEMENT],
                ["dev-account", DEV_ACCOUNT],
                ["prod-account", PROD_ACCOUNT],
            ]
                .map(([name, account]) => {
                    const c = BedrockEmulator.accountCredentials(account);
                    return `[${name}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n`;
                })
                .join("\n"),
        );
        env = {
            ...newUserEnvironment(emulator, work),
            STAND_IN_LOG: log,
            AWS_SHARED_CREDENTIALS_FILE: credentials,
            AWS_CONFIG_FILE: path.join(work, "config"),
        };
        writeFileSync(path.join(work, "config"), "");
        // The provider stand-in reads inference profiles with the environment's keys (it does not take the
        // stack's aws:profile); the program's own calls use each stack's profile, which wins over them.
        emulator.organizationManagementAccount = MANAGEMENT;
        emulator.setUseCaseForm("ap-southeast-1", '{"companyName":"already submitted"}');
        addSonnet46(emulator);
        for (const stack of ["dev", "prod"]) {
            rmSync(path.join(checkout, `Pulumi.${stack}.yaml`), { force: true });
        }
        writeFileSync(path.join(checkout, "Pulumi.dev.yaml"), environmentFile("dev-account", [GLOBAL_4_6]));
        writeFileSync(path.join(checkout, "Pulumi.prod.yaml"), environmentFile("prod-account", [GLOBAL_4_6]));
        writeFileSync(
            path.join(checkout, "Pulumi.org.yaml"),
            [
                "config:",
                "  aws:region: us-east-1",
                "  aws:profile: management",
                "  bedrock-model-access:organization:",
                "    governs:",
                "      - dev",
                "      - prod",
                "    targetIds:",
                "      - ou-abcd-12345678",
                "",
            ].join("\n"),
        );
        // Invocation logging is not this test's subject.
        policyConfig = path.join(work, "reviewers.json");
        writeFileSync(policyConfig, JSON.stringify({ "bedrock-invocation-logging": "advisory" }));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    it("deploys the organization stack first, then the environments in their own accounts; a model it does not allow stops that environment at preview", async () => {
        const all = await run("--all", "up");
        assert.strictEqual(all.code, 0, all.output);
        assert.match(all.output, /Order: org, dev, prod/);
        assert.match(all.output, /The organization stack runs in account 111111111111 \(the management account of o-emulated01\) and governs dev, prod/);
        assert.match(all.output, /dev runs in account 222222222222; the organization's SCP \(stack org\) leaves every road it needs usable/);
        assert.match(all.output, /prod runs in account 333333333333; the organization's SCP \(stack org\) leaves every road it needs usable/);
        const records = standInRecords(log);
        const scps = records.filter((r) => r.type === "aws:organizations/policy:Policy");
        assert.strictEqual(scps.length, 1, "one SCP, the organization stack's");
        assert.match(String(scps[0].outputs.content), /anthropic\.claude-sonnet-4-6/);
        const firstEnvironmentResource = records.findIndex((r) => r.urn.includes("urn:pulumi:dev::") || r.urn.includes("urn:pulumi:prod::"));
        assert.ok(
            records.findIndex((r) => r.type === "aws:organizations/policy:Policy") < firstEnvironmentResource,
            "the SCP exists before any environment's resource",
        );

        // The review covers the organization stack: its SCP on each governed environment's roads.
        const out = path.join(work, "reports");
        const reviewed = await runToEnd(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "commands/review.ts", "--all", "--out", out, "--policy-config", policyConfig],
            { cwd: checkout, env },
        );
        assert.strictEqual(reviewed.code, 0, reviewed.stdout + reviewed.stderr);
        const report = JSON.parse(readFileSync(path.join(out, "review-org.json"), "utf8")) as ReviewReport;
        assert.deepStrictEqual(report.modelAllowList, ["anthropic.claude-sonnet-4-6"]);
        assert.match(report.guardrailMode, /^scp \(organization stack governing dev, prod\)$/);
        assert.deepStrictEqual(
            report.effectiveAccess.map((a) => [a.guardrail, a.kind]),
            [
                ["organization-model-allow-list-scp (dev)", "scp"],
                ["organization-model-allow-list-scp (prod)", "scp"],
            ],
        );
        for (const access of report.effectiveAccess) {
            assert.ok(access.rows.length >= 25, `${access.guardrail}: ${access.rows.length} roads`);
            assert.deepStrictEqual(
                access.rows.filter((r) => !r.holds),
                [],
                `${access.guardrail}: every road as it must be`,
            );
        }

        // dev now wants Opus 4.8, which the deployed SCP does not allow: its preview stops, nothing changes.
        emulator.addModel("ap-southeast-1", OPUS_48, { lifecycle: { status: "ACTIVE" } });
        emulator.addInferenceProfile("ap-southeast-1", {
            inferenceProfileId: `global.${OPUS_48}`,
            modelArns: [`arn:aws:bedrock:ap-southeast-1::foundation-model/${OPUS_48}`, `arn:aws:bedrock:::foundation-model/${OPUS_48}`],
        });
        writeFileSync(path.join(checkout, "Pulumi.dev.yaml"), environmentFile("dev-account", [GLOBAL_4_6, `global.${OPUS_48}`]));
        const recorded = standInRecords(log).length;
        emulator.requests.length = 0;
        const refused = await run("dev", "up");
        assert.notStrictEqual(refused.code, 0, refused.output);
        assert.match(
            refused.output,
            /The organization's SCP \(stack org, policy [^)]+\) denies what dev needs: [^\n]*anthropic\.claude-opus-4-8[^\n]* It does not allow anthropic\.claude-opus-4-8\. Deploy the organization stack first: `npm run deploy -- org up`/,
        );
        assert.strictEqual(standInRecords(log).length, recorded, "no AWS resource changed");
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "no Bedrock change");
    });

    it("migrates an environment under the organization stack with it run around the move: before step 2 (the target allowed first) and after step 4", async () => {
        emulator.addModel("ap-southeast-1", OPUS_48, { lifecycle: { status: "ACTIVE" } });
        emulator.addInferenceProfile("ap-southeast-1", {
            inferenceProfileId: `global.${OPUS_48}`,
            modelArns: [`arn:aws:bedrock:ap-southeast-1::foundation-model/${OPUS_48}`, `arn:aws:bedrock:::foundation-model/${OPUS_48}`],
        });
        // The reviewers allow the target too.
        const models = { allowedModelIds: ["anthropic.claude-sonnet-4-6", OPUS_48] };
        writeFileSync(
            policyConfig,
            JSON.stringify({
                "bedrock-invocation-logging": "advisory",
                "bedrock-specific-model-enablement": models,
                "bedrock-no-enable-all-models": models,
                "bedrock-invoke-scoped-to-inference-profile": models,
                "bedrock-model-allow-list": models,
            }),
        );
        const all = await run("--all", "up");
        assert.strictEqual(all.code, 0, all.output);
        const scp = () => {
            const policies = standInRecords(log).filter((r) => r.type === "aws:organizations/policy:Policy" && r.op !== "delete");
            return String(policies[policies.length - 1].outputs.content);
        };
        assert.doesNotMatch(scp(), /claude-opus-4-8/);

        const moved = await command("migrate", "dev", "--to", `global.${OPUS_48}`, "--yes");
        assert.strictEqual(moved.code, 0, moved.output);
        assert.match(moved.output, /Step 2: the organization stack org runs before dev, so its SCP allows the target before the environment uses it/);
        assert.match(scp(), /claude-opus-4-8/, "the SCP allows the target");
        assert.match(moved.output, /dev runs in account 222222222222; the organization's SCP \(stack org\) leaves every road it needs usable/);

        const finished = await command("migrate", "dev", "--finish", "--yes");
        assert.strictEqual(finished.code, 0, finished.output);
        assert.match(
            finished.output,
            /Step 4: the organization stack org runs after dev, so its SCP stops allowing the old profile once no environment uses it/,
        );
        // prod still calls Sonnet 4.6: the union keeps it; dev's Opus 4.8 stays too.
        assert.match(scp(), /claude-sonnet-4-6/);
        assert.match(scp(), /claude-opus-4-8/);
    });
});
