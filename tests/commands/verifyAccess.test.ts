/**
 * The verification step the stack runs after deploying, as the exact command the component
 * gives @pulumi/command, against the Bedrock emulator.
 */
import * as assert from "assert";
import * as path from "path";
import { OTHER_IDENTITY, PROFILE, homeWithProfile } from "../helpers/awsProfile";
import { RUNTIME_FAILURES } from "../emulator/bedrockEmulator";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { runToEnd } from "../helpers/processes";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const APAC = `apac.${SONNET}`;
const ROOT = path.resolve(__dirname, "..", "..");

describe("verification step", function () {
    this.timeout(30_000);
    const emulator = useBedrockEmulator();

    /** Runs the command line the InferenceProfileAccess component declares. */
    async function verify(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
        return verifyWith({}, ...extra);
    }

    async function verifyWith(env: Record<string, string>, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
        const args = ["-r", "ts-node/register/transpile-only", "commands/verifyAccess.ts", "--region", "ap-southeast-1", "--profile", APAC, "--model", SONNET, ...extra];
        return runToEnd(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...emulatorEnvironment(emulator), ...env } });
    }

    beforeEach(() => {
        emulator.addInferenceProfile("ap-southeast-1", {
            inferenceProfileId: APAC,
            modelArns: ["ap-northeast-1", "ap-southeast-1"].map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`),
        });
    });

    it("passes when the profile is ACTIVE and access AVAILABLE", async () => {
        emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" });
        const result = await verify();
        assert.strictEqual(result.code, 0, result.stderr);
        assert.match(result.stdout, /Inference profile apac\.anthropic\.claude-sonnet-4-20250514-v1:0 is ACTIVE in ap-southeast-1 \(2 destination regions\)/);
        assert.match(result.stdout, /Access to anthropic\.claude-sonnet-4-20250514-v1:0 is AVAILABLE in ap-southeast-1\./);
        assert.strictEqual(emulator.mutatingRequests().length, 0, "verification only reads");
        assert.strictEqual(result.stderr, "", "no SDK support warning or other noise on a supported Node.js");
    });

    it("runs as the stack's aws:profile (--aws-profile), not as the environment's credentials", async () => {
        emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" });
        const result = await verifyWith({ HOME: homeWithProfile(), ...OTHER_IDENTITY }, "--aws-profile", PROFILE);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.ok(emulator.requests.length > 0 && emulator.requests.every((r) => r.signatureValid), "every request signed with the profile's key");
        const asEnvironment = await verifyWith({ HOME: homeWithProfile(), ...OTHER_IDENTITY });
        assert.strictEqual(asEnvironment.code, 1, "without the profile the other identity is refused");
    });

    it("fails the update, naming every problem, when access is missing in a region", async () => {
        emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" });
        emulator.addModel("ap-southeast-3", SONNET);
        const result = await verify("--access-region", "ap-southeast-3");
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /Verification failed:\n {2}- Access to anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-3 is NOT_AVAILABLE, not AVAILABLE\./);
    });

    it("fails when the profile does not exist in the region", async () => {
        emulator.reset();
        emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" });
        const result = await verify();
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /Inference profile apac\.anthropic\.claude-sonnet-4-20250514-v1:0 does not exist in ap-southeast-1\./);
    });

    it("explains a usage mistake", async () => {
        const result = await verify("--access-region");
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /Usage: verifyAccess/);
    });

    describe("proving access with one Converse call (--invoke)", () => {
        beforeEach(() => emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" }));

        it("passes with a one-token answer through the profile", async () => {
            const result = await verify("--invoke");
            assert.strictEqual(result.code, 0, result.stderr);
            assert.match(result.stdout, /Invoked apac\.anthropic\.claude-sonnet-4-20250514-v1:0 with Converse from ap-southeast-1: access works \(1 output token\)\./);
            assert.strictEqual(emulator.conversations, 1, "exactly one request");
        });

        it("retries throttling, then succeeds", async () => {
            emulator.injectFault({ operation: "Converse", ...RUNTIME_FAILURES.throttled, times: 2 });
            const result = await verify("--invoke");
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(emulator.requestsFor("Converse").length, 3);
        });

        const failures: [string, (typeof RUNTIME_FAILURES)[keyof typeof RUNTIME_FAILURES], RegExp, number][] = [
            ["the use-case form missing or still processing", RUNTIME_FAILURES.useCaseFormMissing, /Anthropic's use-case form is missing or still being processed.*wait up to 15 minutes/, 1],
            ["the Marketplace subscription failing, naming the permissions", RUNTIME_FAILURES.marketplaceSubscriptionFailed, /Marketplace subscription .* could not be made.*aws-marketplace:Subscribe \(scoped by aws-marketplace:ProductId\) and aws-marketplace:ViewSubscriptions/, 1],
            ["a denial by IAM", RUNTIME_FAILURES.deniedByIam, /refused by IAM .*needs bedrock:InvokeModel on the profile/, 1],
            ["a denial by the model allow-list guardrail", RUNTIME_FAILURES.deniedByGuardrail, /refused by an explicit Deny .*model allow-list guardrail \(modelGuardrail\)/, 1],
            ["throttling that does not end, after bounded retries", RUNTIME_FAILURES.throttled, /was throttled after 4 attempts/, 4],
            ["the model not available to the account", RUNTIME_FAILURES.notAvailable, /the model is not available to this account through this profile/, 1],
        ];
        for (const [name, fault, says, attempts] of failures) {
            it(`fails the update, saying so, on ${name}`, async () => {
                emulator.injectFault({ operation: "Converse", ...fault, times: 100 });
                const result = await verify("--invoke");
                assert.strictEqual(result.code, 1);
                assert.match(result.stderr, says);
                assert.strictEqual(emulator.requestsFor("Converse").length, attempts, "only transient errors are retried");
            });
        }

        it("says so when the profile does not exist for the runtime", async () => {
            emulator.reset();
            emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" });
            const result = await verify("--invoke");
            assert.strictEqual(result.code, 1);
            assert.doesNotMatch(result.stderr, /Invoked/);
        });
    });
});
