/**
 * One real call on bedrock-runtime: a one-token Converse through a profile (or an application
 * profile), signed as the deployer, for the verification step. The SDK's standard retry strategy
 * retries only throttling and 5xx, with backoff.
 */
import { identityOptions } from "./identity";

export interface RuntimeCall {
    readonly region: string;
    /** What is passed as modelId: the profile ID, or the application profile's ARN. */
    readonly modelId: string;
    /** The stack's aws:profile, so the call is signed as the identity that deployed. */
    readonly awsProfile?: string;
    /** Attempts in all. */
    readonly maxAttempts: number;
}

/** Sends one Converse asking for one token; returns the output tokens, or throws AWS's error. */
export async function converseOnce(call: RuntimeCall): Promise<number> {
    const { BedrockRuntimeClient, ConverseCommand } = await import("@aws-sdk/client-bedrock-runtime");
    const client = new BedrockRuntimeClient({ region: call.region, maxAttempts: call.maxAttempts, ...identityOptions(call.awsProfile) });
    try {
        const out = await client.send(
            new ConverseCommand({
                modelId: call.modelId,
                messages: [{ role: "user", content: [{ text: "Reply with OK." }] }],
                inferenceConfig: { maxTokens: 1 },
            }),
        );
        return out.usage?.outputTokens ?? 0;
    } finally {
        client.destroy();
    }
}
