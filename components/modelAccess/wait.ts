/**
 * Waiting for an agreement to become AVAILABLE: the poll schedule (10% of the time waited so far),
 * progress lines at least every 20 s, and the outcome (available, error or timeout).
 */
import type { BedrockControlPlane, ModelAvailability } from "../../aws/bedrock";
import type { ModelAccessInputs } from "./inputs";
import type { Log } from "./progress";

/** Milliseconds to wait before the next availability poll: 10% of the time waited so far, 0.5 s to 10 s, so access is seen at most ~10% late. */
export function nextPollDelayMs(elapsedMs: number): number {
    return Math.min(10_000, Math.max(500, Math.round(elapsedMs * 0.1)));
}

const PROGRESS_INTERVAL_MS = 20_000;

export async function requireAvailability(bedrock: BedrockControlPlane, modelId: string): Promise<ModelAvailability> {
    const availability = await bedrock.getAvailability(modelId);
    if (availability === undefined) {
        throw new Error(
            `Bedrock does not know the model ${modelId} in ${bedrock.region}. Check the ID with ` +
                `\`aws bedrock list-foundation-models --region ${bedrock.region}\`.`,
        );
    }
    if (availability.regionAvailability !== "AVAILABLE") {
        throw new Error(
            `${modelId} is not offered in ${bedrock.region}. Enable it in a region that offers it, or call it ` +
                `through a cross-region inference profile whose source region offers it.`,
        );
    }
    return availability;
}

export type WaitOutcome =
    | { readonly outcome: "available" | "error"; readonly availability: ModelAvailability }
    | { readonly outcome: "timeout"; readonly availability: ModelAvailability; readonly waitedSeconds: number };

export async function waitUntilAvailable(bedrock: BedrockControlPlane, inputs: ModelAccessInputs, initial: ModelAvailability, log: Log): Promise<WaitOutcome> {
    const subject = `${inputs.modelId} in ${inputs.region}`;
    const started = Date.now();
    const deadline = started + inputs.accessWaitTimeoutSeconds * 1000;
    let availability = initial;
    let lastProgress = started;
    log(`Waiting for access to ${subject} (agreement ${availability.agreementStatus}; timeout ${inputs.accessWaitTimeoutSeconds}s).`);
    for (;;) {
        const now = Date.now();
        if (now >= deadline) {
            return { outcome: "timeout", availability, waitedSeconds: Math.round((now - started) / 1000) };
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(nextPollDelayMs(now - started), deadline - now)));
        availability = await requireAvailability(bedrock, inputs.modelId);
        if (availability.agreementStatus === "AVAILABLE") {
            log(`Access to ${subject} is AVAILABLE after ${Math.round((Date.now() - started) / 1000)}s.`);
            return { outcome: "available", availability };
        }
        if (availability.agreementStatus === "ERROR" || availability.agreementStatus === "NOT_AVAILABLE") {
            return { outcome: "error", availability };
        }
        if (Date.now() - lastProgress >= PROGRESS_INTERVAL_MS) {
            lastProgress = Date.now();
            log(
                `Still waiting for access to ${subject}: agreement ${availability.agreementStatus} after ${Math.round((lastProgress - started) / 1000)}s of ${inputs.accessWaitTimeoutSeconds}s.`,
            );
        }
    }
}
