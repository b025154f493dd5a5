/**
 * Whether bedrock-mantle serves a model in a Region, judged from its live model list and the table
 * of Regions where it has an endpoint at all, and what to say when it does not. Pure: the reads
 * are aws/mantleCatalog.ts's.
 */
import { MANTLE_REGIONS, mantleHasRegion } from "./endpoints";
import { DATA_RETENTION_MEANING, type DataRetentionMode, isDataRetentionMode } from "./dataRetention";

/**
 * One model as bedrock-mantle lists it (`GET /v1/models`, the OpenAI-compatible list the Bedrock user
 * guide's "Get list of models" names; each entry's `status`, `status_reason` and
 * `data_retention.allowed_modes` per the user guide's "Data retention").
 */
export interface MantleModel {
    readonly id: string;
    /** `unavailable`: listed, but this account cannot call it now (statusReason says why). */
    readonly status: "available" | "unavailable";
    readonly statusReason?: string;
    /** The retention modes the model runs under, where bedrock-mantle says. */
    readonly allowedModes?: readonly string[];
}

/** What one Region's read gave: its list, no endpoint at all (the table), or a read that failed (and why). */
export type MantleRegionRead =
    | { readonly kind: "listed"; readonly models: readonly MantleModel[] }
    | { readonly kind: "no-endpoint" }
    | { readonly kind: "unreadable"; readonly reason: string };

/** How the keys and their fixes read in messages. */
export interface MantleKeys {
    /** The stack key of the endpoints, e.g. bedrock-model-access:inferenceEndpoints. */
    readonly endpoints: string;
    /** The stack key of the retention mode, e.g. bedrock-model-access:dataRetention. */
    readonly dataRetention: string;
    /** The stack key of the models served only on bedrock-mantle, e.g. bedrock-model-access:mantleOnlyModels. */
    readonly mantleOnlyModels: string;
}

/**
 * The Regions (besides `region`) whose live lists have the model, from the reads made elsewhere
 * (listed as unavailable there counts: that is the other Region's retention mode, not where it is served).
 */
function servedIn(modelId: string, elsewhere: Readonly<Record<string, MantleRegionRead>>): string[] {
    return Object.entries(elsewhere)
        .filter(([, read]) => read.kind === "listed" && read.models.some((m) => m.id === modelId))
        .map(([r]) => r)
        .sort();
}

function whereElse(modelId: string, elsewhere: Readonly<Record<string, MantleRegionRead>>): string {
    const served = servedIn(modelId, elsewhere);
    const unread = Object.entries(elsewhere)
        .filter(([, read]) => read.kind === "unreadable")
        .map(([r]) => r);
    const notRead = unread.length === 0 ? "" : ` (${unread.join(", ")} could not be read)`;
    return served.length === 0 ? `bedrock-mantle serves it in none of its Regions${notRead}` : `bedrock-mantle serves it in ${served.join(", ")}${notRead}`;
}

/** One model the application calls on bedrock-mantle, and what the stack knows of it. */
export interface MantleCall {
    readonly modelId: string;
    /** Served only on bedrock-mantle (mantleOnlyModels): the runtime is no alternative. */
    readonly mantleOnly: boolean;
}

/**
 * Why the model cannot be called on bedrock-mantle in the Region, or undefined when it can (or
 * when the Region could not be read: the caller says so and goes on). `effectiveMode` is the
 * retention mode calls will run under there (the stack's, else the Region's current one).
 */
export function mantleServingProblem(
    call: MantleCall,
    region: string,
    read: MantleRegionRead,
    elsewhere: Readonly<Record<string, MantleRegionRead>>,
    effectiveMode: string | undefined,
    keys: MantleKeys,
): string | undefined {
    const { modelId } = call;
    const alternative = call.mantleOnly
        ? `It has no inference profile, so the runtime is no alternative: run the environment in a Region bedrock-mantle serves it in (aws:region), or remove it from ${keys.mantleOnlyModels}.`
        : `Call it on the runtime (remove "mantle" from ${keys.endpoints}: \`pulumi config set --path 'inferenceEndpoints[0]' runtime\`), ` +
          "or choose a model and Region bedrock-mantle serves (`npm run models -- --region <region>` lists them).";
    if (read.kind === "no-endpoint") {
        return (
            `${modelId} is not served on bedrock-mantle in ${region}: bedrock-mantle has no endpoint there (AWS's "Regional availability ` +
            `by endpoints": ${MANTLE_REGIONS.join(", ")}) and no cross-Region routing; ${whereElse(modelId, elsewhere)}. ${alternative}`
        );
    }
    if (read.kind === "unreadable") {
        return undefined;
    }
    const listed = read.models.find((m) => m.id === modelId);
    // Claude Haiku 4.5 is anthropic.claude-haiku-4-5-20251001-v1:0 on the runtime and anthropic.claude-haiku-4-5 on bedrock-mantle (its card).
    const underAnotherId = read.models.find((m) => modelId.startsWith(`${m.id}-`));
    if (listed === undefined && underAnotherId !== undefined && !call.mantleOnly) {
        return (
            `${modelId} is served on bedrock-mantle in ${region} under another ID, ${underAnotherId.id}; this stack grants, publishes and ` +
            `proves one ID on both endpoints, so it cannot call this model on bedrock-mantle. ${alternative}`
        );
    }
    if (listed === undefined) {
        return `${modelId} is not served on bedrock-mantle in ${region} (its model list there does not have it); ${whereElse(modelId, elsewhere)}. ${alternative}`;
    }
    const allowed = listed.allowedModes?.filter(isDataRetentionMode) ?? [];
    if (
        allowed.length > 0 &&
        effectiveMode !== undefined &&
        isDataRetentionMode(effectiveMode) &&
        effectiveMode !== "inherit" &&
        !allowed.includes(effectiveMode)
    ) {
        const first = allowed[0] as DataRetentionMode;
        return (
            `${modelId} runs on bedrock-mantle in ${region} only under the data-retention mode ${allowed.map((m) => `"${m}"`).join(" or ")} ` +
            `(bedrock-mantle's model list says so), and ${region} is or will be "${effectiveMode}". Set ${keys.dataRetention} to ` +
            `{"mode": "${first}"} (${DATA_RETENTION_MEANING[first]}), or choose another model.`
        );
    }
    if (listed.status === "unavailable" && !(allowed.length > 0 && effectiveMode !== undefined && allowed.includes(effectiveMode as DataRetentionMode))) {
        return (
            `bedrock-mantle lists ${modelId} in ${region} as unavailable to this account` +
            `${listed.statusReason ? ` ("${listed.statusReason}")` : ""}. Resolve that first. ${alternative}`
        );
    }
    return undefined;
}

/** The Regions whose lists say where else a model is served: bedrock-mantle's other Regions in the same partition. */
export function otherMantleRegions(region: string, samePartition: (other: string) => boolean): string[] {
    return MANTLE_REGIONS.filter((r) => r !== region && samePartition(r));
}

export { mantleHasRegion };
