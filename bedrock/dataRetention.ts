/**
 * Bedrock's data-retention modes (per account and region, 2026) and the models that need one.
 * Sources: @aws-sdk/client-bedrock 3.1178.0 (`DataRetentionMode`: none, default, aws_review,
 * provider_data_share, inherit; PutAccountDataRetention takes any of them), the Bedrock user guide's
 * "Data retention" (a region never configured reports `inherit`; the setting does not propagate
 * between regions; `aws_review` is what new configurations use for models that need retention,
 * `provider_data_share` the earlier mode for them; the modes ordered by what is kept), "Amazon
 * Bedrock abuse detection" and the model cards (Claude Fable 5, 5.1 and 5.2 take `aws_review` or
 * `provider_data_share`; the Claude Mythos 5 cards name `provider_data_share`).
 */

/** Every mode, from the least kept to the most, then `inherit` (no opinion: the model's default applies). */
export const DATA_RETENTION_MODES = ["none", "default", "aws_review", "provider_data_share", "inherit"] as const;
export type DataRetentionMode = (typeof DATA_RETENTION_MODES)[number];

/** The modes PutAccountDataRetention accepts: all of them since @aws-sdk/client-bedrock 3.1178.0. */
export const SETTABLE_DATA_RETENTION_MODES: readonly DataRetentionMode[] = DATA_RETENTION_MODES;

/** What each mode means for an environment's prompts and answers, for messages and `npm run models`. */
export const DATA_RETENTION_MEANING: Readonly<Record<DataRetentionMode, string>> = {
    none: "zero retention: nothing is kept or shared with the model provider; models that require retention are refused",
    default: "the model's own policy: AWS may keep data for abuse prevention, the model provider receives nothing",
    aws_review: "AWS may keep inference data for safety review; the model provider receives nothing (what models that require retention take)",
    provider_data_share:
        "the earlier mode for models that require retention: Bedrock may keep inference data (AWS says it shares no content with model providers today)",
    inherit: "never configured here: each model's default applies",
};

export function isDataRetentionMode(value: unknown): value is DataRetentionMode {
    return typeof value === "string" && (DATA_RETENTION_MODES as readonly string[]).includes(value);
}

/**
 * Model families that run only under some modes, matched by ID prefix so later versions of a
 * family match too (Fable 5.1 and 5.2 with Fable 5). Claude models released before Fable 5 run
 * under every mode.
 */
const RETENTION_REQUIRED: readonly { readonly prefix: string; readonly name: string; readonly modes: readonly DataRetentionMode[] }[] = [
    { prefix: "anthropic.claude-fable-5", name: "Claude Fable 5", modes: ["aws_review", "provider_data_share"] },
    { prefix: "anthropic.claude-mythos-5", name: "Claude Mythos 5", modes: ["provider_data_share"] },
];

/** The modes a model runs under, or undefined when every mode serves it. */
export function allowedDataRetentionModes(modelId: string): readonly DataRetentionMode[] | undefined {
    return RETENTION_REQUIRED.find((m) => modelId.startsWith(m.prefix))?.modes;
}

/** Why a model cannot run in a region whose mode is (or will be) `mode`, or undefined. */
export function dataRetentionProblem(modelId: string, region: string, mode: DataRetentionMode, settingKey: string): string | undefined {
    const allowed = allowedDataRetentionModes(modelId);
    if (allowed === undefined || allowed.includes(mode)) {
        return undefined;
    }
    const modes = allowed.map((m) => `"${m}"`).join(" or ");
    return (
        `${modelId} runs only under the data-retention mode ${modes} (${allowed[0]}: ${DATA_RETENTION_MEANING[allowed[0]]}), and ${region} ` +
        `is or will be "${mode}", so Bedrock would refuse every call. Choose: set ${settingKey} to {"mode": "${allowed[0]}"} ` +
        `if the environment may keep its prompts for review, or use a model that runs under "${mode}".`
    );
}

/**
 * Every model and region where the region's mode would refuse the model, for a table of region ->
 * mode (the stack's declared mode, or what Bedrock reports); a region whose mode is not known
 * (it could not be read) is skipped.
 */
export function dataRetentionProblems(modelIds: Iterable<string>, modes: Readonly<Record<string, string>>, settingKey: string): string[] {
    return [...new Set(modelIds)].flatMap((modelId) =>
        Object.entries(modes).flatMap(([region, mode]) => {
            const problem = isDataRetentionMode(mode) ? dataRetentionProblem(modelId, region, mode, settingKey) : undefined;
            return problem === undefined ? [] : [problem];
        }),
    );
}
