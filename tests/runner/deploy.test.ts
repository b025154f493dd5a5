/**
 * The deploy runner's checks that run before the Pulumi CLI: a new user's mistakes in the
 * project's files and environment stop with exit code 2 and a message that names the file, key
 * or variable and the fix. Also the CLI error texts it passes on and the recovery it suggests.
 */
import * as assert from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { deploy } from "../../runner/deploy";
import { cliErrors, recoveryHint } from "../../runner/failures";
import { passphraseProblem } from "../../runner/preflight";
import { EXIT } from "../../runner/args";
import { writeWorkingConfig } from "../../runner/environmentFile";

function project(environmentText: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "runner-project-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bedrock-model-access\nruntime: nodejs\n");
    writeFileSync(path.join(dir, "Pulumi.dev.yaml"), environmentText);
    return dir;
}

async function run(argv: string[], env: Record<string, string | undefined> = { PULUMI_CONFIG_PASSPHRASE: "p" }): Promise<{ code: number; output: string }> {
    const saved: Record<string, string | undefined> = { PATH: process.env.PATH };
    for (const name of Object.keys(env)) {
        saved[name] = process.env[name];
    }
    for (const [name, value] of Object.entries(env)) {
        if (value === undefined) {
            delete process.env[name];
        } else {
            process.env[name] = value;
        }
    }
    // No CLI on PATH: every case here must stop before the runner looks for it.
    process.env.PATH = "";
    let output = "";
    try {
        // No test downloads: the CLI installer is one that records what it was asked and fails.
        const code = await deploy(
            argv,
            (t) => (output += t),
            undefined,
            async (options) => {
                installs.push(options);
                throw new Error("no download in tests");
            },
        );
        return { code, output };
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = value;
            }
        }
    }
}

const installs: { root: string; version: { version: string } }[] = [];

const GOOD = "config:\n  aws:region: ap-southeast-1\n  bedrock-model-access:inferenceProfiles:\n    - apac.anthropic.claude-sonnet-4-20250514-v1:0\n";

