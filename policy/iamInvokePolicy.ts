/**
 * IAM: invoking a model is allowed only through an inference profile of an allowed model, never
 * on every resource, every model, or a model without a bedrock:InferenceProfileArn condition.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { INVOKE_ACTIONS } from "./bedrockFacts";
import { judgeModelId, modelOfProfileId, parseBedrockArn } from "./bedrockIds";
import { type AllowedModelsConfig, DEFAULT_ALLOWED_MODEL_IDS, allowedModelsSchema, withDefaults } from "./config";
import { documentsOf, reportGrantProblems } from "./iamDocumentPaths";
import { pinnedValues } from "./iamJudging";
import type { Statement } from "./iamStatements";

/** Every Bedrock action that runs a model it names (bedrockFacts.ts, shared with the program). */
export { INVOKE_ACTIONS };

/** Model resources that belong to no allowed model through an inference profile. */
const OTHER_MODEL_TYPES: Readonly<Record<string, string>> = {
    "provisioned-model": "a provisioned model",
    "custom-model": "a custom model",
    "custom-model-deployment": "a custom-model deployment",
    "imported-model": "an imported model",
    "prompt-router": "a prompt router (it routes to several models)",
    "default-prompt-router": "a prompt router (it routes to several models)",
    marketplace: "a Marketplace model endpoint",
};

function hasWildcard(text: string): boolean {
    return text.includes("*") || text.includes("?");
}

/** Problems with one Allow statement that grants bedrock:InvokeModel*. */
export function invokeStatementProblems(statement: Statement, allowedModelIds: readonly string[]): string[] {
    if (statement.notResource !== undefined) {
        return ["uses NotResource, which grants every resource it does not name; list the inference-profile and model ARNs in Resource"];
    }
    const problems: string[] = [];
    const allowed = (modelId: string) => allowedModelIds.includes(modelId);
    const { values: profileArns, weakened } = pinnedValues(statement, "bedrock:InferenceProfileArn");
    for (const resource of statement.resource ?? []) {
        const arn = parseBedrockArn(resource);
        if (arn === undefined || hasWildcard(arn.resourceType)) {
            problems.push(`grants invoke on "${resource}", which covers every Bedrock model and profile; name the inference profile's ARN`);
            continue;
        }
        if (arn.resourceType === "foundation-model") {
            const verdict = judgeModelId(arn.resourceId);
            if (verdict.kind !== "concrete") {
                problems.push(`grants invoke on "${resource}", every foundation model; name the model`);
                continue;
            }
            if (!allowed(verdict.modelId)) {
                problems.push(`grants ${verdict.modelId}, which is not an allowed model (${allowedModelIds.join(", ")})`);
            }
            if (profileArns === undefined) {
                problems.push(
                    weakened.length > 0
                        ? `grants the foundation model "${resource}" with bedrock:InferenceProfileArn under ${weakened.join(", ")}, ` +
                              `which does not pin the profile (a direct model call passes it); use StringEquals or ArnEquals ` +
                              `bedrock:InferenceProfileArn = <the profile ARN>`
                        : `grants the foundation model "${resource}" without a bedrock:InferenceProfileArn condition, so the model ` +
                              `can be called directly; add Condition StringEquals bedrock:InferenceProfileArn = <the profile ARN>`,
                );
            }
        } else if (OTHER_MODEL_TYPES[arn.resourceType] !== undefined) {
            problems.push(
                `grants invoke on "${resource}", ${OTHER_MODEL_TYPES[arn.resourceType]}, which is not an allowed model ` +
                    `through an inference profile; grant the profile instead`,
            );
        } else if (arn.resourceType === "inference-profile" || arn.resourceType === "application-inference-profile") {
            if (hasWildcard(arn.resourceId)) {
                problems.push(`grants invoke on "${resource}", every inference profile; name the profile`);
                continue;
            }
            const model = arn.resourceType === "inference-profile" ? modelOfProfileId(arn.resourceId) : undefined;
            if (model !== undefined && !allowed(model)) {
                problems.push(`grants the inference profile ${arn.resourceId}, whose model ${model} is not allowed (${allowedModelIds.join(", ")})`);
            }
        }
    }
    for (const profileArn of profileArns ?? []) {
        const arn = parseBedrockArn(profileArn);
        if (arn === undefined || hasWildcard(profileArn)) {
            problems.push(
                `accepts more than the stack's profiles in its bedrock:InferenceProfileArn condition ("${profileArn}"); name the profile ARN, without wildcards`,
            );
            continue;
        }
        const model = arn.resourceType === "inference-profile" ? modelOfProfileId(arn.resourceId) : undefined;
        if (model !== undefined && !allowed(model)) {
            problems.push(`routes through the inference profile ${arn.resourceId}, whose model ${model} is not allowed`);
        }
    }
    return problems;
}

export const invokeScopedToInferenceProfile: ResourceValidationPolicy = {
    name: "bedrock-invoke-scoped-to-inference-profile",
    description:
        "IAM documents that allow running a Bedrock model (InvokeModel*, bidirectional streaming, batch jobs) grant an allowed model only through an inference profile: no '*', no foundation-model/*, no NotResource, no provisioned, custom or imported model, and a pinning bedrock:InferenceProfileArn condition on every foundation-model grant.",
    enforcementLevel: "mandatory",
    configSchema: allowedModelsSchema,
    validateResource: (args, reportViolation) => {
        if (documentsOf(args.type, args.props).length === 0) {
            return;
        }
        const { allowedModelIds } = withDefaults(args.getConfig<Partial<AllowedModelsConfig>>(), {
            allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS,
        });
        reportGrantProblems(args, reportViolation, INVOKE_ACTIONS, (statement) => invokeStatementProblems(statement, allowedModelIds));
    },
};
