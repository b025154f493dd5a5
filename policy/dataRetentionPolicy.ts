/**
 * Data retention: whether an environment's prompts are kept or shared with the model provider is
 * a per-region account setting (Bedrock, 2026). A DataRetention resource must set a mode the
 * reviewers allow (mandatory; default none or default, so the modes that keep data for review,
 * aws_review and provider_data_share, are blocked unless allowed), and a
 * stack that enables model access without declaring a mode is reported (advisory by default).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { DATA_RETENTION_TYPE } from "./bedrockFacts";
import { isModelAccessType } from "./bedrockIds";
import { type DataRetentionConfig, dataRetentionSchema, withDefaults } from "./config";

export const DEFAULT_ALLOWED_DATA_RETENTION_MODES: readonly string[] = ["none", "default"];

/** What the modes that keep data mean, for the violation (Bedrock user guide, "Data retention"). */
const KEEPS_DATA: Readonly<Record<string, string>> = {
    aws_review: "; under it AWS may keep prompts and answers for safety review (the model provider receives nothing)",
    provider_data_share: "; under it, the earlier mode for models that require retention, Bedrock may keep prompts and answers",
};

export const dataRetention: ResourceValidationPolicy = {
    name: "bedrock-data-retention",
    description:
        "A region's data-retention mode is one the reviewers allow (default: none or default; aws_review and provider_data_share let Bedrock keep prompts for review).",
    enforcementLevel: "mandatory",
    configSchema: dataRetentionSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== DATA_RETENTION_TYPE) {
            return;
        }
        const { allowedModes } = withDefaults(args.getConfig<Partial<DataRetentionConfig>>(), { allowedModes: DEFAULT_ALLOWED_DATA_RETENTION_MODES });
        const mode = args.props.mode;
        if (typeof mode === "string" && !allowedModes.includes(mode)) {
            reportViolation(
                `${args.name} sets the data-retention mode of ${String(args.props.region)} to "${mode}", which the reviewers do not allow ` +
                    `(allowed: ${allowedModes.join(", ")})${KEEPS_DATA[mode] ?? ""}.`,
            );
        }
    },
};

export const dataRetentionDeclared: StackValidationPolicy = {
    name: "bedrock-data-retention-declared",
    description: "A stack that enables model access declares the data-retention mode of its regions (a DataRetention resource).",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const access = args.resources.filter((r) => isModelAccessType(r.type));
        if (access.length === 0 || args.resources.some((r) => r.type === DATA_RETENTION_TYPE)) {
            return;
        }
        const regions = [...new Set(access.map((r) => r.props.region).filter((r): r is string => typeof r === "string"))];
        reportViolation(
            `The stack enables model access${regions.length > 0 ? ` in ${regions.join(", ")}` : ""} but declares no data-retention mode, so ` +
                "whether prompts are kept or shared with the model provider is whatever the account says. Declare it " +
                '(bedrock-model-access:dataRetention, {"mode": "none"} or "default").',
            // A stack-level violation that names a resource (the CLI needs one to render it).
            access[0].urn,
        );
    },
};
