/**
 * Regions: model access and inference-profile source regions stay within the allowed regions.
 * Advisory by default, and inactive until allowedRegions is configured.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isModelAccessType, parseBedrockArn } from "./bedrockIds";
import { type AllowedRegionsConfig, allowedRegionsSchema, withDefaults } from "./config";
import { documentsOf } from "./iamDocumentPaths";
import { conditionValues } from "./iamJudging";
import { parseDocument } from "./iamStatements";

export const allowedRegions: ResourceValidationPolicy = {
    name: "bedrock-allowed-regions",
    description: "Bedrock model access and inference-profile source regions are within the configured allowed regions.",
    enforcementLevel: "advisory",
    configSchema: allowedRegionsSchema,
    validateResource: (args, reportViolation) => {
        const { allowedRegions: regions } = withDefaults(args.getConfig<Partial<AllowedRegionsConfig>>(), { allowedRegions: [] });
        if (regions.length === 0) {
            return;
        }
        const outside = (region: string) => region !== "" && !region.includes("*") && !regions.includes(region);
        if (isModelAccessType(args.type)) {
            // ModelAgreement without its own region uses its provider's.
            const region = args.props.region ?? args.provider?.props.region;
            if (typeof region === "string" && outside(region)) {
                reportViolation(`${args.name} enables model access in ${region}, outside the allowed regions (${regions.join(", ")}).`);
            }
            return;
        }
        for (const document of documentsOf(args.type, args.props)) {
            const parsed = parseDocument(document.raw);
            if ("error" in parsed) {
                continue; // bedrock-invoke-scoped-to-inference-profile reports unreadable documents.
            }
            const profiles = parsed.statements.flatMap((s) => [...(s.resource ?? []), ...(conditionValues(s, "bedrock:InferenceProfileArn") ?? [])]);
            for (const arn of new Set(profiles)) {
                const parsedArn = parseBedrockArn(arn);
                if (parsedArn?.resourceType === "inference-profile" && outside(parsedArn.region)) {
                    reportViolation(
                        `${args.name}: ${document.where} uses the inference profile ${parsedArn.resourceId} from ${parsedArn.region}, ` +
                            `outside the allowed source regions (${regions.join(", ")}).`,
                    );
                }
            }
        }
    },
};
