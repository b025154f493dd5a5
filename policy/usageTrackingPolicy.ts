/**
 * Usage attribution (the runbook's "easier to track usage"): every application inference profile
 * of the stack carries the tag keys reviewers require, so Cost Explorer can tell one environment's
 * Bedrock spend from another's, and copies a system-defined profile rather than a single model.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { APPLICATION_PROFILE_TYPE } from "./bedrockFacts";
import { parseBedrockArn } from "./bedrockIds";
import { DEFAULT_USAGE_TRACKING, type UsageTrackingConfig, usageTrackingSchema, withDefaults } from "./config";
import { known } from "./iamDocumentPaths";

export const usageTracking: StackValidationPolicy = {
    name: "bedrock-usage-tracking",
    description:
        "Every application inference profile (aws.bedrock.InferenceProfile) carries the required tag keys (requiredTagKeys, default environment) with a value, so its spend shows per environment in Cost Explorer once the keys are activated, and copies a system-defined inference profile.",
    enforcementLevel: "advisory",
    configSchema: usageTrackingSchema,
    validateStack: (args, reportViolation) => {
        const { requiredTagKeys } = withDefaults(args.getConfig<Partial<UsageTrackingConfig>>(), DEFAULT_USAGE_TRACKING);
        for (const resource of args.resources.filter((r) => r.type === APPLICATION_PROFILE_TYPE)) {
            const tags = known(() => resource.props.tags);
            if (tags !== undefined) {
                const present = typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>) : {};
                const missing = requiredTagKeys.filter((k) => typeof present[k] !== "string" || present[k] === "");
                if (missing.length > 0) {
                    reportViolation(
                        `The application inference profile ${resource.name} lacks the tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}, ` +
                            "so Cost Explorer cannot attribute its spend; set them (bedrock-model-access:usageTracking.tags; environment is set from the stack).",
                        resource.urn,
                    );
                }
            }
            const source = known(() => (resource.props.modelSource as { copyFrom?: unknown } | undefined)?.copyFrom);
            if (typeof source === "string") {
                const arn = parseBedrockArn(source);
                if (arn?.resourceType !== "inference-profile") {
                    reportViolation(
                        `The application inference profile ${resource.name} copies ${source}, not a system-defined cross-region profile; ` +
                            "copy the profile (modelSource.copyFrom = its ARN) so calls keep the profile's routing.",
                        resource.urn,
                    );
                }
            }
        }
    },
};
