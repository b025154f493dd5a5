/**
 * The application's SSM parameters as plain data: which are written, their full names under the
 * prefix, and why a prefix is unusable (read by the settings before anything is declared).
 */
import { DEFAULT_INFERENCE_ENDPOINTS, type InferenceEndpoint } from "../../bedrock/endpoints";

/** The parameters written under the prefix, by name, and what each holds. */
export const APPLICATION_PARAMETERS = {
    "inference-profile-id": "The inference-profile ID, passed as modelId to Converse or InvokeModel.",
    "inference-profile-arn": "The inference profile's ARN.",
    region: "The source region to call the profile from.",
    "model-id": "The foundation model behind the profile.",
    "mantle-model-id": "The model ID to pass as model to bedrock-mantle's Messages API (AnthropicBedrockMantle).",
    "mantle-base-url": "The bedrock-mantle base URL for Anthropic's Messages API in the source region.",
    "mantle-project-id":
        "The environment's Bedrock project, where its bedrock-mantle calls run: sent as the anthropic-workspace header of each Messages request.",
    "mantle-only-model-ids": "The models served only on bedrock-mantle (no inference profile), comma-separated, each passed as model to its Messages API.",
    "invoke-model-id": "What to pass as modelId to Converse or InvokeModel: the environment's application inference profile ARN (usage tracking).",
} as const;
export type ApplicationParameter = keyof typeof APPLICATION_PARAMETERS;

/** The parameters written only when the application calls bedrock-mantle. */
const MANTLE_PARAMETERS: readonly ApplicationParameter[] = ["mantle-model-id", "mantle-base-url", "mantle-project-id"];

/** What decides which parameters are written. */
export interface ParameterChoice {
    /** The endpoints the application calls (default runtime only). */
    readonly endpoints?: readonly InferenceEndpoint[];
    /** Usage tracking is on: invoke-model-id names the application profile. */
    readonly usageTracking?: boolean;
    /** The stack declares models served only on bedrock-mantle: mantle-only-model-ids lists them. */
    readonly mantleOnlyModels?: boolean;
}

/**
 * The parameters written: the profile's four always, the mantle ones with mantle, invoke-model-id
 * with usage tracking (without it a stack keeps exactly the parameters it had; the backend then
 * passes inference-profile-id), mantle-only-model-ids with models served only on bedrock-mantle.
 */
export function applicationParameters(choice: ParameterChoice = {}): ApplicationParameter[] {
    const endpoints = choice.endpoints ?? DEFAULT_INFERENCE_ENDPOINTS;
    return (Object.keys(APPLICATION_PARAMETERS) as ApplicationParameter[]).filter(
        (p) =>
            (endpoints.includes("mantle") || !MANTLE_PARAMETERS.includes(p)) &&
            (choice.usageTracking === true || p !== "invoke-model-id") &&
            (choice.mantleOnlyModels === true || p !== "mantle-only-model-ids"),
    );
}

/** An SSM parameter path prefix such as /chat-backend/dev/bedrock (no trailing slash). */
const PREFIX_PATTERN = /^(\/[A-Za-z0-9_.-]+)+$/;

/** SSM's limits on a parameter name: at most 15 levels of hierarchy, and 1,011 characters counted with the parameter's ARN. */
const MAX_PARAMETER_LEVELS = 15;
const MAX_PARAMETER_ARN_LENGTH = 1011;
/** The longest parameter name written under the prefix. */
const LONGEST_PARAMETER = Object.keys(APPLICATION_PARAMETERS).reduce((a, b) => (b.length > a.length ? b : a));

/**
 * Why a prefix is unusable, or undefined. With the region and partition, the full ARN's length is
 * checked too (SSM counts `arn:<partition>:ssm:<region>:<account>:parameter` in the 1,011).
 */
export function parameterPrefixProblem(prefix: string, where?: { readonly region: string; readonly partition: string }): string | undefined {
    if (!PREFIX_PATTERN.test(prefix)) {
        return `"${prefix}" is not an SSM parameter path prefix such as /chat-backend/dev/bedrock (a leading slash, no trailing slash; letters, digits, _ . -).`;
    }
    if (/^\/(aws|ssm)(\/|$)/i.test(prefix)) {
        return `"${prefix}" starts with /aws or /ssm, which AWS reserves.`;
    }
    const levels = prefix.split("/").length - 1 + 1;
    if (levels > MAX_PARAMETER_LEVELS) {
        return `"${prefix}" has ${levels - 1} levels, and SSM allows ${MAX_PARAMETER_LEVELS} with the parameter's own name; use at most ${MAX_PARAMETER_LEVELS - 1}.`;
    }
    const arnPrefix = where === undefined ? "" : `arn:${where.partition}:ssm:${where.region}:123456789012:parameter`;
    const length = arnPrefix.length + prefix.length + 1 + LONGEST_PARAMETER.length;
    if (length > MAX_PARAMETER_ARN_LENGTH) {
        return (
            `"${prefix}" is too long: SSM allows ${MAX_PARAMETER_ARN_LENGTH} characters for a parameter name counted with its ARN, ` +
            `and /${LONGEST_PARAMETER} under it takes ${length}.`
        );
    }
    return undefined;
}

/** The full SSM parameter names under a prefix, by parameter (the one place they are built). */
export function applicationParameterNames(prefix: string, choice?: ParameterChoice): Partial<Record<ApplicationParameter, string>> {
    return Object.fromEntries(applicationParameters(choice).map((key) => [key, `${prefix}/${key}`]));
}
