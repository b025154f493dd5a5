/**
 * The Bedrock facts the policy pack and the program share, in one place. It lives in the pack
 * (which is published on its own) and imports nothing; the program imports it from here
 * (bedrock/models.ts, components/modelAllowList/allowListDocument.ts, components/modelAccess/modelAccess.ts).
 */

/** Geography prefixes of system-defined cross-region inference profiles (`global` fits every region). */
export const PROFILE_GEOGRAPHY_PREFIXES = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"] as const;
export type ProfileGeography = (typeof PROFILE_GEOGRAPHY_PREFIXES)[number];

/**
 * AWS's pattern for a foundation-model ID (GetFoundationModelAvailability, CreateFoundationModelAgreement),
 * and its maximum length.
 */
export const MODEL_ID_PATTERN =
    /^[a-z0-9-]{1,63}[.][a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}(\/[a-z0-9]{12}|)$/;
export const MODEL_ID_MAX_LENGTH = 140;

/**
 * Words people type when they mean "every model": the console's "enable all models". Any `*` or
 * `?` in an ID means the same. (Arrays, not Sets: simple data is what every reader handles.)
 */
export const ENABLE_ALL_WORDS: readonly string[] = ["*", "all", "any", "every", "all-models"];

/** Whether a model ID asks for every model ("enable all models") rather than one. */
export function asksForEveryModel(modelId: string): boolean {
    const trimmed = modelId.trim();
    return ENABLE_ALL_WORDS.includes(trimmed.toLowerCase()) || trimmed.includes("*") || trimmed.includes("?");
}

/**
 * Every Bedrock action that runs a model it names: invocation (also Converse and StartAsyncInvoke),
 * streaming (also ConverseStream), bidirectional streaming, batch jobs, model evaluation jobs and
 * advanced prompt optimization jobs (AWS's service authorization reference lists a foundation-model
 * resource for each). The pack checks grants of these; the program's guardrail denies them outside
 * the allow list.
 */
export const INVOKE_ACTIONS: readonly string[] = [
    "bedrock:CreateAdvancedPromptOptimizationJob",
    "bedrock:CreateEvaluationJob",
    "bedrock:CreateModelEvaluationJob",
    "bedrock:CreateModelInvocationJob",
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithBidirectionalStream",
    "bedrock:InvokeModelWithResponseStream",
];

/** The type token the program's ModelAccess dynamic resource registers. */
export const MODEL_ACCESS_TYPE = "pulumi-nodejs:dynamic/bedrock:ModelAccess";

/** The type token of the program's DataRetention dynamic resource (one region's data-retention mode). */
export const DATA_RETENTION_TYPE = "pulumi-nodejs:dynamic/bedrock:DataRetention";
