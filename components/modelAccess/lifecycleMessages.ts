/**
 * What ModelAccess says about a model's lifecycle in a region: the end-of-life refusal (at
 * preview and create) and the Legacy warning, each with the command that lists what to use instead.
 */
import type { ModelLifecycle } from "../../aws/bedrock";

/** The command that lists what to use instead, for messages. */
export function modelsCommand(region: string, modelId: string): string {
    return `npm run models -- --region ${region} --provider ${modelId.split(".")[0]}`;
}

/** Why the model cannot be enabled because its end of life has passed in the region, or undefined. */
export function endOfLifeProblem(modelId: string, region: string, lifecycle: ModelLifecycle | undefined, now = Date.now()): string | undefined {
    const eol = lifecycle?.endOfLifeTime;
    if (eol === undefined || Date.parse(eol) > now) {
        return undefined;
    }
    return (
        `${modelId} reached its end of life in ${region} on ${eol.slice(0, 10)}: Bedrock no longer serves it, so it cannot be ` +
        `enabled or invoked. List what to use instead with \`${modelsCommand(region, modelId)}\` and move the environment's ` +
        `inferenceProfiles to an Active model (docs/model-lifecycle.md). Nothing was created.`
    );
}

/**
 * The start of Bedrock's current lifecycle policy: models launched on or after it (user guide,
 * "Model lifecycle"; earlier ones follow "Model lifecycle (Legacy)") have Legacy periods of 6 months
 * or 45 days, cannot be adopted while Legacy by an account that has not used them, and may be lost
 * to an account after 15 days without use.
 */
export const CURRENT_LIFECYCLE_POLICY_FROM = "2026-09-07";

/** The warning line for a Legacy model still before its end of life, or undefined. */
export function legacyWarning(modelId: string, region: string, lifecycle: ModelLifecycle | undefined): string | undefined {
    if (lifecycle?.status !== "LEGACY") {
        return undefined;
    }
    return (
        `Warning: ${modelId} is Legacy in ${region}${lifecycle.legacyTime ? ` since ${lifecycle.legacyTime.slice(0, 10)}` : ""}` +
        `${lifecycle.endOfLifeTime ? `; its end of life is ${lifecycle.endOfLifeTime.slice(0, 10)}` : ""}. New customers cannot use ` +
        `Legacy models; plan the move with \`${modelsCommand(region, modelId)}\`.` +
        (lifecycle.startOfLifeTime !== undefined && lifecycle.startOfLifeTime.slice(0, 10) >= CURRENT_LIFECYCLE_POLICY_FROM
            ? ` It launched on ${lifecycle.startOfLifeTime.slice(0, 10)}, under Bedrock's lifecycle policy since ${CURRENT_LIFECYCLE_POLICY_FROM}: ` +
              "an account that has not used it cannot take it up now, and one that stops using it may lose access after 15 days."
            : "")
    );
}
