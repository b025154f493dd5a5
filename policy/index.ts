/**
 * The compliance policy pack for Amazon Bedrock model access. This file only assembles the
 * pack; each area's policies live in their own module.
 */
import { PolicyPack } from "@pulumi/policy";
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

new PolicyPack("bedrock-model-access", {
    policies: [
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
    ],
});
