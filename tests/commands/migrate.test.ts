/**
 * `npm run migrate` before any deployment, against the Bedrock emulator (no CLI needed): what it
 * prints for a pull request, what it refuses, and that it never writes the tracked file unasked.
 * The steps through the engine are in tests/engine/migrate.test.ts.
 */
import * as assert from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { REGION, SONNET, SONNET_46 } from "../helpers/fixtures";
import { runToEnd } from "../helpers/processes";
import { readEnvironment } from "../../runner/migrate";

const ROOT = path.resolve(__dirname, "..", "..");
const OLD = `apac.${SONNET}`;
const NEW = `global.${SONNET_46}`;

describe("npm run migrate (before anything is deployed)", function () {
    this.timeout(30_000);
    const emulator = useBedrockEmulator();
    let project: string;
    const file = () => path.join(project, "Pulumi.staging.yaml");
    const ENVIRONMENT = `# staging\nconfig:\n  aws:region: ${REGION}\n  chat-bedrock:inferenceProfile: ${OLD} # the runbook's model\n`;

    async function migrate(...args: string[]): Promise<{ code: number; output: string }> {
        const result = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/migrate.ts", ...args, "--project", project], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? "", HOME: mkdtempSync(path.join(tmpdir(), "home-")), ...emulatorEnvironment(emulator) },
        });
        return { code: result.code, output: result.stdout + result.stderr };
    }

    beforeEach(() => {
        project = mkdtempSync(path.join(tmpdir(), "migrate-project-"));
        writeFileSync(path.join(project, "Pulumi.yaml"), "name: chat-bedrock\nruntime: nodejs\n");
        writeFileSync(file(), ENVIRONMENT);
        emulator.addModel(REGION, SONNET, { lifecycle: { status: "LEGACY", endOfLifeTime: new Date("2027-08-01T00:00:00Z") } });
        emulator.addModel(REGION, SONNET_46, { lifecycle: { status: "ACTIVE" } });
        emulator.addInferenceProfile(REGION, { inferenceProfileId: OLD, modelArns: [`arn:aws:bedrock:${REGION}::foundation-model/${SONNET}`] });
        emulator.addInferenceProfile(REGION, { inferenceProfileId: NEW, modelArns: [`arn:aws:bedrock:::foundation-model/${SONNET_46}`] });
    });

    it("prints step 2's file for a pull request, keeping its comments, and leaves the tracked file alone", async () => {
        const result = await migrate("staging", "--to", NEW, "--print");
        assert.strictEqual(result.code, 0, result.output);
        assert.match(
            result.output,
            /Step 1 of 4 \(check\): global\.anthropic\.claude-sonnet-4-6 is an Active system-defined profile served from ap-southeast-1/,
        );
        assert.match(result.output, /Step 2 of 4 \(add\): global\.anthropic\.claude-sonnet-4-6 becomes a second profile/);
        const printed = /--- Pulumi\.staging\.yaml after step 2 ---\n([\s\S]*)--- end ---/.exec(result.output)?.[1] ?? "";
        assert.match(printed, /^# staging\n/);
        assert.deepStrictEqual((parse(printed) as { config: Record<string, unknown> }).config, {
            "aws:region": REGION,
            "chat-bedrock:inferenceProfiles": [OLD, NEW],
            "chat-bedrock:migration": { from: OLD, to: NEW },
        });
        assert.match(result.output, /Commit it; then `npm run migrate -- staging --to global\.anthropic\.claude-sonnet-4-6 --yes` deploys it and continues/);
        assert.strictEqual(readFileSync(file(), "utf8"), ENVIRONMENT);
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("stops without --yes when there is no terminal to confirm on (exit 2), changing nothing", async () => {
        const result = await migrate("staging", "--to", NEW);
        assert.strictEqual(result.code, 2, result.output);
        assert.match(
            result.output,
            /step 2 needs --yes when there is no terminal to confirm on \(or --print to get the file for a pull request\); nothing was changed/,
        );
        assert.strictEqual(readFileSync(file(), "utf8"), ENVIRONMENT);
    });

    it("asks for the product ID of a Marketplace model it does not know, and records one given", async () => {
        // A model the product-ID table does not know yet (a future one).
        const NEW_SONNET = "anthropic.claude-sonnet-9";
        emulator.addModel(REGION, NEW_SONNET, { lifecycle: { status: "ACTIVE" } });
        emulator.addInferenceProfile(REGION, { inferenceProfileId: `global.${NEW_SONNET}`, modelArns: [`arn:aws:bedrock:::foundation-model/${NEW_SONNET}`] });
        const refused = await migrate("staging", "--to", `global.${NEW_SONNET}`, "--print");
        assert.strictEqual(refused.code, 2, refused.output);
        assert.match(
            refused.output,
            /No AWS Marketplace product ID is known for anthropic\.claude-sonnet-9.*--product-id anthropic\.claude-sonnet-9=<prod-id>/,
        );
        const given = await migrate("staging", "--to", `global.${NEW_SONNET}`, "--print", "--product-id", `${NEW_SONNET}=prod-abcdefgh1234`);
        assert.strictEqual(given.code, 0, given.output);
        assert.match(given.output, /chat-bedrock:marketplaceProductIds:\n\s+anthropic\.claude-sonnet-9: prod-abcdefgh1234/);
    });

    it("says where a migration stands and what comes next when the file is at step 3", async () => {
        writeFileSync(
            file(),
            `config:\n  aws:region: ${REGION}\n  chat-bedrock:inferenceProfiles: [${NEW}, ${OLD}]\n  chat-bedrock:migration: {from: ${OLD}, to: ${NEW}}\n`,
        );
        const next = await migrate("staging", "--to", NEW, "--print");
        assert.strictEqual(next.code, 0, next.output);
        assert.match(next.output, /is at step 3 of 4; the next change is `npm run migrate -- staging --finish --print` \(retire apac\./);
        const retire = await migrate("staging", "--finish", "--print");
        assert.strictEqual(retire.code, 0, retire.output);
        assert.match(retire.output, /Step 4 of 4 \(retire\): apac\.\S+ is removed/);
        assert.match(
            retire.output,
            /inferenceProfiles: \[global\.anthropic\.claude-sonnet-4-6, apac\.\S+\] -> \[global\.anthropic\.claude-sonnet-4-6\]\n {2}migration: \{from: apac\.\S+, to: global\.anthropic\.claude-sonnet-4-6\} -> \(none, once step 4 is deployed\)/,
        );
    });

    it("resumes a step 4 that was written but not deployed: the record is what says so", async () => {
        writeFileSync(
            file(),
            `config:\n  aws:region: ${REGION}\n  chat-bedrock:inferenceProfiles: [${NEW}]\n  chat-bedrock:migration: {from: ${OLD}, to: ${NEW}}\n`,
        );
        const result = await migrate("staging", "--finish", "--print");
        assert.strictEqual(result.code, 0, result.output);
        const printed = /--- Pulumi\.staging\.yaml after step 4 ---\n([\s\S]*)--- end ---/.exec(result.output)?.[1] ?? "";
        assert.deepStrictEqual((parse(printed) as { config: Record<string, unknown> }).config, {
            "aws:region": REGION,
            "chat-bedrock:inferenceProfiles": [NEW],
        });
        assert.match(readFileSync(file(), "utf8"), /migration/, "--print changes nothing");
    });

    for (const bad of [
        { args: ["staging"], says: /Give the target with --to <profileId>, or --finish/ },
        { args: ["staging", "--to", NEW, "--yes", "--print"], says: /--yes writes the file and deploys; --print only prints the file\. Give one\./ },
        { args: ["staging", "--to", NEW, "--grace", "10"], says: /--grace is the wait before --finish retires the old profile; give --finish too/ },
        { args: ["staging", "--finish"], says: /No migration is in progress in Pulumi\.staging\.yaml/ },
        { args: ["nowhere", "--to", NEW], says: /Unknown environment "nowhere" \(no Pulumi\.nowhere\.yaml in .*\)\. Known environments: staging\./ },
    ]) {
        it(`refuses ${bad.args.join(" ")} (exit 2) without a call to AWS`, async () => {
            const result = await migrate(...bad.args);
            assert.strictEqual(result.code, 2, result.output);
            assert.match(result.output, bad.says);
            assert.deepStrictEqual(emulator.requests, []);
        });
    }

    it("refuses an environment name that is a path, before reading or writing anything outside the project", async () => {
        const outside = mkdtempSync(path.join(tmpdir(), "outside-"));
        const victim = path.join(outside, "Pulumi.victim.yaml");
        writeFileSync(victim, ENVIRONMENT);
        const name = path.relative(project, path.join(outside, "victim"));
        const result = await migrate(`x/${name}`.replace(/\/victim$/, "/victim"), "--to", NEW, "--yes");
        assert.strictEqual(result.code, 2, result.output);
        assert.match(result.output, /Unknown environment ".*victim".*Known environments: staging\./);
        assert.strictEqual(readFileSync(victim, "utf8"), ENVIRONMENT, "the file outside the project is untouched");
        assert.deepStrictEqual(emulator.requests, []);
    });

    it('reads revokeOnDestroy as `pulumi config set` writes it (the string "true")', () => {
        writeFileSync(file(), `${ENVIRONMENT}  chat-bedrock:revokeOnDestroy: "true"\n`);
        assert.strictEqual(readEnvironment(file(), "staging", "chat-bedrock").revokeOnDestroy, true);
        writeFileSync(file(), `${ENVIRONMENT}  chat-bedrock:revokeOnDestroy: "false"\n`);
        assert.strictEqual(readEnvironment(file(), "staging", "chat-bedrock").revokeOnDestroy, false);
    });

    it("has nothing to do for an environment already on the target", async () => {
        writeFileSync(file(), `config:\n  aws:region: ${REGION}\n  chat-bedrock:inferenceProfiles: [${NEW}]\n`);
        const result = await migrate("staging", "--to", NEW, "--yes");
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /staging already calls global\.anthropic\.claude-sonnet-4-6 as its main profile; nothing to migrate/);
    });
});
