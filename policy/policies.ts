/**
 * Every policy of the pack, in the order the pack reports them: index.ts serves them, and the
 * review report (`npm run review`) lists each with its result, so the two never differ.
 */
import type { Policy } from "@pulumi/policy";
import { CATALOGUE_CHECKS } from "./assessmentCatalogue";
import { noLongTermApiKeys } from "./apiKeyPolicy";
import { dataRetention, dataRetentionDeclared } from "./dataRetentionPolicy";
import { invokeScopedToInferenceProfile } from "./iamInvokePolicy";
import { invocationLogging, invocationLogsEncrypted, mantleNotLogged } from "./invocationLoggingPolicy";
import { modelLifecycle } from "./lifecyclePolicy";
import { noBroadManagedPolicies } from "./managedPolicyPolicy";
import { mantleInvokePinnedToModel } from "./mantlePolicy";
import { mantleInEnvironmentProject } from "./mantleProjectPolicy";
import { marketplaceSubscribeScoped } from "./marketplacePolicy";
import { noEnableAllModels, specificModelEnablement } from "./modelAccessPolicies";
import { modelAllowList, modelAllowListAttached } from "./modelAllowListPolicy";
import { allowedRegions } from "./regionPolicy";
import { usageAlarms, usageBudget } from "./usageMonitoringPolicy";
import { usageTracking } from "./usageTrackingPolicy";

export const POLICIES: Policy[] = [
    specificModelEnablement,
    noEnableAllModels,
    modelAllowList,
    modelAllowListAttached,
    invokeScopedToInferenceProfile,
    mantleInvokePinnedToModel,
    mantleInEnvironmentProject,
    noLongTermApiKeys,
    noBroadManagedPolicies,
    marketplaceSubscribeScoped,
    allowedRegions,
    modelLifecycle,
    dataRetention,
    dataRetentionDeclared,
    invocationLogging,
    invocationLogsEncrypted,
    mantleNotLogged,
    usageTracking,
    usageBudget,
    usageAlarms,
];

/**
 * For each policy, the catalogue checks it answers (policy/assessmentCatalogue.ts, the one mapping),
 * for the review's per-policy table.
 */
export function catalogueChecksOf(policyName: string): string[] {
    return CATALOGUE_CHECKS.filter((c) => (c.answer.kind === "policies" || c.answer.kind === "scp-guardrail") && c.answer.policies.includes(policyName)).map(
        (c) => c.id,
    );
}
