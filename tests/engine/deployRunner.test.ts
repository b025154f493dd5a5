/**
 * The deploy runner (`npm run deploy`) through the real engine against the Bedrock emulator,
 * as a pipeline runs it: a separate process, judged by its output and exit code.
 */
import * as assert from "node:assert";
import { type ChildProcess, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { HAIKU, REGION, SONNET } from "../helpers/fixtures";
import { PROGRAM_DIR, killProcessTree, pulumiCli } from "./engineHarness";
import { runToEnd } from "../helpers/processes";
import { runRunner, spawnRunner } from "./runnerProcess";
import { POLICIES } from "../../policy/policies";
import type { ReviewReport } from "../../runner/reviewReport";

/** The processes below `root` now (the CLI, its language host and providers; not the watchdog, which is detached). */
function descendantsOf(root: number): number[] {
    const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)!)
        .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
    const found: number[] = [];
    const visit = (parent: number) => {
        for (const row of rows.filter((r) => r.ppid === parent && !r.args.includes("watchdog.ts"))) {
            found.push(row.pid);
            visit(row.pid);
        }
    };
    visit(root);
    return found;
}

/** Running, not a zombie (an ended process that nobody has reaped yet). */
function isAlive(pid: number): boolean {
    try {
        return !execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" })
            .trim()
            .startsWith("Z");
    } catch {
        return false; // ps exits 1 when there is no such process
    }
}

