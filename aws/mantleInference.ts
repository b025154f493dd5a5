/**
 * One real call on bedrock-mantle (Anthropic's Messages API, through Anthropic's own
 * `@anthropic-ai/bedrock-sdk`, SigV4-signed as the deployer), and what each way it is refused
 * means, for the verification step.
 */
import { mantleBaseUrl } from "../bedrock/endpoints";

export interface MantleCall {
    readonly region: string;
    /** The bare model ID bedrock-mantle takes, e.g. anthropic.claude-sonnet-4-6. */
    readonly modelId: string;
    /** The stack's aws:profile, so the call is signed as the identity that deployed. */
    readonly awsProfile?: string;
    /** Attempts in all: the SDK retries 408, 409, 429, 5xx and connection errors, with backoff. */
    readonly maxAttempts: number;
    /** The Bedrock project (workspace) the call runs in; none: the account's default project. */
    readonly project?: string;
}

/**
 * The header that runs a Messages request in a Bedrock project: the user guide's "Workspaces
 * (Anthropic-compatible)" ("reference them in Messages API requests using the anthropic-workspace
 * header"); a workspace is a project of the Projects API.
 */
export const MANTLE_WORKSPACE_HEADER = "anthropic-workspace";

/** How long one attempt may take: the SDK's default is ten minutes, far beyond a one-token answer. */
const ATTEMPT_TIMEOUT_MS = 60_000;

/** What the SDK's APIError carries: the HTTP status (none for a connection error), and the body's error type and message. */
interface MaybeApiError {
    readonly status?: number;
    readonly apiMessage?: string | null;
    readonly type?: string | null;
    readonly name?: string;
    readonly message?: string;
    readonly cause?: unknown;
}

/** Says why the Messages call on bedrock-mantle was refused, and what to do, by its status and error type. */
export function explainMantleError(err: unknown, call: MantleCall): string {
    const e = (typeof err === "object" && err !== null ? err : {}) as MaybeApiError;
    const message = e.apiMessage ?? e.message ?? String(err);
    const status = e.status;
    const subject = `The Messages call on bedrock-mantle for ${call.modelId} in ${call.region}${call.project === undefined ? "" : ` (project ${call.project})`}`;
    const aws = `(bedrock-mantle: ${status ?? e.name ?? "error"}${e.type ? ` ${e.type}` : ""}: ${message})`;
    if (status === undefined) {
        const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
        return (
            `${subject} could not reach ${process.env.ANTHROPIC_BEDROCK_MANTLE_BASE_URL ?? mantleBaseUrl(call.region)} ` +
            `after ${call.maxAttempts} attempts (${e.message ?? String(err)}${cause}). bedrock-mantle may not be offered in ${call.region} ` +
            '(the Bedrock user guide\'s "Endpoints" page lists its regions), or the credentials could not be resolved; remove ' +
            '"mantle" from inferenceEndpoints, or check the network and aws:profile.'
        );
    }
    if (/use case details|use case form/i.test(message)) {
        return (
            `${subject} was refused: Anthropic's use-case form is missing or still being processed for this account ${aws}. ` +
            "Set it with `pulumi config set --secret --path useCaseForm.<field> <value>` (see docs/operators.md), or wait up to " +
            "15 minutes and run pulumi up again."
        );
    }
    if (status === 403 && /explicit deny/i.test(message)) {
        return (
            `${subject} was refused by an explicit Deny ${aws}: the model allow-list guardrail (modelGuardrail) or another SCP or ` +
            `IAM Deny blocks ${call.modelId} on bedrock-mantle. Check that the guardrail's allowed models include it.`
        );
    }
    if (status === 403 || status === 401) {
        return (
            `${subject} was refused by IAM ${aws}: the deploying identity may not call this model on bedrock-mantle. It needs ` +
            `bedrock-mantle:CreateInference on arn:<partition>:bedrock-mantle:${call.region}:<account>:project/${call.project ?? "*"} with ` +
            `bedrock-mantle:Model = ${call.modelId} (the stack's invoke policy grants exactly that with "mantle" in ` +
            "inferenceEndpoints; attach it to the deployer too, or set verifyInvoke to false)."
        );
    }
    if (status === 429) {
        return `${subject} was throttled after ${call.maxAttempts} attempts ${aws}. Run pulumi up again later, or raise the account's bedrock-mantle quota.`;
    }
    if (status === 404) {
        return (
            `${subject} failed: bedrock-mantle does not serve ${call.modelId} in ${call.region} ${aws}. Not every model is on ` +
            'bedrock-mantle in every region; call it on the runtime (remove "mantle" from inferenceEndpoints) or use a region that serves it.'
        );
    }
    if (status === 400 && /data retention/i.test(message)) {
        return (
            `${subject} was refused under ${call.region}'s data-retention mode ${aws}: the model needs another mode. Set ` +
            "dataRetention.mode (see docs/operators.md) or choose another model."
        );
    }
    return `${subject} failed ${aws}.`;
}

/**
 * The Messages API version the proof sends. Anthropic's SDKs send `2026-10-21` by default, also
 * through Amazon Bedrock, and the ARN-versioned models do not support it there (Anthropic's
 * "Claude on Amazon Bedrock (legacy)" page warns of the 400); the proof pins the version
 * bedrock-mantle's Anthropic API takes when none is given (`2023-06-01`, the default gateways that
 * route to bedrock-mantle, such as Portkey's, document), which every declared Claude model accepts.
 */
export const MANTLE_API_VERSION = "2023-06-01";

/** One Messages request with a one-token answer; returns the line to print, or throws the explanation. */
export async function invokeOnMantle(call: MantleCall): Promise<string> {
    const { AnthropicBedrockMantle } = await import("@anthropic-ai/bedrock-sdk");
    const client = new AnthropicBedrockMantle({
        awsRegion: call.region,
        // null: sign with SigV4 as the deployer, even where AWS_BEARER_TOKEN_BEDROCK holds an API key.
        apiKey: null,
        ...(call.awsProfile === undefined ? {} : { awsProfile: call.awsProfile }),
        maxRetries: call.maxAttempts - 1,
        timeout: ATTEMPT_TIMEOUT_MS,
        defaultHeaders: { "anthropic-version": MANTLE_API_VERSION, ...(call.project === undefined ? {} : { [MANTLE_WORKSPACE_HEADER]: call.project }) },
    });
    try {
        const message = await client.messages.create({
            model: call.modelId,
            max_tokens: 1,
            messages: [{ role: "user", content: "Reply with OK." }],
        });
        return `Invoked ${call.modelId} with the Messages API on bedrock-mantle in ${call.region}${call.project === undefined ? "" : ` in project ${call.project}`}: access works (${message.usage.output_tokens} output token).`;
    } catch (err) {
        throw new Error(explainMantleError(err, call));
    }
}
