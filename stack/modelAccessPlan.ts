/**
 * One ModelAccess per (model, region) the stack needs, whatever profiles ask for it. Keyed by
 * model and region, never by profile: switching a profile from apac.X to global.X, listing two
 * profiles of one model, or renaming keeps the same resource, so nothing is created, adopted and
 * then revoked by the resource it replaced.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InferenceProfileRef } from "../bedrock/inferenceProfiles";
import { ModelAccess, MODEL_ACCESS_TYPE } from "../components/modelAccess/modelAccess";
import type { UseCaseForm } from "../components/modelAccess/inputs";
import { INFERENCE_PROFILE_ACCESS_TYPE } from "../components/inferenceProfileAccess/inferenceProfileAccess";

/** A resource name from an ID: apac.anthropic.claude-sonnet-4-20250514-v1:0 -> apac-anthropic-claude-sonnet-4-20250514-v1-0. */
export function resourceName(id: string): string {
    return id.replace(/[^A-Za-z0-9-]+/g, "-");
}

export interface PlannedAccess {
    readonly modelId: string;
    readonly region: string;
    /** `model-access-<region>-<model>`. */
    readonly name: string;
    /** The profiles that need it, in configuration order (none for a model served only on bedrock-mantle). */
    readonly profileIds: readonly string[];
    /**
     * Where an earlier version of this program declared it (under the first profile's
     * InferenceProfileAccess), so an existing stack moves the resource instead of replacing it;
     * none for a mantle-only model, which no earlier version declared.
     */
    readonly previousName?: { readonly component: string; readonly name: string };
}

/**
 * The ModelAccess resources the profiles need: each profile's model in the source region and in
 * every extra region; and each mantle-only model in the source region (bedrock-mantle has no
 * cross-Region routing).
 */
export function planModelAccess(
    profiles: readonly InferenceProfileRef[],
    sourceRegion: string,
    extraRegions: readonly string[] = [],
    mantleOnlyModels: readonly string[] = [],
): PlannedAccess[] {
    const regions = [sourceRegion, ...extraRegions.filter((r) => r !== sourceRegion)];
    const plan = new Map<string, PlannedAccess>();
    for (const { inferenceProfileId: profileId, modelId } of profiles) {
        regions.forEach((region, i) => {
            const key = `${region}/${modelId}`;
            const existing = plan.get(key);
            if (existing !== undefined) {
                plan.set(key, { ...existing, profileIds: [...existing.profileIds, profileId] });
                return;
            }
            const component = resourceName(profileId);
            plan.set(key, {
                modelId,
                region,
                name: `model-access-${region}-${resourceName(modelId)}`,
                profileIds: [profileId],
                previousName: { component, name: i === 0 ? `${component}-model-access` : `${component}-model-access-${region}` },
            });
        });
    }
    for (const modelId of mantleOnlyModels) {
        plan.set(`${sourceRegion}/${modelId}`, {
            modelId,
            region: sourceRegion,
            name: `model-access-${sourceRegion}-${resourceName(modelId)}`,
            profileIds: [],
        });
    }
    return [...plan.values()];
}

export interface ModelAccessSettings {
    readonly useCaseForm?: pulumi.Input<UseCaseForm>;
    readonly revokeOnDestroy: boolean;
    readonly accessWaitTimeoutSeconds?: number;
    /** The AWS profile of every call (the stack's aws:profile). */
    readonly awsProfile?: string;
    /** What every ModelAccess waits for (the trusted-access enrollments that make gated models visible). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** Declares the planned resources; returns them keyed `<region>/<modelId>`. */
export function declareModelAccess(plan: readonly PlannedAccess[], settings: ModelAccessSettings): Map<string, ModelAccess> {
    const declared = new Map<string, ModelAccess>();
    for (const access of plan) {
        const previous = access.previousName;
        declared.set(
            `${access.region}/${access.modelId}`,
            new ModelAccess(
                access.name,
                {
                    modelId: access.modelId,
                    region: access.region,
                    useCaseForm: settings.useCaseForm,
                    revokeOnDestroy: settings.revokeOnDestroy,
                    accessWaitTimeoutSeconds: settings.accessWaitTimeoutSeconds,
                    awsProfile: settings.awsProfile,
                },
                {
                    ...(settings.dependsOn === undefined || settings.dependsOn.length === 0 ? {} : { dependsOn: [...settings.dependsOn] }),
                    ...(previous === undefined
                        ? {}
                        : {
                              aliases: [
                                  { name: previous.name, parent: pulumi.createUrn(previous.component, INFERENCE_PROFILE_ACCESS_TYPE), type: MODEL_ACCESS_TYPE },
                              ],
                          }),
                },
            ),
        );
    }
    return declared;
}

/** The ModelAccess resources a profile needs, the source region's first (as planned). */
export function accessForProfile(plan: readonly PlannedAccess[], declared: ReadonlyMap<string, ModelAccess>, profileId: string): ModelAccess[] {
    return plan.filter((a) => a.profileIds.includes(profileId)).map((a) => declared.get(`${a.region}/${a.modelId}`)!);
}
