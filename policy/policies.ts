/**
 * Every policy of the pack, in the order the pack reports them: index.ts serves them, and the
 * review report (`npm run review`) lists each with its result, so the two never differ.
 */
import type { Policy } from "@pulumi/policy";
import { noLongTermApiKeys } from "./apiKeyPolicy";
import { dataRetention, dataRetentionDeclared } from "./dataRetentionPolicy";
import { invokeScopedToInferenceProfile } from "./iamInvokePolicy";
import { invocationLogging, mantleNotLogged } from "./invocationLoggingPolicy";
import { modelLifecycle } from "./lifecyclePolicy";
import { noBroadManagedPolicies } from "./managedPolicyPolicy";
import { mantleInvokePinnedToModel } from "./mantlePolicy";
import { marketplaceSubscribeScoped } from "./marketplacePolicy";
import { noEnableAllModels, specificModelEnablement } from "./modelAccessPolicies";
import { modelAllowList, modelAllowListAttached } from "./modelAllowListPolicy";
import { allowedRegions } from "./regionPolicy";
import { usageTracking } from "./usageTrackingPolicy";

export const POLICIES: Policy[] = [
    specificModelEnablement,
    noEnableAllModels,
    modelAllowList,
    modelAllowListAttached,
    invokeScopedToInferenceProfile,
    mantleInvokePinnedToModel,
    noLongTermApiKeys,
    noBroadManagedPolicies,
    marketplaceSubscribeScoped,
    allowedRegions,
    modelLifecycle,
    dataRetention,
    dataRetentionDeclared,
    invocationLogging,
    mantleNotLogged,
    usageTracking,
];

/**
 * The checks of AWS's sample AI/ML security assessment for Bedrock that a policy answers, where
 * one applies (the check IDs as the issue that asked for this report names them; see the pack
 * README's mapping for the source). Policies without a matching check map to none.
 */
export const ASSESSMENT_CHECKS: Readonly<Record<string, string>> = {
    "bedrock-no-broad-managed-policies": "BR-01",
    "bedrock-marketplace-subscribe-scoped": "BR-03",
    "bedrock-invocation-logging": "BR-04",
};