describe("deploy runner through the Pulumi engine", function () {
    this.timeout(300_000);
    const emulator = useBedrockEmulator();
    const environments: Record<string, string> = {
        "runner-compliant": `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${SONNET}\n  model-access-e2e:revokeOnDestroy: false\n`,
        "runner-violating": `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${HAIKU}\n`,
        "runner-revoking": `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${SONNET}\n  model-access-e2e:revokeOnDestroy: true\n`,
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
    beforeEach(() => {
        backendDir = mkdtempSync(path.join(tmpdir(), "runner-backend-"));
        emulator.addModel(REGION, SONNET, { pendingMs: 300 });
        emulator.addModel(REGION, HAIKU, { pendingMs: 300 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
    });
    afterEach(() => {
        writeFileSync(path.join(PROGRAM_DIR, "Pulumi.runner-compliant.yaml"), environments["runner-compliant"]);
        rmSync(backendDir, { recursive: true, force: true });
    });

    function runnerEnv(): Record<string, string> {
        return {
            PULUMI_BACKEND_URL: `file://${backendDir}`,
            PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
            PULUMI_CONFIG_PASSPHRASE: "runner-test",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            // The watchdog's grace for the CLI's graceful cancel, shortened for the tests (default 30 s).
            BEDROCK_MODEL_ACCESS_CANCEL_GRACE_SECONDS: "3",
            ...emulatorEnvironment(emulator),
        };
    }

    function deploy(...args: string[]): Promise<{ code: number; output: string }> {
        return runRunner(args, runnerEnv());
    }

    /** Starts `up` of the environment in a runner and returns once the run has requested model access. */
    async function upUntilAccessRequested(environment: string): Promise<ChildProcess> {
        const { child } = spawnRunner([environment, "up"], runnerEnv());
        const deadline = Date.now() + 120_000;
        while (emulator.requestsFor("CreateFoundationModelAgreement").length === 0) {
            assert.ok(Date.now() < deadline, "the run never requested access");
            await new Promise((r) => setTimeout(r, 100));
        }
        return child;
    }

    describe("npm run review", () => {
        let out: string;
        beforeEach(() => {
            out = mkdtempSync(path.join(tmpdir(), "review-"));
        });
        afterEach(() => rmSync(out, { recursive: true, force: true }));

        const read = (environment: string) => ({
            json: JSON.parse(readFileSync(path.join(out, `review-${environment}.json`), "utf8")) as ReviewReport,
            markdown: readFileSync(path.join(out, `review-${environment}.md`), "utf8"),
        });

        it("writes a report of every policy of the pack with its level and result, changing nothing (exit 0)", async () => {
            const result = await deploy("runner-compliant", "review", "--out", out);
            assert.strictEqual(result.code, 0, result.output);
            assert.match(
                result.output,
                /Review of runner-compliant written to .*review-runner-compliant\.json, .*review-runner-compliant\.md, .*review-runner-compliant\.html, .*review-runner-compliant\.junit\.xml\./,
            );
            const { json, markdown } = read("runner-compliant");
            assert.deepStrictEqual(
                json.policies.map((p) => p.policy),
                POLICIES.map((p) => p.name),
                "every policy, in the pack's order",
            );
            const row = (name: string) => json.policies.find((p) => p.policy === name)!;
            assert.deepStrictEqual(
                [row("bedrock-specific-model-enablement").result, row("bedrock-specific-model-enablement").enforcementLevel],
                ["pass", "mandatory"],
            );
            assert.deepStrictEqual(row("bedrock-invocation-logging").catalogueChecks, ["BR-04", "bedrock_model_invocation_logging_enabled"]);
            assert.deepStrictEqual(
                [row("bedrock-invocation-logging").result, row("bedrock-invocation-logging").enforcementLevel],
                ["violation", "advisory"],
                "the reviewers' configuration made it advisory",
            );
            assert.match(row("bedrock-invocation-logging").violations[0].message, /declares no model invocation logging there/);
            assert.strictEqual(json.result, "advisory findings");
            assert.match(markdown, /^# Compliance review: runner-compliant/);
            assert.match(markdown, /\| `bedrock-specific-model-enablement` \| mandatory \| - \| pass \|/);
            assert.match(markdown, /\| `bedrock-invocation-logging` \| advisory \| BR-04, bedrock_model_invocation_logging_enabled \| violation \|/);
            assert.deepStrictEqual(emulator.mutatingRequests(), [], "a review only reads");
        });

        it("writes the mandatory violation into both files and exits 3", async () => {
            const result = await deploy("runner-violating", "review", "--out", out);
            assert.strictEqual(result.code, 3, result.output);
            const { json, markdown } = read("runner-violating");
            const row = json.policies.find((p) => p.policy === "bedrock-specific-model-enablement")!;
            assert.strictEqual(row.result, "violation");
            assert.match(row.violations[0].message, /anthropic\.claude-3-haiku-20240307-v1:0, which is not an allowed model/);
            assert.match(String(row.violations[0].resource), /ModelAccess/);
            assert.strictEqual(json.result, "mandatory violation");
            assert.match(markdown, /Result: \*\*mandatory violation\*\*/);
            assert.match(markdown, /\| `bedrock-specific-model-enablement` \| mandatory \| - \| violation \| `[^`]+` \| .*not an allowed model/);
            assert.deepStrictEqual(emulator.mutatingRequests(), []);
        });
    });

    it("stops `up` at a mandatory policy violation before anything changes, after reads only (exit 3)", async () => {
        const result = await deploy("runner-violating", "up");
        assert.strictEqual(result.code, 3, result.output);
        assert.match(result.output, /\[mandatory\]\s+bedrock-specific-model-enablement/);
        assert.match(result.output, /Stopped: 1 mandatory policy violation\(s\) in runner-violating up; nothing was changed \(exit code 3\)\./);
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "nothing changed");
        assert.deepStrictEqual(
            [...new Set(emulator.requests.map((r) => r.operation))],
            ["ListFoundationModels"],
            "only the preview's lifecycle read, one list for the region",
        );
    });

    it("previews, deploys and summarizes a compliant environment (exit 0), leaving its tracked file as written", async () => {
        const trackedFile = path.join(PROGRAM_DIR, "Pulumi.runner-compliant.yaml");
        const result = await deploy("runner-compliant", "up");
        assert.strictEqual(readFileSync(trackedFile, "utf8"), environments["runner-compliant"], "no encryptionsalt added, no value re-quoted");
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /=== runner-compliant: up \(policy pack: policy\) ===/);
        assert.match(result.output, /Requested access to anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-1/, "the engine's progress is streamed");
        assert.match(
            result.output,
            /Summary for runner-compliant \(up\):\n {2}planned changes: create 3\n {2}changes: create 3\n {2}outputs:\n {4}lifecycle: \{"ap-southeast-1\/anthropic\.claude-sonnet-4-20250514-v1:0":\{"status":"ACTIVE"\}\}\n {4}status: \{"ap-southeast-1\/anthropic\.claude-sonnet-4-20250514-v1:0":"AVAILABLE"\}/,
        );
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
        writeFileSync(
            path.join(PROGRAM_DIR, "Pulumi.runner-compliant.yaml"),
            `${environments["runner-compliant"]}  model-access-e2e:accessWaitTimeoutSeconds: soon\n`,
        );
        const result = await deploy("runner-compliant", "preview");
        assert.strictEqual(result.code, 2, result.output);
        assert.match(result.output, /The Pulumi CLI said:\n {2}error: .*accessWaitTimeoutSeconds.*integer/);
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

    it("after a runner killed once the agreement was requested, keeps the agreement as the stack's own and revokes it on destroy", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: Infinity });
        const child = await upUntilAccessRequested("runner-revoking");
        const closed = new Promise((r) => child.on("close", r));
        await killProcessTree(child.pid!);
        await closed;
        emulator.finishPending(REGION, SONNET);

        const cancel = await runToEnd("pulumi", ["cancel", "--stack", "runner-revoking", "--yes", "--non-interactive"], {
            cwd: PROGRAM_DIR,
            env: { ...process.env, ...runnerEnv() },
        });
        assert.strictEqual(cancel.code, 0, cancel.stderr);
        const refresh = await deploy("runner-revoking", "refresh");
        assert.strictEqual(refresh.code, 0, refresh.output);
        assert.match(refresh.output, /Kept 1 interrupted create\(s\) \(model access, data retention\) to read back/);
        assert.match(refresh.output, /requested before it was interrupted, as its own/);
        const up = await deploy("runner-revoking", "up");
        assert.strictEqual(up.code, 0, up.output);
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1, "no second agreement");

        const destroy = await deploy("runner-revoking", "destroy", "--yes");
        assert.strictEqual(destroy.code, 0, destroy.output);
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1, "the interrupted create's agreement was revoked");
    });

    it("ends the CLI, the language host and the provider when the runner alone is killed, so nothing keeps polling Bedrock", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: Infinity });
        const child = await upUntilAccessRequested("runner-compliant");
        const started = descendantsOf(child.pid!);
        assert.ok(started.length >= 3, `the run started the CLI and its plugins: ${started.length} processes`);
        const closed = new Promise((r) => child.on("close", r));
        process.kill(child.pid!, "SIGKILL");
        await closed;

        // SIGINT first (a graceful cancel cannot finish a wait that never ends), 3 s grace, SIGTERM, SIGKILL 2 s later.
        await new Promise((r) => setTimeout(r, 9000));
        const left = started.filter((pid) => isAlive(pid));
        assert.deepStrictEqual(left, [], "every process of the run has ended");
        const polls = emulator.requests.length;
        await new Promise((r) => setTimeout(r, 2000));
        assert.strictEqual(emulator.requests.length, polls, "nothing polls Bedrock any more");
    });

    it("on Ctrl-C (SIGINT to the runner alone) lets the CLI cancel gracefully: the step under way finishes, the lock is released, and the next up needs no pulumi cancel", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 4000 });
        const { child, done } = spawnRunner(["runner-compliant", "up"], runnerEnv());
        const deadline = Date.now() + 120_000;
        while (emulator.requestsFor("CreateFoundationModelAgreement").length === 0) {
            assert.ok(Date.now() < deadline, "the run never requested access");
            await new Promise((r) => setTimeout(r, 100));
        }
        process.kill(child.pid!, "SIGINT");
        const result = await done;
        assert.match(result.output, /SIGINT received: the Pulumi CLI cancels gracefully/);
        assert.match(result.output, /Stopped: an interrupt \(the CLI cancelled gracefully\) in runner-compliant up/);
        const locks = path.join(backendDir, ".pulumi", "locks", "organization", "model-access-e2e", "runner-compliant");
        assert.deepStrictEqual(existsSync(locks) ? readdirSync(locks) : [], [], "the CLI released the stack's lock");
        const again = await deploy("runner-compliant", "up");
        assert.strictEqual(again.code, 0, again.output);
        assert.strictEqual(
            emulator.model(REGION, SONNET).agreementsCreated,
            1,
            "the agreement the cancelled run requested is the stack's, not requested twice",
        );
    });

    it("after a killed run, says how to release the stack's lock", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: Infinity });
        const child = await upUntilAccessRequested("runner-compliant");
        const closed = new Promise((r) => child.on("close", r));
        await killProcessTree(child.pid!);
        await closed;

        const result = await deploy("runner-compliant", "up");
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /The Pulumi CLI said:/);
        assert.match(result.output, /release it with `pulumi cancel --stack runner-compliant --yes`/);
    });
});
