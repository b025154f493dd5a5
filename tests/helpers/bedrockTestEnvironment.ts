/**
 * Starts the Bedrock emulator for a mocha suite and points the AWS SDK at it through the
 * standard environment variables, exactly as a user's shell would (the product has no test hooks).
 */
import { BedrockEmulator } from "../emulator/bedrockEmulator";

const AWS_VARIABLES = [
    "AWS_ENDPOINT_URL_BEDROCK",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_ENDPOINT_URL_SERVICE_QUOTAS",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_ORGANIZATIONS",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_MAX_ATTEMPTS",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
    "AWS_BEARER_TOKEN_BEDROCK",
    "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
];

/** The environment a child process needs to reach the emulator. */
export function emulatorEnvironment(emulator: BedrockEmulator): Record<string, string> {
    return {
        AWS_ENDPOINT_URL_BEDROCK: emulator.endpoint,
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.runtimeEndpoint,
        // Service Quotas (the quota preflight) is answered on the control plane's listener.
        AWS_ENDPOINT_URL_SERVICE_QUOTAS: emulator.endpoint,
        // STS (the stack's account) and Organizations (its organization) too.
        AWS_ENDPOINT_URL_STS: emulator.endpoint,
        AWS_ENDPOINT_URL_ORGANIZATIONS: emulator.endpoint,
        // Anthropic's SDK (AnthropicBedrockMantle) takes bedrock-mantle's base URL from here.
        ANTHROPIC_BEDROCK_MANTLE_BASE_URL: emulator.mantleBaseUrl,
        AWS_ACCESS_KEY_ID: BedrockEmulator.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: BedrockEmulator.credentials.secretAccessKey,
        // No instance-metadata lookups: tests reach 127.0.0.1 only.
        AWS_EC2_METADATA_DISABLED: "true",
    };
}

/** Registers before/after hooks and returns the running emulator (reset before each test). */
export function useBedrockEmulator(): BedrockEmulator {
    const emulator = new BedrockEmulator();
    const saved: Record<string, string | undefined> = {};
    before(async () => {
        await emulator.start();
        for (const name of AWS_VARIABLES) {
            saved[name] = process.env[name];
            delete process.env[name];
        }
        Object.assign(process.env, emulatorEnvironment(emulator));
    });
    beforeEach(() => emulator.reset());
    after(async () => {
        await emulator.stop();
        for (const name of AWS_VARIABLES) {
            if (saved[name] === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = saved[name];
            }
        }
    });
    return emulator;
}

/** Runs fn with console.log captured; returns fn's result and the lines logged. */
export async function captureLog<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    try {
        return { result: await fn(), lines };
    } finally {
        console.log = original;
    }
}

/** Runs fn, expecting it to reject; returns the error, with its logged lines. */
export async function captureFailure(fn: () => Promise<unknown>): Promise<{ error: Error & Record<string, unknown>; lines: string[] }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    try {
        await fn();
    } catch (err) {
        return { error: err as Error & Record<string, unknown>, lines };
    } finally {
        console.log = original;
    }
    throw new Error("expected a failure, but the call succeeded");
}
