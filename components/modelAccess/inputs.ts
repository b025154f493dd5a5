/**
 * The ModelAccess resource's inputs: their types, defaults and the checks that run before any
 * AWS call (the dynamic provider's `check`). Pure functions only: the provider captures them.
 */
import { isAccessIrrevocable, isValidRegion, modelIdProblem } from "../../bedrock/models";

/** Anthropic's use-case form, as PutUseCaseForModelAccess takes it (JSON text in `formData`). */
export interface UseCaseForm {
    /** Company name, at most 128 characters. */
    readonly companyName: string;
    /** Company website, at most 128 characters. */
    readonly companyWebsite: string;
    /** Who will use the model: "0" internal users, "1" external users, "2" both. */
    readonly intendedUsers: "0" | "1" | "2";
    /** Industry, at most 128 characters. */
    readonly industryOption: string;
    /** Industry when `industryOption` is "Other", at most 128 characters. */
    readonly otherIndustryOption?: string;
    /** What the models are for, at most 8,192 characters. */
    readonly useCases: string;
}

export type OfferType = "PUBLIC" | "ALL";

/** Inputs after `check`: defaults filled in, everything validated. */
export interface ModelAccessInputs {
    readonly modelId: string;
    readonly region: string;
    readonly offerType: OfferType;
    readonly useCaseForm?: UseCaseForm;
    readonly revokeOnDestroy: boolean;
    readonly accessWaitTimeoutSeconds: number;
    /** The AWS profile whose credentials every call uses (the stack's aws:profile); default: the standard chain. */
    readonly awsProfile?: string;
    /** The resource's own URN (set by ModelAccess), so its progress shows under it; not desired state. */
    readonly resourceUrn?: string;
}

export interface InputFailure {
    readonly property: string;
    readonly reason: string;
}

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 900;
const MAX_WAIT_TIMEOUT_SECONDS = 7200;

/** Limits of PutUseCaseForModelAccess's form fields (characters) and of the whole form (bytes). */
const FORM_FIELD_LIMITS: Readonly<Record<keyof UseCaseForm, { required: boolean; max: number }>> = {
    companyName: { required: true, max: 128 },
    companyWebsite: { required: true, max: 128 },
    intendedUsers: { required: true, max: 1 },
    industryOption: { required: true, max: 128 },
    otherIndustryOption: { required: false, max: 128 },
    useCases: { required: true, max: 8192 },
};
const FORM_MIN_BYTES = 10;
const FORM_MAX_BYTES = 16384;

/** The placeholder the engine sends for values not known until apply (preview of a new stack). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

/** The exact bytes sent as `formData`: fields in a fixed order so the digest is stable. */
export function serializeUseCaseForm(form: UseCaseForm): string {
    const ordered: Record<string, string> = {};
    for (const key of Object.keys(FORM_FIELD_LIMITS) as (keyof UseCaseForm)[]) {
        const value = form[key];
        if (value !== undefined) {
            ordered[key] = value;
        }
    }
    return JSON.stringify(ordered);
}

/** Problems with a use-case form given as untyped data (from the engine or stack configuration). */
export function useCaseFormFailures(form: unknown): InputFailure[] {
    const fix = "Set it with `pulumi config set --secret --path useCaseForm.<field> <value>`.";
    if (typeof form !== "object" || form === null || Array.isArray(form)) {
        return [{ property: "useCaseForm", reason: `useCaseForm must be an object with the form's fields. ${fix}` }];
    }
    const fields = form as Record<string, unknown>;
    const failures: InputFailure[] = [];
    for (const key of Object.keys(fields)) {
        if (!(key in FORM_FIELD_LIMITS)) {
            failures.push({
                property: `useCaseForm.${key}`,
                reason: `useCaseForm has an unknown field "${key}"; the fields are ${Object.keys(FORM_FIELD_LIMITS).join(", ")}.`,
            });
        }
    }
    for (const [key, limit] of Object.entries(FORM_FIELD_LIMITS)) {
        const value = fields[key];
        const property = `useCaseForm.${key}`;
        if (value === undefined || value === null || value === "") {
            if (limit.required) {
                failures.push({ property, reason: `${property} is required by Anthropic's use-case form. ${fix}` });
            }
            continue;
        }
        if (isUnknown(value)) {
            continue;
        }
        if (typeof value !== "string") {
            failures.push({ property, reason: `${property} must be a string, got ${typeof value}.` });
        } else if (key === "intendedUsers" && !["0", "1", "2"].includes(value)) {
            failures.push({
                property,
                reason: `${property} must be "0" (internal users), "1" (external users) or "2" (both), got "${value}".`,
            });
        } else if (value.length > limit.max) {
            failures.push({
                property,
                reason: `${property} is ${value.length} characters; AWS accepts at most ${limit.max}. Shorten it.`,
            });
        }
    }
    if (failures.length === 0) {
        const bytes = Buffer.byteLength(serializeUseCaseForm(fields as unknown as UseCaseForm), "utf8");
        if (bytes < FORM_MIN_BYTES || bytes > FORM_MAX_BYTES) {
            failures.push({
                property: "useCaseForm",
                reason: `useCaseForm is ${bytes} bytes as JSON; AWS accepts ${FORM_MIN_BYTES} to ${FORM_MAX_BYTES}.`,
            });
        }
    }
    return failures;
}

