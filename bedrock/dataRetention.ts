/**
 * Bedrock's data-retention modes (per account and region, 2026) and the models that need one.
 * Sources: Bedrock user guide, "Data retention" (modes; a region never configured reports
 * `inherit`; the setting does not propagate between regions) and the API reference of
 * PutAccountDataRetention (the modes it accepts); "Amazon Bedrock abuse detection" and the Claude
 * Fable 5 model card and launch notes (Mythos-class models accept only `provider_data_share`).
 */

/** Every mode Bedrock reports (GetAccountDataRetention). */
export const DATA_RETENTION_MODES = ["none", "default", "provider_data_share", "aws_review", "inherit"] as const;
export type DataRetentionMode = (typeof DATA_RETENTION_MODES)[number];

/** The modes PutAccountDataRetention accepts (aws_review is reported, never set by customers). */
export const SETTABLE_DATA_RETENTION_MODES: readonly DataRetentionMode[] = ["none", "default", "provider_data_share", "inherit"];

/** What each mode means for an environment's prompts and answers, for messages and `npm run models`. */
export const DATA_RETENTION_MEANING: Readonly<Record<DataRetentionMode, string>> = {
    none: "zero retention: nothing is kept or shared with the model provider; models that require retention are refused",
    default: "the model's own policy: AWS may keep data for abuse prevention, the model provider receives nothing",
    provider_data_share: "Bedrock may keep inference data and share it with the model provider (required by some models)",
    aws_review: "kept for AWS review",
    inherit: "never configured here: each model's default applies",
};

export function isDataRetentionMode(value: unknown): value is DataRetentionMode {
    return typeof value === "string" && (DATA_RETENTION_MODES as readonly string[]).includes(value);
}

/**
 * Model families that run only under `provider_data_share` (the Mythos-class "covered models":
 * Claude Fable 5 and 5.1, Claude Mythos 5), matched by ID prefix so later versions of a family
 * match too. Claude models released before Fable 5 need no change.
 */
const PROVIDER_DATA_SHARE_ONLY: readonly { readonly prefix: string; readonly name: string }[] = [
    { prefix: "anthropic.claude-fable-5", name: "Claude Fable 5" },
    { prefix: "anthropic.claude-mythos-5", name: "Claude Mythos 5" },
];

/** The mode a model requires, or undefined when every mode serves it. */
export function requiredDataRetentionMode(modelId: string): DataRetentionMode | undefined {
    return PROVIDER_DATA_SHARE_ONLY.some((m) => modelId.startsWith(m.prefix)) ? "provider_data_share" : undefined;
}

/** Why a model cannot run in a region whose mode is (or will be) `mode`, or undefined. */
export function dataRetentionProblem(modelId: string, region: string, mode: DataRetentionMode, settingKey: string): string | undefined {
    const required = requiredDataRetentionMode(modelId);
    if (required === undefined || mode === required) {
        return undefined;
    }
    return (
        `${modelId} runs only under the data-retention mode "${required}" (${DATA_RETENTION_MEANING[required]}), and ${region} ` +
        `is or will be "${mode}", so Bedrock would refuse every call. Choose: set ${settingKey} to {"mode": "${required}"} ` +
        `if the environment may share its prompts with the model provider, or use a model that runs under "${mode}".`
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
