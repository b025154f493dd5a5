/**
 * Someone hears when an environment's Bedrock use runs away (AWS's sample AI/ML security assessment,
 * Financial Services checks FS-06 and FS-05): a stack that enables model access declares a budget on
 * its spend, and CloudWatch alarms on Bedrock's throttles and token counts (the AWS/Bedrock metrics
 * the user guide's "Monitor bedrock-runtime inference using CloudWatch metrics" lists).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isModelAccessType } from "./bedrockIds";
import { known } from "./iamDocumentPaths";

const BUDGET_TYPE = "aws:budgets/budget:Budget";
const ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
const BEDROCK_NAMESPACE = "AWS/Bedrock";
/** The runtime's token metrics, and its estimate of the tokens-per-minute quota used. */
const TOKEN_METRICS = ["InputTokenCount", "OutputTokenCount", "EstimatedTPMQuotaUsage"];

/** The AWS/Bedrock metrics an alarm watches: its own metric, or those of its metric queries. */
export function bedrockMetricsOf(alarm: PolicyResource): string[] {
    const own = known(() => (alarm.props.namespace === BEDROCK_NAMESPACE ? alarm.props.metricName : undefined));
    const queries = known(() => alarm.props.metricQueries) as { metric?: { namespace?: string; metricName?: string } }[] | undefined;
    const fromQueries = (Array.isArray(queries) ? queries : []).flatMap((q) =>
        q.metric?.namespace === BEDROCK_NAMESPACE && typeof q.metric.metricName === "string" ? [q.metric.metricName] : [],
    );
    return [...(typeof own === "string" ? [own] : []), ...fromQueries];
}

export const usageBudget: StackValidationPolicy = {
    name: "bedrock-usage-budget",
    description: "A stack that enables Bedrock model access declares a budget on its spend (FS-06), so someone hears when it passes a limit.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const access = args.resources.find((r) => isModelAccessType(r.type));
        if (access !== undefined && !args.resources.some((r) => r.type === BUDGET_TYPE)) {
            reportViolation(
                "The stack enables model access but declares no budget, so nobody hears when its spend passes a limit (FS-06). Set " +
                    "bedrock-model-access:usageTracking.monthlyBudgetUsd and budgetAlertEmails.",
                access.urn,
            );
        }
    },
};

export const usageAlarms: StackValidationPolicy = {
    name: "bedrock-usage-alarms",
    description:
        "A stack that enables Bedrock model access declares CloudWatch alarms on AWS/Bedrock throttles (InvocationThrottles) and token counts (FS-05), so someone hears when use runs away.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const access = args.resources.find((r) => isModelAccessType(r.type));
        if (access === undefined) {
            return;
        }
        const watched = args.resources.filter((r) => r.type === ALARM_TYPE).flatMap(bedrockMetricsOf);
        const missing = [
            ...(watched.includes("InvocationThrottles") ? [] : ["throttles (InvocationThrottles)"]),
            ...(watched.some((m) => TOKEN_METRICS.includes(m)) ? [] : ["token use (InputTokenCount, OutputTokenCount or EstimatedTPMQuotaUsage)"]),
        ];
        if (missing.length > 0) {
            reportViolation(
                `The stack enables model access but no CloudWatch alarm watches AWS/Bedrock ${missing.join(" or ")} (FS-05). Set ` +
                    'bedrock-model-access:usageTracking.alarms (e.g. {"tokensPerHour": 2000000}) with budgetAlertEmails.',
                access.urn,
            );
        }
    },
};
