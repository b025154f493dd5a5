/**
 * bedrock-mantle: IAM names its resource `project/<id>` whatever the model, so a grant that runs a
 * model there is scoped only by the condition key bedrock-mantle:Model. An Allow of
 * bedrock-mantle:CreateInference (or bedrock-mantle:*, or *) must pin that key to allowed models.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { MANTLE_MODEL_ACTIONS, MANTLE_MODEL_KEY } from "./bedrockFacts";
import { judgeModelId } from "./bedrockIds";
import { type AllowedModelsConfig, DEFAULT_ALLOWED_MODEL_IDS, allowedModelsSchema, withDefaults } from "./config";
import { documentsOf, reportGrantProblems } from "./iamDocumentPaths";
import { allowsAction, pinnedValues } from "./iamJudging";
import type { Statement } from "./iamStatements";

/** Problems with one Allow statement that grants a bedrock-mantle action that runs a model. */
export function mantleStatementProblems(statement: Statement, allowedModelIds: readonly string[]): string[] {
    const actions = MANTLE_MODEL_ACTIONS.filter((action) => allowsAction(statement, action));
    const granted = actions.join(", ");
    const { values, weakened } = pinnedValues(statement, MANTLE_MODEL_KEY);
    if (values === undefined) {
        return [
            weakened.length > 0
                ? `grants ${granted} with ${MANTLE_MODEL_KEY} under ${weakened.join(", ")}, which does not pin the model (a negated or ` +
                  `IfExists operator lets other models, or a request without the key, through); use StringEquals ${MANTLE_MODEL_KEY} = <an allowed model>`
                : `grants ${granted} without a ${MANTLE_MODEL_KEY} condition, so every model on bedrock-mantle can be called; add ` +
                  `Condition StringEquals ${MANTLE_MODEL_KEY} = <an allowed model>`,
        ];
    }
    const problems: string[] = [];
    for (const value of values) {
        const verdict = judgeModelId(value);
        if (verdict.kind !== "concrete") {
            problems.push(
                `pins ${MANTLE_MODEL_KEY} to "${value}", which ${verdict.kind === "wildcard" ? "matches every model" : verdict.reason}; name the model`,
            );
        } else if (!allowedModelIds.includes(verdict.modelId)) {
            problems.push(`grants ${granted} for ${verdict.modelId}, which is not an allowed model (${allowedModelIds.join(", ")})`);
        }
    }
    return problems;
}

export const mantleInvokePinnedToModel: ResourceValidationPolicy = {
    name: "bedrock-mantle-invoke-pinned-to-model",
    description:
        "IAM documents that allow running a model on bedrock-mantle (CreateInference, CountTokens, CreateFineTuningJob, through bedrock-mantle:* or *) pin bedrock-mantle:Model to allowed models with a positive operator (StringEquals or StringLike without wildcards; no Not..., no ...IfExists).",
    enforcementLevel: "mandatory",
    configSchema: allowedModelsSchema,
    validateResource: (args, reportViolation) => {
        if (documentsOf(args.type, args.props).length === 0) {
            return;
        }
        const { allowedModelIds } = withDefaults(args.getConfig<Partial<AllowedModelsConfig>>(), { allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS });
        reportGrantProblems(args, reportViolation, MANTLE_MODEL_ACTIONS, (statement) => mantleStatementProblems(statement, allowedModelIds));
    },
};
