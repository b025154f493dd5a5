/**
 * Usage and cost per environment in the stack: what InferenceProfileAccess gets for its
 * application profile, and the UsageCost component (cost-allocation tags, the budget, the alarms).
 */
import * as pulumi from "@pulumi/pulumi";
import { environmentName } from "./environmentNames";
import { UsageCost } from "../components/usageCost/usageCost";
import type { StackSettings } from "./settings";
import { ENVIRONMENT_TAG, applicationProfileTags } from "../settings/usageTracking";

/** What each InferenceProfileAccess gets with usage tracking on; undefined when off. */
export function applicationProfileFor(settings: StackSettings): { stack: string; tags: Record<string, string> } | undefined {
    return settings.usageTracking === undefined
        ? undefined
        : { stack: environmentName(pulumi.getProject(), pulumi.getStack()), tags: applicationProfileTags(settings.usageTracking, pulumi.getStack()) };
}

/** The budget's name: the project and the environment, unique in an account that holds several. */
export function budgetNameFor(stack: string): string {
    return `${pulumi.getProject()}-${stack}`.slice(0, 100);
}

/**
 * Declares UsageCost when usage tracking asks for a budget, tag activation or alarms; the alarms
 * watch what the backend passes as modelId (each profile's application profile).
 */
export function declareUsageCost(settings: StackSettings, invokeModelIds: readonly pulumi.Input<string>[]): UsageCost | undefined {
    const tracking = settings.usageTracking;
    if (tracking === undefined || (tracking.monthlyBudgetUsd === undefined && !tracking.activateCostAllocationTags && tracking.alarms === undefined)) {
        return undefined;
    }
    const stack = pulumi.getStack();
    return new UsageCost("usage-cost", {
        environment: stack,
        activateTagKeys: tracking.activateCostAllocationTags ? [...Object.keys(tracking.tags), ENVIRONMENT_TAG] : [],
        monthlyBudgetUsd: tracking.monthlyBudgetUsd,
        alertEmails: tracking.budgetAlertEmails,
        budgetName: budgetNameFor(stack),
        ...(tracking.alarms === undefined ? {} : { alarms: { modelIds: invokeModelIds, tokensPerHour: tracking.alarms.tokensPerHour } }),
    });
}