describe("deploy runner checks before the CLI", () => {
    it("refuses an environment file that is not YAML, naming the file and line (exit 2)", async () => {
        const dir = project("config:\n  aws:region: ap-southeast-1\n  bedrock-model-access:inferenceProfiles: [apac.x\n");
        const { code, output } = await run(["dev", "--project", dir]);
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /Pulumi\.dev\.yaml is not valid YAML at line \d+, column \d+/);
    });

    it("checks this program's environments with the program's own rules before any CLI call, naming the key (exit 2)", async () => {
        const dir = project(`${GOOD}  bedrock-model-access:apiKeys: long-term\n  bedrock-model-access:allowStreaming: maybe\n`);
        // A project that runs this program (this repository, or a copy made with `pulumi new`).
        for (const file of ["stack/settings.ts", "settings/settings.ts"]) {
            mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            writeFileSync(path.join(dir, file), "");
        }
        const { code, output } = await run(["dev", "--project", dir], { PULUMI_CONFIG_PASSPHRASE: "p", PATH: "/nonexistent" });
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /Pulumi\.dev\.yaml: bedrock-model-access:apiKeys must be one of "none", "short-term", "any", got "long-term"/);
        assert.match(output, /Pulumi\.dev\.yaml: Configuration 'bedrock-model-access:allowStreaming' value 'maybe' is not a valid boolean/);
    });

    it("refuses a use-case form with plaintext fields, naming them (exit 2)", async () => {
        const dir = project(
            `${GOOD}  bedrock-model-access:useCaseForm:\n    companyName:\n      secure: v1:abc:def\n    companyWebsite: https://example.com\n    useCases: internal\n`,
        );
        const { code, output } = await run(["dev", "--project", dir]);
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /Pulumi\.dev\.yaml: bedrock-model-access:useCaseForm has fields in plaintext \(companyWebsite, useCases\)/);
    });

    it("refuses an empty PULUMI_CONFIG_PASSPHRASE even with a passphrase file (exit 2)", async () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "phrase-")), "phrase");
        writeFileSync(file, "a real passphrase\n");
        const { code, output } = await run(["dev", "--project", project(GOOD)], { PULUMI_CONFIG_PASSPHRASE: "", PULUMI_CONFIG_PASSPHRASE_FILE: file });
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /PULUMI_CONFIG_PASSPHRASE is set but empty/);
    });

    it("refuses an empty or missing passphrase file", () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "phrase-")), "phrase");
        writeFileSync(file, "\n");
        assert.match(passphraseProblem({ PULUMI_CONFIG_PASSPHRASE_FILE: file }) ?? "", /is empty/);
        assert.match(passphraseProblem({ PULUMI_CONFIG_PASSPHRASE_FILE: `${file}-gone` }) ?? "", /does not exist/);
        assert.strictEqual(passphraseProblem({ PULUMI_CONFIG_PASSPHRASE: "secret" }), undefined);
    });

    it("refuses a missing policy configuration file (exit 2)", async () => {
        const { code, output } = await run(["dev", "--project", project(GOOD), "--policy-config", "/nonexistent/policy.json"]);
        assert.strictEqual(code, EXIT.configurationError);
        assert.match(output, /--policy-config\) does not exist/);
    });

    it("refuses a policy configuration that is a directory or not JSON, naming the option and file (exit 2)", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "policy-config-"));
        const notJson = path.join(dir, "policy.json");
        writeFileSync(notJson, "bedrock-model-allow-list: advisory\n");
        for (const [given, says] of [
            [dir, /--policy-config\) is not a file/],
            [notJson, /The policy configuration file .*policy\.json \(--policy-config\) is not JSON at line 1, column 1 \(InvalidSymbol\);/],
        ] as const) {
            const { code, output } = await run(["dev", "--project", project(GOOD), "--policy-config", given]);
            assert.strictEqual(code, EXIT.configurationError, output);
            assert.match(output, says);
        }
    });

    it("says where a policy configuration is not JSON, never what it holds (a passphrase file given by mistake)", async () => {
        const secret = path.join(mkdtempSync(path.join(tmpdir(), "secret-")), "passphrase");
        writeFileSync(secret, "hunter2-correct-horse\n");
        const { code, output } = await run(["dev", "--project", project(GOOD), "--policy-config", secret]);
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /is not JSON at line 1, column 1 \(InvalidSymbol\); give a JSON object/);
        assert.doesNotMatch(output, /hunter2|correct|horse/);
        writeFileSync(secret, '{"bedrock-model-allow-list": "advisory",\n "x": hunter2}');
        assert.match((await run(["dev", "--project", project(GOOD), "--policy-config", secret])).output, /is not JSON at line 2, column 7 \(InvalidSymbol\);/);
    });

    it("refuses a passphrase of spaces, and a passphrase file that is a directory", () => {
        assert.match(passphraseProblem({ PULUMI_CONFIG_PASSPHRASE: "   " }) ?? "", /PULUMI_CONFIG_PASSPHRASE is set but only white space/);
        const dir = mkdtempSync(path.join(tmpdir(), "phrase-dir-"));
        assert.match(passphraseProblem({ PULUMI_CONFIG_PASSPHRASE_FILE: dir }) ?? "", /PULUMI_CONFIG_PASSPHRASE_FILE \(.*\) is not a file/);
    });

    it("reports a missing passphrase, CLI and AWS credentials in one run (exit 2: the passphrase is the user's configuration)", async () => {
        const home = mkdtempSync(path.join(tmpdir(), "no-aws-"));
        const { code, output } = await run(["dev", "--project", project(GOOD)], {
            PULUMI_CONFIG_PASSPHRASE: undefined,
            PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
            AWS_ACCESS_KEY_ID: undefined,
            AWS_SECRET_ACCESS_KEY: undefined,
            AWS_SESSION_TOKEN: undefined,
            AWS_PROFILE: undefined,
            AWS_CONFIG_FILE: path.join(home, "config"),
            AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
        });
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /PULUMI_CONFIG_PASSPHRASE is not set/);
        assert.match(output, /The Pulumi CLI was not found on PATH/);
        assert.match(output, /No AWS credentials found/);
    });

    it("refuses an aws:profile that cannot be a profile name as configuration (exit 2), not as missing credentials", async () => {
        const { code, output } = await run(["dev", "--project", project(`${GOOD}  aws:profile: "dev; rm -rf /"\n`)]);
        assert.strictEqual(code, EXIT.configurationError, output);
        assert.match(output, /Pulumi\.dev\.yaml: aws:profile "dev; rm -rf \/" is not a profile name/);
        assert.doesNotMatch(output, /No AWS credentials/);
    });

    it("installs the pinned CLI into a cache outside the repository when none is on PATH, and falls back to the instructions (exit 4) when it cannot download", async () => {
        installs.length = 0;
        const { code, output } = await run(["dev", "--project", project(GOOD)]);
        assert.strictEqual(code, EXIT.prerequisiteMissing, output);
        const pinned = (JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
        assert.deepStrictEqual(
            installs.map((i) => i.version.version),
            [pinned],
            "asked for the CLI of the @pulumi/pulumi the project installs",
        );
        const root = installs[0].root;
        assert.ok(!path.resolve(root).startsWith(path.resolve(__dirname, "..", "..")), `${root} is outside the repository`);
        assert.match(output, new RegExp(`The Pulumi CLI is not on PATH; installing v${pinned.replace(/\./g, "\\.")} into .* with Pulumi's installer`));
        assert.match(output, /installing v[\d.]+ into .* failed \(no download in tests\)\. Install it: https:\/\/www\.pulumi\.com\/docs\/install\//);
    });

    it("says the CLI is missing (exit 4) once the files are fine", async () => {
        const { code, output } = await run(["dev", "--project", project(GOOD)]);
        assert.strictEqual(code, EXIT.prerequisiteMissing, output);
    });
});

