/**
 * The deploy runner (`npm run deploy`) through the real engine against the Bedrock emulator,
 * as a pipeline runs it: a separate process, judged by its output and exit code.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { promisify } from "util";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { HAIKU, REGION, SONNET } from "../helpers/fixtures";
import { PROGRAM_DIR, pulumiCli } from "./engineHarness";

const ROOT = path.resolve(__dirname, "..", "..");

describe("deploy runner through the Pulumi engine", function () {
    this.timeout(300_000);
    const emulator = useBedrockEmulator();
    const environments = { "runner-compliant": [SONNET], "runner-violating": [HAIKU] };
    let backendDir: string;
    // The test program has no AWS resources (no provider plugin here), so no allow-list guardrail:
    // the reviewers' configuration makes that policy advisory, as a pipeline would pass it.
    const policyConfig = path.join(mkdtempSync(path.join(tmpdir(), "runner-policy-")), "policy-config.json");
    writeFileSync(policyConfig, JSON.stringify({ "bedrock-model-allow-list": "advisory" }));

    before(async function () {
        this.timeout(1_800_000);
        await pulumiCli();
        for (const [name, models] of Object.entries(environments)) {
            // Git-ignored: Pulumi.*.yaml in the test program.
            writeFileSync(path.join(PROGRAM_DIR, `Pulumi.${name}.yaml`), `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${models[0]}\n`);
        }
    });
    after(() => {
        for (const name of Object.keys(environments)) {
            rmSync(path.join(PROGRAM_DIR, `Pulumi.${name}.yaml`), { force: true });
        }
    });
    beforeEach(() => {
        backendDir = mkdtempSync(path.join(tmpdir(), "runner-backend-"));
        emulator.addModel(REGION, SONNET, { pendingMs: 300 });
        emulator.addModel(REGION, HAIKU, { pendingMs: 300 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
    });
    afterEach(() => rmSync(backendDir, { recursive: true, force: true }));

    async function deploy(...args: string[]): Promise<{ code: number; output: string }> {
        const argv = ["-r", "ts-node/register/transpile-only", "commands/deploy.ts", ...args, "--project", PROGRAM_DIR, "--policy-config", policyConfig];
        try {
            const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, {
                cwd: ROOT,
                maxBuffer: 32 * 1024 * 1024,
                env: {
                    PATH: process.env.PATH ?? "",
                    HOME: process.env.HOME ?? "",
                    PULUMI_BACKEND_URL: `file://${backendDir}`,
                    PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
                    PULUMI_CONFIG_PASSPHRASE: "runner-test",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    ...emulatorEnvironment(emulator),
                },
            });
            return { code: 0, output: stdout + stderr };
        } catch (err) {
            const e = err as { code: number; stdout: string; stderr: string };
            return { code: e.code, output: e.stdout + e.stderr };
        }
    }

    it("stops `up` at a mandatory policy violation before any request reaches Bedrock (exit 3)", async () => {
        const result = await deploy("runner-violating", "up");
        assert.strictEqual(result.code, 3, result.output);
        assert.match(result.output, /\[mandatory\]\s+bedrock-specific-model-enablement/);
        assert.match(result.output, /Stopped: 1 mandatory policy violation\(s\) in runner-violating up; nothing was changed \(exit code 3\)\./);
        assert.deepStrictEqual(emulator.requests, []);
    });

    it("previews, deploys and summarizes a compliant environment (exit 0)", async () => {
        const result = await deploy("runner-compliant", "up");
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /=== runner-compliant: up \(policy pack: policy\) ===/);
        assert.match(result.output, /Requested access to anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-1/, "the engine's progress is streamed");
        assert.match(result.output, /Summary for runner-compliant \(up\):\n {2}planned changes: create 3\n {2}changes: create 3\n {2}outputs:\n {4}status: \{"ap-southeast-1\/anthropic\.claude-sonnet-4-20250514-v1:0":"AVAILABLE"\}/);
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
});
