/**
 * Shared state in an S3 bucket, as a team runs it: a laptop and a pipeline (two runners with their
 * own Pulumi homes and working copies) use one bucket on an S3-compatible server started here on
 * 127.0.0.1 (gofakes3). The second sees the first's stack, a concurrent update is refused by
 * Pulumi's lock with the runner's recovery message, and no state is lost.
 */
import * as assert from "node:assert";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { emulatorEnvironment } from "../helpers/bedrockTestEnvironment";
import { REGION, SONNET } from "../helpers/fixtures";
import { PROGRAM_DIR, useEngineTests } from "./engineHarness";
import { runRunner, spawnRunner } from "./runnerProcess";

const ENVIRONMENT = "s3-shared";
const ENV_FILE = path.join(PROGRAM_DIR, `Pulumi.${ENVIRONMENT}.yaml`);
const WORKING_COPY = path.join(PROGRAM_DIR, ".pulumi-work", `Pulumi.${ENVIRONMENT}.yaml`);

async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

function environmentFile(regions: string[]): string {
    return `config:\n  aws:region: ${REGION}\n  model-access-e2e:models:\n    - ${SONNET}\n  model-access-e2e:regions:\n${regions.map((r) => `    - ${r}\n`).join("")}`;
}

describe("shared state in an S3 bucket (engine, S3-compatible server on 127.0.0.1)", function () {
    const emulator = useEngineTests(this);
    let s3: ChildProcess | undefined;
    let bucketUrl: string;

    before(async function () {
        this.timeout(600_000); // the first run builds the server from the Go module proxy
        const { stdout } = await promisify(execFile)("bash", [path.join(__dirname, "ensure-fake-s3.sh")], { maxBuffer: 16 * 1024 * 1024 });
        const port = await freePort();
        s3 = spawn(stdout.trim().split("\n").pop()!, ["-backend", "memory", "-initialbucket", "team-state", "-host", `127.0.0.1:${port}`, "-quiet"], {
            stdio: "ignore",
        });
        await new Promise((r) => setTimeout(r, 500));
        bucketUrl = `s3://team-state?endpoint=http://127.0.0.1:${port}&use_path_style=true&region=us-east-1`;
    });
    after(() => {
        s3?.kill();
        rmSync(ENV_FILE, { force: true });
        rmSync(WORKING_COPY, { force: true });
    });

    /** One runner: its own Pulumi home (a laptop or a pipeline), the shared bucket. */
    function runnerEnv(home: string): Record<string, string> {
        return {
            PULUMI_BACKEND_URL: bucketUrl,
            PULUMI_HOME: home,
            PULUMI_CONFIG_PASSPHRASE: "team-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            // The S3 client of the backend signs with these; the test server does not check them.
            AWS_REGION: "us-east-1",
            ...emulatorEnvironment(emulator),
        };
    }

    it("lets a pipeline see a laptop's stack, refuses a concurrent update by the lock, and loses no state", async () => {
        const laptop = runnerEnv(mkdtempSync(path.join(tmpdir(), "laptop-")));
        const pipeline = runnerEnv(mkdtempSync(path.join(tmpdir(), "pipeline-")));
        emulator.addModel(REGION, SONNET, { pendingMs: 200 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        writeFileSync(ENV_FILE, environmentFile([REGION]));

        const first = await runRunner([ENVIRONMENT, "up"], laptop);
        assert.strictEqual(first.code, 0, first.output);
        assert.match(first.output, /state: s3:\/\/team-state\?/);

        // The pipeline starts from a fresh checkout: no working copy, its own Pulumi home.
        rmSync(WORKING_COPY, { force: true });
        const seen = await runRunner([ENVIRONMENT, "preview"], pipeline);
        assert.strictEqual(seen.code, 0, seen.output);
        assert.match(seen.output, /planned changes: same 3/, "the pipeline sees the laptop's resources; nothing would be re-created");

        // The laptop adds a region whose access takes long; meanwhile the pipeline tries to update.
        emulator.addModel("ap-southeast-2", SONNET, { pendingMs: Infinity });
        emulator.setUseCaseForm("ap-southeast-2", '{"companyName":"already submitted"}');
        writeFileSync(ENV_FILE, environmentFile([REGION, "ap-southeast-2"]));
        const slow = spawnRunner([ENVIRONMENT, "up"], laptop);
        const deadline = Date.now() + 120_000;
        while (emulator.requestsFor("CreateFoundationModelAgreement").filter((r) => r.region === "ap-southeast-2").length === 0) {
            assert.ok(Date.now() < deadline, "the laptop's update never requested access");
            await new Promise((r) => setTimeout(r, 100));
        }
        const refused = await runRunner([ENVIRONMENT, "up"], pipeline);
        assert.notStrictEqual(refused.code, 0, refused.output);
        assert.match(refused.output, /The Pulumi CLI said:\n {2}error: .*locked/);
        assert.match(refused.output, /The stack s3-shared is locked by another update\. If none is running/);

        emulator.finishPending("ap-southeast-2", SONNET);
        const finished = await slow.done;
        assert.strictEqual(finished.code, 0, finished.output);

        const after = await runRunner([ENVIRONMENT, "preview"], pipeline);
        assert.strictEqual(after.code, 0, after.output);
        assert.match(after.output, /planned changes: same 4/, "both model accesses are in the shared state");
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
        assert.strictEqual(emulator.model("ap-southeast-2", SONNET).agreementsCreated, 1);
    });
});