describe("deploy runner messages after the CLI fails", () => {
    it("passes on the CLI's own error lines", () => {
        const message =
            "Command failed with exit code 255: pulumi preview\n code: 255\n stdout: \n stderr: error: Stack 'dev' with configuration key 'accessWaitTimeoutSeconds' must be of type 'integer'\n";
        assert.deepStrictEqual(cliErrors(message), ["error: Stack 'dev' with configuration key 'accessWaitTimeoutSeconds' must be of type 'integer'"]);
    });

    it("passes on the cause under the CLI's generic 'N error(s) occurred' line, not the generic line alone", () => {
        const message =
            "Command failed with exit code 255: pulumi up\n stderr: error: 1 error occurred:\n\t* the current deployment has 1 resource(s) with pending operations:\n";
        assert.deepStrictEqual(cliErrors(message), ["* the current deployment has 1 resource(s) with pending operations:"]);
    });

    it("says how to recover a locked stack, pending operations and a wrong passphrase", () => {
        assert.match(
            recoveryHint("error: the stack is currently locked by 1 lock(s)", "dev", "file:///s") ?? "",
            /pulumi cancel --stack dev --yes` \(with PULUMI_BACKEND_URL=file:\/\/\/s\)/,
        );
        assert.match(
            recoveryHint("the current deployment has 1 resource(s) with pending operations", "dev", "file:///s") ?? "",
            /npm run deploy -- dev refresh/,
        );
        assert.match(recoveryHint("error: incorrect passphrase", "dev", "file:///s") ?? "", /Use the passphrase the stack was created with/);
        assert.strictEqual(recoveryHint("AccessDenied", "dev", "file:///s"), undefined);
    });
});

describe("the runner's working copy of an environment's configuration", () => {
    it("keeps the tracked text as written and adds only the salt the CLI wrote", () => {
        const dir = project(GOOD);
        const file = writeWorkingConfig(dir, "dev", GOOD, { encryptionsalt: "v1:abc" });
        const text = readFileSync(file, "utf8");
        assert.ok(text.endsWith(GOOD));
        assert.match(text, /^encryptionsalt: "v1:abc"$/m);
        // The next run keeps the salt from the working copy.
        assert.match(readFileSync(writeWorkingConfig(dir, "dev", GOOD), "utf8"), /^encryptionsalt: "v1:abc"$/m);
    });

    it("uses a salt committed in the tracked file instead", () => {
        const dir = project(GOOD);
        writeWorkingConfig(dir, "dev", GOOD, { encryptionsalt: "v1:mine" });
        const text = readFileSync(writeWorkingConfig(dir, "dev", `encryptionsalt: v1:team\n${GOOD}`), "utf8");
        assert.doesNotMatch(text, /v1:mine/);
        assert.match(text, /^encryptionsalt: v1:team$/m);
    });
});
