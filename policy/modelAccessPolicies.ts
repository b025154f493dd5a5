/**
 * Model access: the runbook's "enable specific models (recommended), not all models", as rules.
 * They govern this program's ModelAccess resources and the AWS provider's ModelAgreement alike.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isModelAccessType, judgeModelId } from "./bedrockIds";
import { isUnknownValueError } from "./iamDocumentPaths";
import {
    type AllowedModelsConfig,
    DEFAULT_ALLOWED_MODEL_IDS,
    DEFAULT_MAX_MODELS_PER_STACK,
    type StackModelsConfig,
    allowedModelsSchema,
    stackModelsSchema,
    withDefaults,
} from "./config";

function listed(ids: readonly string[]): string {
    return ids.length === 0 ? "(none)" : ids.join(", ");
}

export const specificModelEnablement: ResourceValidationPolicy = {
    name: "bedrock-specific-model-enablement",
    description: "Model access names one concrete foundation-model ID from the allowed list: no wildcards, no empty IDs.",
    enforcementLevel: "mandatory",
    configSchema: allowedModelsSchema,
    validateResource: (args, reportViolation) => {
        if (!isModelAccessType(args.type)) {
            return;
        }
        const { allowedModelIds } = withDefaults(args.getConfig<Partial<AllowedModelsConfig>>(), {
            allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS,
        });
        const verdict = judgeModelId(args.props.modelId);
        if (verdict.kind !== "concrete") {
            reportViolation(
                `${args.name} enables model access whose modelId ${verdict.reason}. Enable specific models only: ` +
                    `one resource per model, each naming one of the allowed models (${listed(allowedModelIds)}).`,
            );
        } else if (!allowedModelIds.includes(verdict.modelId)) {
            reportViolation(
                `${args.name} enables ${verdict.modelId}, which is not an allowed model (${listed(allowedModelIds)}). ` +
                    `Enable an allowed model, or have the reviewers add it to allowedModelIds.`,
            );
        }
    },
};

/** Every string in a value, skipping values unknown during preview; reports whether any was unknown. */
function collectStrings(value: unknown, into: string[]): boolean {
    if (typeof value === "string") {
        into.push(value);
        return false;
    }
    if (typeof value !== "object" || value === null) {
        return false;
    }
    let sawUnknown = false;
    for (const key of Object.keys(value)) {
        try {
            sawUnknown = collectStrings((value as Record<string, unknown>)[key], into) || sawUnknown;
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            sawUnknown = true;
        }
    }
    return sawUnknown;
}

export const noEnableAllModels: StackValidationPolicy = {
    name: "bedrock-no-enable-all-models",
    description: "A stack enables only a few distinct models, each one used by an inference profile, IAM policy or other resource in the stack.",
    enforcementLevel: "mandatory",
    configSchema: stackModelsSchema,
    validateStack: (args, reportViolation) => {
        const config = withDefaults(args.getConfig<Partial<StackModelsConfig>>(), {
            allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS,
            maxModelsPerStack: DEFAULT_MAX_MODELS_PER_STACK,
        });
        const enabled = new Map<string, string>();
        for (const resource of args.resources.filter((r) => isModelAccessType(r.type))) {
            const verdict = judgeModelId(resource.props.modelId);
            if (verdict.kind === "concrete" && !enabled.has(verdict.modelId)) {
                enabled.set(verdict.modelId, resource.urn);
            }
        }
        if (enabled.size > config.maxModelsPerStack) {
            reportViolation(
                `The stack enables ${enabled.size} distinct models (${[...enabled.keys()].join(", ")}); at most ` +
                    `${config.maxModelsPerStack} are allowed. That is the "enable all models" anti-pattern in code: ` +
                    `enable only the models the stack's applications call.`,
            );
        }
        const mentions: string[] = [];
        let unknown = false;
        for (const resource of args.resources.filter((r) => !isModelAccessType(r.type))) {
            unknown = collectStrings(resource.props, mentions) || unknown;
        }
        if (unknown) {
            // Something not yet known may use the model; the check runs again on update.
            return;
        }
        for (const [modelId, urn] of enabled) {
            if (!mentions.some((text) => text.includes(modelId))) {
                reportViolation(
                    `The stack enables ${modelId}, but no inference profile, IAM policy or other resource in it uses ` +
                        `that model. Remove the model access, or add what uses it.`,
                    urn,
                );
            }
        }
    },
};
