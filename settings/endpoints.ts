/**
 * The inference endpoints the application calls (inferenceEndpoints) and the Bedrock API keys it
 * may use (apiKeys), read so each problem names its key and the command that fixes it.
 */
import {
    API_KEY_POLICIES,
    type ApiKeyPolicy,
    DEFAULT_API_KEYS,
    DEFAULT_INFERENCE_ENDPOINTS,
    INFERENCE_ENDPOINTS,
    type InferenceEndpoint,
    isApiKeyPolicy,
    isInferenceEndpoint,
} from "../bedrock/endpoints";
import type { KeyOf } from "./keys";

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** inferenceEndpoints: a non-empty list of "runtime" and "mantle", each once. */
export function inferenceEndpointsSetting(raw: unknown, problems: string[], key: KeyOf): readonly InferenceEndpoint[] {
    const name = key("inferenceEndpoints");
    if (raw === undefined) {
        return DEFAULT_INFERENCE_ENDPOINTS;
    }
    const fix = `Set it with \`pulumi config set --path 'inferenceEndpoints[0]' runtime\` (and \`'inferenceEndpoints[1]' mantle\`).`;
    if (!Array.isArray(raw) || raw.length === 0) {
        problems.push(`${name} must be a non-empty list of ${quoted(INFERENCE_ENDPOINTS)}, got ${JSON.stringify(raw)}. ${fix}`);
        return DEFAULT_INFERENCE_ENDPOINTS;
    }
    const unknown = raw.filter((v) => !isInferenceEndpoint(v));
    if (unknown.length > 0) {
        problems.push(`${name} has ${unknown.map((v) => JSON.stringify(v)).join(", ")}; the endpoints are ${quoted(INFERENCE_ENDPOINTS)}. ${fix}`);
        return DEFAULT_INFERENCE_ENDPOINTS;
    }
    const endpoints = raw as InferenceEndpoint[];
    if (new Set(endpoints).size !== endpoints.length) {
        problems.push(`${name} lists an endpoint more than once (${JSON.stringify(endpoints)}); list each once.`);
    }
    // Always in one order, so reordering the list changes nothing that is deployed.
    return INFERENCE_ENDPOINTS.filter((e) => endpoints.includes(e));
}

/** apiKeys: "none" (default), "short-term" or "any". */
export function apiKeysSetting(raw: unknown, problems: string[], key: KeyOf): ApiKeyPolicy {
    if (raw === undefined || raw === "") {
        return DEFAULT_API_KEYS;
    }
    if (!isApiKeyPolicy(raw)) {
        problems.push(
            `${key("apiKeys")} must be one of ${quoted(API_KEY_POLICIES)}, got ${JSON.stringify(raw)}. Set it with \`pulumi config set apiKeys short-term\`.`,
        );
        return DEFAULT_API_KEYS;
    }
    return raw;
}
