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

/**
 * The Regions where bedrock-mantle has an endpoint at all: the Bedrock user guide's "Regional
 * availability by endpoints" (read 2026-12-07; bedrock-runtime is in every Bedrock Region, and
 * bedrock-mantle has no cross-Region routing, so a model is served on it in its Region or not at all).
 * This table only says where no endpoint exists; which models a listed Region serves is read live
 * (aws/mantleCatalog.ts). ap-southeast-4 is named by model cards, not by the table.
 */
export const MANTLE_REGIONS: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "us-gov-west-1",
    "sa-east-1",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "eu-west-1",
    "eu-west-2",
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
];

/** Whether bedrock-mantle has an endpoint in the region (its host does not exist elsewhere). */
export function mantleHasRegion(region: string): boolean {
    return MANTLE_REGIONS.includes(region);
}

/** The root of bedrock-mantle's OpenAI-compatible API in a region (`/v1/models` lists what it serves there). */
export function mantleApiRoot(region: string): string {
    return `https://bedrock-mantle.${region}.api.aws`;
}

/** The project resources bedrock-mantle authorizes inference on, in the source region (`project/default` when none is named). */
export function mantleProjectArn(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:bedrock-mantle:${region}:${accountId}:project/*`;
}
