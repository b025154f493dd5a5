/**
 * The deploy runner (`npm run deploy`) through the real engine against the Bedrock emulator,
 * as a pipeline runs it: a separate process, judged by its output and exit code.
 */
import * as assert from "assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { HAIKU, REGION, SONNET } from "../helpers/fixtures";
import { PROGRAM_DIR, killProcessTree, pulumiCli } from "./engineHarness";
import { runRunner, spawnRunner } from "./runnerProcess";

describe("deploy runner through the Pulumi engine", function () {
    this.timeout(300_000);
    const emulator = useBedrockEmulator();
    const environments: Record<string, string> = {
        "runner-compliant": `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${SONNET}\n  model-access-e2e:revokeOnDelete: false\n`,
        "runner-violating": `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${HAIKU}\n`,
    };
    let backendDir: string;

    before(async function () {
        this.timeout(1_800_000);
        await pulumiCli();
        for (const [name, text] of Object.entries(environments)) {
            // Git-ignored: Pulumi.*.yaml in the test program.
            writeFileSync(path.join(PROGRAM_DIR, `Pulumi.${name}.yaml`), text);
        }
    });
    after(() => {
        for (const name of Object.keys(environments)) {
            rmSync(path.join(PROGRAM_DIR, `Pulumi.${name}.yaml`), { force: true });
        }
    });
    afterEach(() => {
        writeFileSync(path.join(PROGRAM_DIR, "Pulumi.runner-compliant.yaml"), environments["runner-compliant"]);
    });
    beforeEach(() => {
        backendDir = mkdtempSync(path.join(tmpdir(), "runner-backend-"));
        emulator.addModel(REGION, SONNET, { pendingMs: 300 });
        emulator.addModel(REGION, HAIKU, { pendingMs: 300 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
    });
    afterEach(() => rmSync(backendDir, { recursive: true, force: true }));

    function runnerEnv(): Record<string, string> {
        return {
            PULUMI_BACKEND_URL: `file://${backendDir}`,
            PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
            PULUMI_CONFIG_PASSPHRASE: "runner-test",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            ...emulatorEnvironment(emulator),
        };
    }

    function deploy(...args: string[]): Promise<{ code: number; output: string }> {
        return runRunner(args, runnerEnv());
    }

    it("stops `up` at a mandatory policy violation before anything changes, after reads only (exit 3)", async () => {
        const result = await deploy("runner-violating", "up");
        assert.strictEqual(result.code, 3, result.output);
        assert.match(result.output, /\[mandatory\]\s+bedrock-specific-model-enablement/);
        assert.match(result.output, /Stopped: 1 mandatory policy violation\(s\) in runner-violating up; nothing was changed \(exit code 3\)\./);
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "nothing changed");
        assert.deepStrictEqual([...new Set(emulator.requests.map((r) => r.operation))], ["GetFoundationModel"], "only the preview's lifecycle read");
    });

    it("previews, deploys and summarizes a compliant environment (exit 0), leaving its tracked file as written", async () => {
        const trackedFile = path.join(PROGRAM_DIR, "Pulumi.runner-compliant.yaml");
        const result = await deploy("runner-compliant", "up");
        assert.strictEqual(readFileSync(trackedFile, "utf8"), environments["runner-compliant"], "no encryptionsalt added, no value re-quoted");
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /=== runner-compliant: up \(policy pack: policy\) ===/);
        assert.match(result.output, /Requested access to anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-1/, "the engine's progress is streamed");
        assert.match(result.output, /Summary for runner-compliant \(up\):\n {2}planned changes: create 3\n {2}changes: create 3\n {2}outputs:\n {4}lifecycle: \{"ap-southeast-1\/anthropic\.claude-sonnet-4-20250514-v1:0":\{"status":"ACTIVE"\}\}\n {4}status: \{"ap-southeast-1\/anthropic\.claude-sonnet-4-20250514-v1:0":"AVAILABLE"\}/);
        assert.ok(result.output.includes(`state: file://${backendDir} (stack runner-compliant)`));
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
    });

    it("runs every environment with --all and stops at the first failure", async () => {
        const result = await deploy("--all", "preview");
        assert.strictEqual(result.code, 3, result.output);
        assert.match(result.output, /=== runner-compliant: preview/);
        assert.match(result.output, /Summary for runner-compliant \(preview\)/);
        assert.match(result.output, /=== runner-violating: preview/);
    });

    it("passes on the CLI's error for a value of the wrong type (exit 2)", async () => {
        writeFileSync(path.join(PROGRAM_DIR, "Pulumi.runner-compliant.yaml"), environments["runner-compliant"] + "  model-access-e2e:waitTimeoutSeconds: soon\n");
        const result = await deploy("runner-compliant", "preview");
        assert.strictEqual(result.code, 2, result.output);
        assert.match(result.output, /The Pulumi CLI said:\n {2}error: .*waitTimeoutSeconds.*integer/);
        assert.deepStrictEqual(emulator.requests, []);
    });

    it("shows what destroy would delete and stops without --yes when there is no terminal (exit 2), then destroys with --yes", async () => {
        assert.strictEqual((await deploy("runner-compliant", "up")).code, 0);
        const refused = await deploy("runner-compliant", "destroy");
        assert.strictEqual(refused.code, 2, refused.output);
        assert.match(refused.output, /Destroying runner-compliant would: delete 3\./);
        assert.match(refused.output, /destroy of runner-compliant needs --yes when there is no terminal to confirm on; nothing was changed/);
        const destroyed = await deploy("runner-compliant", "destroy", "--yes");
        assert.strictEqual(destroyed.code, 0, destroyed.output);
        assert.match(destroyed.output, /changes: delete 3/);
    });

    it("after a killed run, says how to release the stack's lock", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: Infinity });
        const { child } = spawnRunner(["runner-compliant", "up"], runnerEnv());
        const deadline = Date.now() + 120_000;
        while (emulator.requestsFor("CreateFoundationModelAgreement").length === 0) {
            assert.ok(Date.now() < deadline, "the first run never requested access");
            await new Promise((r) => setTimeout(r, 100));
        }
        const closed = new Promise((r) => child.on("close", r));
        await killProcessTree(child.pid!);
        await closed;

        const result = await deploy("runner-compliant", "up");
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /The Pulumi CLI said:/);
        assert.match(result.output, /release it with `pulumi cancel --stack runner-compliant --yes`/);
    });
});
