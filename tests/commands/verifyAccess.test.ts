/**
 * The verification step the stack runs after deploying, as the exact command the component
 * gives @pulumi/command, against the Bedrock emulator.
 */
import * as assert from "node:assert";
import * as path from "node:path";
import { OTHER_IDENTITY, PROFILE, homeWithProfile } from "../helpers/awsProfile";
import { MANTLE_FAILURES, RUNTIME_FAILURES } from "../emulator/bedrockEmulator";
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
        return runVerification(["--region", "ap-southeast-1", "--profile", APAC, "--model", SONNET, ...extra], env);
    }

    /** Runs commands/verifyAccess.ts with these flags, against the emulator. */
    function runVerification(flags: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
        const args = ["-r", "ts-node/register/transpile-only", "commands/verifyAccess.ts", ...flags];
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
        assert.match(
            result.stderr,
            /Verification failed:\n {2}- Access to anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-3 is NOT_AVAILABLE, not AVAILABLE\./,
        );
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

    describe("the quota preflight (Service Quotas in the source region)", () => {
        const TOKENS = "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1";
        beforeEach(() => emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" }));

        it("warns, naming the quota and how to request more, when the profile's tokens-per-minute quota is 0", async () => {
            emulator.setServiceQuota("ap-southeast-1", { QuotaName: TOKENS, QuotaCode: "L-59759B4A", Value: 0 });
            // Other quotas around it: the global profile's, a 1M-context variant, another model's.
            emulator.setServiceQuota("ap-southeast-1", {
                QuotaName: "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1",
                QuotaCode: "L-GLOBAL01",
                Value: 200000,
            });
            emulator.setServiceQuota("ap-southeast-1", { QuotaName: `${TOKENS} 1M Context Length`, QuotaCode: "L-1MCONTXT", Value: 0 });
            emulator.setServiceQuota("ap-southeast-1", {
                QuotaName: "Cross-region model inference tokens per minute for Anthropic Claude 3 Haiku",
                QuotaCode: "L-HAIKU001",
                Value: 5,
            });
            const result = await verify();
            assert.strictEqual(result.code, 0, "a warning, not a failure: access itself is in place");
            assert.match(
                result.stdout,
                /Warning: the account's quota "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1" \(L-59759B4A\) is 0 in ap-southeast-1, so every call through apac\.anthropic\.claude-sonnet-4-20250514-v1:0 will be throttled/,
            );
            assert.match(
                result.stdout,
                /aws service-quotas request-service-quota-increase --service-code bedrock --quota-code L-59759B4A --desired-value <tokens per minute> --region ap-southeast-1/,
            );
            assert.ok(
                emulator.requests.some((r) => r.operation === "ListServiceQuotas" && r.signatureValid),
                "read from Service Quotas, signed",
            );
        });

        it("says the quota when it is above 0, and reads the global profile's quota for a global profile", async () => {
            emulator.setServiceQuota("ap-southeast-1", { QuotaName: TOKENS, QuotaCode: "L-59759B4A", Value: 0 });
            emulator.setServiceQuota("ap-southeast-1", {
                QuotaName: "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1",
                QuotaCode: "L-GLOBAL01",
                Value: 200000,
            });
            emulator.addInferenceProfile("ap-southeast-1", {
                inferenceProfileId: `global.${SONNET}`,
                modelArns: [`arn:aws:bedrock:::foundation-model/${SONNET}`],
            });
            const result = await verify("--profile", `global.${SONNET}`);
            assert.strictEqual(result.code, 0, result.stderr);
            assert.doesNotMatch(result.stdout, /Warning/);
            assert.match(
                result.stdout,
                /Quota "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4 V1" in ap-southeast-1: 200,000 tokens per minute\./,
            );
        });

        it("names a quota AWS will not raise through the API with the way to ask for it", async () => {
            emulator.setServiceQuota("ap-southeast-1", { QuotaName: TOKENS, QuotaCode: "L-59759B4A", Value: 0, Adjustable: false });
            const result = await verify();
            assert.match(result.stdout, /the quota is not adjustable through the API; ask AWS Support/);
        });

        it("goes on with a note when the quotas cannot be read", async () => {
            emulator.injectFault({
                operation: "ListServiceQuotas",
                type: "AccessDeniedException",
                status: 400,
                message: "User is not authorized to perform servicequotas:ListServiceQuotas",
            });
            const result = await verify();
            assert.strictEqual(result.code, 0, result.stderr);
            assert.match(result.stdout, /Note: could not read the account's Bedrock quotas in ap-southeast-1 \(AccessDeniedException: User is not authorized/);
        });
    });

    it("proves access through the environment's application profile with --invoke-model-id", async () => {
        emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" });
        const arn = "arn:aws:bedrock:ap-southeast-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
        emulator.addApplicationProfile("ap-southeast-1", arn, {
            inferenceProfileId: APAC,
            modelArns: ["ap-northeast-1", "ap-southeast-1"].map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`),
        });
        const result = await verify("--invoke", "--invoke-model-id", arn);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.match(
            result.stdout,
            new RegExp(`Invoked ${arn.replace(/[/.]/g, "\\$&")} \\(the application profile copying ${APAC.replace(/[.]/g, "\\.")}\\) with Converse`),
        );
        const converse = emulator.requests.filter((r) => r.operation === "Converse");
        assert.deepStrictEqual(
            converse.map((r) => r.modelId),
            [arn],
            "one call, through the application profile",
        );
    });

    describe("proving access with one Converse call (--invoke)", () => {
        beforeEach(() => emulator.addModel("ap-southeast-1", SONNET, { agreement: "AVAILABLE" }));

        it("passes with a one-token answer through the profile", async () => {
            const result = await verify("--invoke");
            assert.strictEqual(result.code, 0, result.stderr);
            assert.match(
                result.stdout,
                /Invoked apac\.anthropic\.claude-sonnet-4-20250514-v1:0 with Converse from ap-southeast-1: access works \(1 output token\)\./,
            );
            assert.strictEqual(emulator.conversations, 1, "exactly one request");
        });

        it("retries throttling, then succeeds", async () => {
            emulator.injectFault({ operation: "Converse", ...RUNTIME_FAILURES.throttled, times: 2 });
            const result = await verify("--invoke");
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(emulator.requestsFor("Converse").length, 3);
        });

        const failures: [string, (typeof RUNTIME_FAILURES)[keyof typeof RUNTIME_FAILURES], RegExp, number][] = [
            [
                "the use-case form missing or still processing",
                RUNTIME_FAILURES.useCaseFormMissing,
                /Anthropic's use-case form is missing or still being processed.*wait up to 15 minutes/,
                1,
            ],
            [
                "the Marketplace subscription failing, naming the permissions",
                RUNTIME_FAILURES.marketplaceSubscriptionFailed,
                /Marketplace subscription .* could not be made.*aws-marketplace:Subscribe \(scoped by aws-marketplace:ProductId\) and aws-marketplace:ViewSubscriptions/,
                1,
            ],
            ["a denial by IAM", RUNTIME_FAILURES.deniedByIam, /refused by IAM .*needs bedrock:InvokeModel on the profile/, 1],
            [
                "a denial by the model allow-list guardrail",
                RUNTIME_FAILURES.deniedByGuardrail,
                /refused by an explicit Deny .*model allow-list guardrail \(modelGuardrail\)/,
                1,
            ],
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

    describe("proving bedrock-mantle with one Messages call (--endpoint mantle --invoke)", () => {
        // A model bedrock-mantle serves (its card lists bedrock-mantle), in a Region where it has an endpoint.
        const MANTLE_MODEL = "anthropic.claude-opus-4-8";
        const GLOBAL = `global.${MANTLE_MODEL}`;
        /** The flags the stack gives the verification of the global profile of MANTLE_MODEL. */
        const MANTLE_FLAGS = ["--region", "us-east-1", "--profile", GLOBAL, "--model", MANTLE_MODEL];

        async function verifyBoth(env: Record<string, string> = {}, ...extra: string[]) {
            return runVerification([...MANTLE_FLAGS, "--endpoint", "runtime", "--endpoint", "mantle", "--invoke", ...extra], env);
        }

        beforeEach(() => {
            emulator.addInferenceProfile("us-east-1", { inferenceProfileId: GLOBAL, modelArns: [`arn:aws:bedrock:::foundation-model/${MANTLE_MODEL}`] });
            emulator.addModel("us-east-1", MANTLE_MODEL, { agreement: "AVAILABLE" });
        });

        it("proves both endpoints with one call each, signed for bedrock-mantle as the deployer", async () => {
            // An API key in the environment must not replace the deployer's SigV4 identity.
            const result = await verifyBoth({ AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key-not-the-deployer" });
            assert.strictEqual(result.code, 0, result.stderr);
            assert.match(result.stdout, /Invoked global\.anthropic\.claude-opus-4-8 with Converse from us-east-1: access works/);
            assert.match(
                result.stdout,
                /Invoked anthropic\.claude-opus-4-8 with the Messages API on bedrock-mantle in us-east-1: access works \(1 output token\)\./,
            );
            assert.strictEqual(emulator.conversations, 1);
            assert.strictEqual(emulator.mantleInferences, 1, "exactly one Messages request");
            const mantle = emulator.requestsFor("CreateInference");
            assert.deepStrictEqual(
                mantle.map((r) => [r.region, r.modelId, r.signatureValid, r.status]),
                [["us-east-1", MANTLE_MODEL, true, 200]],
            );
            // Pinned: @anthropic-ai/bedrock-sdk 1.2.1 would send its own default, 2026-10-21, which ARN-versioned models refuse.
            assert.deepStrictEqual(
                mantle.map((r) => r.apiVersion),
                ["2023-06-01"],
            );
        });

        it("proves only bedrock-mantle when the runtime is not an endpoint", async () => {
            const result = await runVerification([...MANTLE_FLAGS, "--endpoint", "mantle", "--invoke"]);
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(emulator.conversations, 0);
            assert.strictEqual(emulator.mantleInferences, 1);
        });

        it("makes no call without --invoke", async () => {
            const result = await runVerification([...MANTLE_FLAGS, "--endpoint", "mantle"]);
            assert.strictEqual(result.code, 0, result.stderr);
            assert.strictEqual(emulator.mantleInferences + emulator.requestsFor("CreateInference").length, 0);
        });

        it("proves a model served only on bedrock-mantle without any profile (--profile left out with --endpoint mantle alone)", async () => {
            const MYTHOS = "anthropic.claude-mythos-5";
            emulator.addModel("us-east-1", MYTHOS, { agreement: "AVAILABLE" });
            emulator.setDataRetention("us-east-1", "provider_data_share");
            const result = await runVerification(["--region", "us-east-1", "--model", MYTHOS, "--endpoint", "mantle", "--invoke"]);
            assert.strictEqual(result.code, 0, result.stderr);
            assert.match(result.stdout, /Access to anthropic\.claude-mythos-5 is AVAILABLE in us-east-1\./);
            assert.match(result.stdout, /Invoked anthropic\.claude-mythos-5 with the Messages API on bedrock-mantle in us-east-1: access works/);
            assert.deepStrictEqual(emulator.requestsFor("GetInferenceProfile"), [], "no profile is looked up");
            assert.strictEqual(emulator.conversations, 0);
        });

        it("needs --profile whenever the runtime is to be proven", async () => {
            const result = await runVerification(["--region", "us-east-1", "--model", MANTLE_MODEL, "--endpoint", "runtime", "--endpoint", "mantle"]);
            assert.strictEqual(result.code, 1);
            assert.match(result.stderr, /--profile may be left out only with --endpoint mantle alone/);
        });

        it("refuses an unknown endpoint, naming the choices", async () => {
            const result = await verify("--endpoint", "openai");
            assert.strictEqual(result.code, 1);
            assert.match(result.stderr, /--endpoint openai is not one of runtime, mantle/);
        });

        const failures: [string, { type: string; status: number; message: string }, RegExp, number][] = [
            [
                "a denial by IAM, naming the grant",
                MANTLE_FAILURES.deniedByIam,
                /refused by IAM .*bedrock-mantle:CreateInference on arn:<partition>:bedrock-mantle:us-east-1:<account>:project\/\* with bedrock-mantle:Model = anthropic\.claude-opus-4-8/,
                1,
            ],
            [
                "a denial by the model allow-list guardrail",
                MANTLE_FAILURES.deniedByGuardrail,
                /refused by an explicit Deny .*model allow-list guardrail \(modelGuardrail\).*on bedrock-mantle/,
                1,
            ],
            [
                "throttling that does not end, after bounded retries",
                MANTLE_FAILURES.throttled,
                /was throttled after 4 attempts .*bedrock-mantle: 429 rate_limit_error/,
                4,
            ],
        ];
        for (const [name, fault, says, attempts] of failures) {
            it(`fails the update, saying so, on ${name}`, async () => {
                emulator.injectFault({ operation: "CreateInference", ...fault, times: 100 });
                const result = await verifyBoth();
                assert.strictEqual(result.code, 1);
                assert.match(result.stderr, says);
                assert.strictEqual(emulator.conversations, 1, "the runtime is still proven");
                assert.strictEqual(emulator.requestsFor("CreateInference").length, attempts, "only transient errors are retried");
            });
        }

        it("says so when bedrock-mantle does not serve the model in the region", async () => {
            emulator.reset();
            emulator.addInferenceProfile("us-east-1", { inferenceProfileId: GLOBAL, modelArns: [`arn:aws:bedrock:::foundation-model/${MANTLE_MODEL}`] });
            emulator.addModel("us-east-1", MANTLE_MODEL, { agreement: "AVAILABLE", servedOnMantle: false });
            const result = await verifyBoth();
            assert.strictEqual(result.code, 1);
            assert.match(
                result.stderr,
                /bedrock-mantle does not serve anthropic\.claude-opus-4-8 in us-east-1 .*404 not_found_error: model: anthropic\.claude-opus-4-8/,
            );
        });

        it("says so when the region's data-retention mode refuses the model", async () => {
            const FABLE = "anthropic.claude-fable-5";
            emulator.addInferenceProfile("us-east-1", {
                inferenceProfileId: `global.${FABLE}`,
                modelArns: [`arn:aws:bedrock:::foundation-model/${FABLE}`],
            });
            emulator.addModel("us-east-1", FABLE, { agreement: "AVAILABLE" });
            emulator.setDataRetention("us-east-1", "none");
            const result = await runVerification([
                "--region",
                "us-east-1",
                "--profile",
                `global.${FABLE}`,
                "--model",
                FABLE,
                "--endpoint",
                "mantle",
                "--invoke",
            ]);
            assert.strictEqual(result.code, 1);
            assert.match(result.stderr, /refused under us-east-1's data-retention mode .*dataRetention\.mode/);
        });

        it("says where it could not connect when bedrock-mantle is unreachable", async () => {
            const result = await verifyBoth({ ANTHROPIC_BEDROCK_MANTLE_BASE_URL: "http://127.0.0.1:9/anthropic" });
            assert.strictEqual(result.code, 1);
            assert.match(result.stderr, /could not reach http:\/\/127\.0\.0\.1:9\/anthropic after 4 attempts.*may not be offered in us-east-1/);
        });
    });
});