/**
 * Validates raw inputs (as the engine sends them: any shape, possibly unknown during preview)
 * and fills in defaults. Returns the normalized inputs when there are no failures.
 */
export function checkModelAccessInputs(raw: Record<string, unknown>): {
    inputs: Record<string, unknown>;
    failures: InputFailure[];
} {
    const failures: InputFailure[] = [];
    const { modelId, region, offerType, useCaseForm, revokeOnDestroy, accessWaitTimeoutSeconds, awsProfile } = raw;

    if (!isUnknown(modelId)) {
        if (typeof modelId !== "string") {
            failures.push({
                property: "modelId",
                reason: "modelId is required: name one foundation model, for example anthropic.claude-sonnet-4-20250514-v1:0.",
            });
        } else {
            const problem = modelIdProblem(modelId, "modelId");
            if (problem !== undefined) {
                failures.push({ property: "modelId", reason: problem });
            }
        }
    }

    if (!isUnknown(region)) {
        if (region === undefined || region === null || region === "") {
            failures.push({
                property: "region",
                reason: "region is not set: pass `region`, or set the stack's region with `pulumi config set aws:region <region>`.",
            });
        } else if (typeof region !== "string" || !isValidRegion(region)) {
            failures.push({ property: "region", reason: `region "${String(region)}" is not an AWS region name such as ap-southeast-1.` });
        }
    }

    const offer = offerType ?? "PUBLIC";
    if (!isUnknown(offer) && offer !== "PUBLIC" && offer !== "ALL") {
        failures.push({ property: "offerType", reason: `offerType must be "PUBLIC" or "ALL", got "${String(offer)}".` });
    }

    const revoke = revokeOnDestroy ?? false;
    if (!isUnknown(revoke)) {
        if (typeof revoke !== "boolean") {
            failures.push({ property: "revokeOnDestroy", reason: `revokeOnDestroy must be true or false, got "${String(revoke)}".` });
        } else if (revoke && typeof modelId === "string" && isAccessIrrevocable(modelId)) {
            failures.push({
                property: "revokeOnDestroy",
                reason:
                    `AWS cannot remove access to ${modelId} (Amazon Titan and Nova, Mistral AI and Meta Llama 3 Instruct ` +
                    `stay enabled). Set revokeOnDestroy to false and deny the model with an IAM or SCP Deny statement instead.`,
            });
        }
    }

    const timeout = accessWaitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
    if (!isUnknown(timeout)) {
        if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1 || timeout > MAX_WAIT_TIMEOUT_SECONDS) {
            failures.push({
                property: "accessWaitTimeoutSeconds",
                reason: `accessWaitTimeoutSeconds must be a number of seconds from 1 to ${MAX_WAIT_TIMEOUT_SECONDS}, got "${String(timeout)}".`,
            });
        }
    }

    if (useCaseForm !== undefined && useCaseForm !== null && !isUnknown(useCaseForm)) {
        failures.push(...useCaseFormFailures(useCaseForm));
    }

    if (awsProfile !== undefined && awsProfile !== null && !isUnknown(awsProfile) && (typeof awsProfile !== "string" || awsProfile.trim() === "")) {
        failures.push({ property: "awsProfile", reason: `awsProfile must be the name of a profile in the shared AWS files, got "${String(awsProfile)}".` });
    }

    const inputs: Record<string, unknown> = {
        modelId,
        region,
        offerType: offer,
        revokeOnDestroy: revoke,
        accessWaitTimeoutSeconds: timeout,
    };
    if (useCaseForm !== undefined && useCaseForm !== null) {
        inputs.useCaseForm = useCaseForm;
    }
    if (awsProfile !== undefined && awsProfile !== null && awsProfile !== "") {
        inputs.awsProfile = awsProfile;
    }
    if (typeof raw.resourceUrn === "string") {
        inputs.resourceUrn = raw.resourceUrn;
    }
    return { inputs, failures };
}
