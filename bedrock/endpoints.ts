/**
 * Bedrock's two inference endpoints and its API keys, as the stack configures them
 * (inferenceEndpoints, apiKeys): what each endpoint is called, where, and with which model ID.
 */
import { API_KEY_POLICIES, type ApiKeyPolicy } from "../policy/bedrockFacts";

export { API_KEY_POLICIES };
export type { ApiKeyPolicy };

/**
 * `runtime`: bedrock-runtime (InvokeModel, Converse) through the inference profile.
 * `mantle`: bedrock-mantle (Anthropic's Messages API, the endpoint Anthropic's guide for Claude on
 * Bedrock uses) with the bare model ID.
 */
export const INFERENCE_ENDPOINTS = ["runtime", "mantle"] as const;
export type InferenceEndpoint = (typeof INFERENCE_ENDPOINTS)[number];

export const DEFAULT_INFERENCE_ENDPOINTS: readonly InferenceEndpoint[] = ["runtime"];
export const DEFAULT_API_KEYS: ApiKeyPolicy = "none";

export function isInferenceEndpoint(value: unknown): value is InferenceEndpoint {
    return typeof value === "string" && (INFERENCE_ENDPOINTS as readonly string[]).includes(value);
}

export function isApiKeyPolicy(value: unknown): value is ApiKeyPolicy {
    return typeof value === "string" && (API_KEY_POLICIES as readonly string[]).includes(value);
}

/**
 * The base URL Anthropic's SDK (`AnthropicBedrockMantle`) uses for a region: the Bedrock user
 * guide's "Endpoints" page gives `bedrock-mantle.{region}.api.aws`, the Messages API under `/anthropic`.
 */
export function mantleBaseUrl(region: string): string {
    return `https://bedrock-mantle.${region}.api.aws/anthropic`;
}

/** The project resources bedrock-mantle authorizes inference on, in the source region (`project/default` when none is named). */
export function mantleProjectArn(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:bedrock-mantle:${region}:${accountId}:project/*`;
}
