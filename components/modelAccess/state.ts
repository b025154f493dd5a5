/**
 * What a ModelAccess records in the state (its outputs), how it is built from the inputs and
 * Bedrock's answers, and how state written by earlier versions is read.
 */
import { createHash } from "node:crypto";
import type { AgreementStatus, ModelAvailability, ModelLifecycle } from "../../aws/bedrock";
import { type ModelAccessInputs, type UseCaseForm, serializeUseCaseForm } from "./inputs";

/**
 * The names an earlier version recorded the two settings under (before they took the stack's
 * key names): state written then still carries them until its next update.
 */
export interface LegacySettingNames {
    readonly revokeOnDelete?: boolean;
    readonly waitTimeoutSeconds?: number;
}

/** Whether delete revokes, from state of this version or an earlier one. */
export function revokesOnDestroy(props: ModelAccessState): boolean {
    return props.revokeOnDestroy ?? (props as LegacySettingNames).revokeOnDelete ?? false;
}

/** What the resource records in state (its outputs). Never the use-case form itself. */
export interface ModelAccessState {
    readonly modelId: string;
    readonly region: string;
    readonly offerType: ModelAccessInputs["offerType"];
    readonly revokeOnDestroy: boolean;
    readonly accessWaitTimeoutSeconds: number;
    /** The AWS profile the resource's calls use (refresh and delete use it too). */
    readonly awsProfile?: string;
    readonly agreementStatus: AgreementStatus;
    readonly agreementErrorMessage?: string;
    readonly authorizationStatus: ModelAvailability["authorizationStatus"];
    readonly entitlementAvailability: ModelAvailability["entitlementAvailability"];
    readonly regionAvailability: ModelAvailability["regionAvailability"];
    /** The offer accepted when this resource created the agreement. */
    readonly offerId?: string;
    /** When this resource first saw access AVAILABLE (ISO 8601). */
    readonly accessAvailableAt?: string;
    /** true when this resource created the agreement; false when it adopted one that existed. */
    readonly agreementCreated: boolean;
    /** true when this resource submitted Anthropic's use-case form. */
    readonly useCaseFormSubmitted: boolean;
    /** SHA-256 of the form given as input (a secret output), so a changed form shows as a diff. */
    readonly useCaseFormDigest?: string;
    /** The model's lifecycle in the region: ACTIVE or LEGACY (kept current by refresh). */
    readonly lifecycleStatus?: ModelLifecycle["status"];
    /** When the model became Legacy in the region (ISO 8601), when Bedrock reports it. */
    readonly legacyTime?: string;
    /** When the model reaches (or reached) its end of life in the region (ISO 8601), when reported. */
    readonly endOfLifeTime?: string;
    /** The resource's URN, so refresh and delete show their lines under it too. */
    readonly resourceUrn?: string;
}

export function resourceId(region: string, modelId: string): string {
    return `${region}/${modelId}`;
}

export function formDigest(form: UseCaseForm | undefined): string | undefined {
    return form === undefined ? undefined : createHash("sha256").update(serializeUseCaseForm(form)).digest("hex");
}

export function lifecycleFields(lifecycle: ModelLifecycle | undefined): Pick<ModelAccessState, "lifecycleStatus" | "legacyTime" | "endOfLifeTime"> {
    return { lifecycleStatus: lifecycle?.status, legacyTime: lifecycle?.legacyTime, endOfLifeTime: lifecycle?.endOfLifeTime };
}

export function stateFrom(
    inputs: ModelAccessInputs,
    availability: ModelAvailability,
    history: Pick<
        ModelAccessState,
        "offerId" | "accessAvailableAt" | "agreementCreated" | "useCaseFormSubmitted" | "lifecycleStatus" | "legacyTime" | "endOfLifeTime"
    >,
): ModelAccessState {
    const state: ModelAccessState = {
        modelId: inputs.modelId,
        region: inputs.region,
        offerType: inputs.offerType,
        revokeOnDestroy: inputs.revokeOnDestroy,
        accessWaitTimeoutSeconds: inputs.accessWaitTimeoutSeconds,
        awsProfile: inputs.awsProfile,
        agreementStatus: availability.agreementStatus,
        agreementErrorMessage: availability.agreementErrorMessage,
        authorizationStatus: availability.authorizationStatus,
        entitlementAvailability: availability.entitlementAvailability,
        regionAvailability: availability.regionAvailability,
        offerId: history.offerId,
        accessAvailableAt: history.accessAvailableAt ?? (availability.agreementStatus === "AVAILABLE" ? new Date().toISOString() : undefined),
        agreementCreated: history.agreementCreated,
        useCaseFormSubmitted: history.useCaseFormSubmitted,
        useCaseFormDigest: formDigest(inputs.useCaseForm),
        lifecycleStatus: history.lifecycleStatus,
        legacyTime: history.legacyTime,
        endOfLifeTime: history.endOfLifeTime,
        resourceUrn: inputs.resourceUrn,
    };
    return withoutUndefined(state);
}

/** State goes through protobuf Structs, which have no `undefined`. */
export function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
