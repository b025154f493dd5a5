/**
 * Bedrock model and inference-profile identifiers as the pack reads them from any stack. The pack
 * is self-contained (it can be published with `pulumi policy publish`), so it does not import the
 * program's components; its ARN parsing is @aws-sdk/util-arn-parser, a dependency of its own.
 */
import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { MODEL_ACCESS_TYPE, MODEL_ID_MAX_LENGTH, MODEL_ID_PATTERN, PROFILE_GEOGRAPHY_PREFIXES, asksForEveryModel, parseProfileId } from "./bedrockFacts";

/** Geography prefixes of system-defined cross-region inference profiles. */
export const GEOGRAPHIES: readonly string[] = PROFILE_GEOGRAPHY_PREFIXES;

export type ModelIdVerdict =
    | { readonly kind: "concrete"; readonly modelId: string }
    | { readonly kind: "wildcard" | "empty" | "profile" | "malformed"; readonly reason: string };

/** Whether a model ID names exactly one foundation model. */
export function judgeModelId(value: unknown): ModelIdVerdict {
    if (typeof value !== "string" || value.trim() === "") {
        return { kind: "empty", reason: "names no model" };
    }
    if (asksForEveryModel(value)) {
        return { kind: "wildcard", reason: `"${value}" is a wildcard ("enable all models")` };
    }
    const dot = value.indexOf(".");
    if (GEOGRAPHIES.includes(value.slice(0, dot)) && value.indexOf(".", dot + 1) > 0) {
        return { kind: "profile", reason: `"${value}" is an inference-profile ID, not a model ID` };
    }
    if (value.length > MODEL_ID_MAX_LENGTH || !MODEL_ID_PATTERN.test(value)) {
        return { kind: "malformed", reason: `"${value}" is not a Bedrock model ID` };
    }
    return { kind: "concrete", modelId: value };
}

export interface BedrockArn {
    readonly partition: string;
    readonly region: string;
    readonly account: string;
    /** foundation-model, inference-profile, application-inference-profile, ... */
    readonly resourceType: string;
    readonly resourceId: string;
}

/** Splits a Bedrock ARN (wildcards kept as written); undefined for anything else (including "*"). */
export function parseBedrockArn(arn: string): BedrockArn | undefined {
    if (!isArn(arn)) {
        return undefined;
    }
    const { partition, service, region, accountId, resource } = parseArn(arn);
    const slash = resource.indexOf("/");
    if (service !== "bedrock" || slash <= 0) {
        return undefined;
    }
    return { partition, region, account: accountId, resourceType: resource.slice(0, slash), resourceId: resource.slice(slash + 1) };
}

/** The model a system-defined inference-profile ID routes to, or undefined. */
export function modelOfProfileId(profileId: string): string | undefined {
    return parseProfileId(profileId)?.modelId;
}

/** Resource types the pack knows. */
export const TYPES = {
    modelAccess: MODEL_ACCESS_TYPE,
    modelAgreement: "aws:bedrockfoundation/modelAgreement:ModelAgreement",
} as const;

export function isModelAccessType(type: string): boolean {
    return type === TYPES.modelAccess || type === TYPES.modelAgreement;
}
