/**
 * Typed configuration of the pack's policies, with the JSON schemas the engine validates it
 * against. Reviewers override values per policy in a policy-config file:
 *   { "bedrock-specific-model-enablement": { "allowedModelIds": ["anthropic.claude-sonnet-4-20250514-v1:0"] } }
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { API_KEY_POLICIES, type ApiKeyPolicy, ENVIRONMENT_TAG } from "./bedrockFacts";

/**
 * The environments' model (Claude Sonnet 4.6) and the runbook's (Claude Sonnet 4, past its end of
 * life: enabling it fails, and bedrock-model-lifecycle flags any stack that still records it).
 */
export const DEFAULT_ALLOWED_MODEL_IDS: readonly string[] = ["anthropic.claude-sonnet-4-6", "anthropic.claude-sonnet-4-20250514-v1:0"];
export const DEFAULT_MAX_MODELS_PER_STACK = 3;

export interface AllowedModelsConfig {
    /** Foundation-model IDs that may be enabled and invoked. */
    readonly allowedModelIds: readonly string[];
}

export interface StackModelsConfig extends AllowedModelsConfig {
    /** How many distinct models one stack may enable before it looks like "enable all models". */
    readonly maxModelsPerStack: number;
}

export interface DataRetentionConfig {
    /** The data-retention modes a DataRetention resource may set. */
    readonly allowedModes: readonly string[];
}

export const dataRetentionSchema: PolicyConfigSchema = {
    properties: {
        allowedModes: {
            type: "array",
            items: { type: "string", enum: ["none", "default", "aws_review", "provider_data_share", "inherit"] },
            default: ["none", "default"],
            description:
                "Data-retention modes a stack may set (default: none and default; aws_review and provider_data_share let Bedrock keep prompts for review).",
        },
    },
};

/** Which Bedrock API keys reviewers accept: none, short-term ones only, or any (long-term too). */
export interface ApiKeysConfig {
    readonly allowedApiKeys: ApiKeyPolicy;
}

export const apiKeysSchema: PolicyConfigSchema = {
    properties: {
        allowedApiKeys: {
            type: "string",
            enum: [...API_KEY_POLICIES],
            default: "none",
            description:
                'Bedrock API keys the reviewers accept: "none" (default; the guardrail must deny every use), "short-term" (it must deny long-term keys) or "any" (long-term keys too).',
        },
    },
};

/** The reviewers' bounds on invocation logs. */
export interface InvocationLoggingConfig {
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
    readonly requireKms: boolean;
}

export const DEFAULT_INVOCATION_LOGGING: InvocationLoggingConfig = { minRetentionDays: 30, maxRetentionDays: 3653, requireKms: false };

export const invocationLoggingSchema: PolicyConfigSchema = {
    properties: {
        minRetentionDays: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_INVOCATION_LOGGING.minRetentionDays,
            description: "The shortest log-group retention accepted, in days.",
        },
        maxRetentionDays: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_INVOCATION_LOGGING.maxRetentionDays,
            description: "The longest log-group retention accepted, in days.",
        },
        requireKms: { type: "boolean", default: false, description: "Require the log group and the bucket to be encrypted with a KMS key." },
    },
};

export interface AllowedRegionsConfig {
    /** Regions where model access and inference-profile source regions are allowed; empty: no restriction. */
    readonly allowedRegions: readonly string[];
}

const allowedModelIds = {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: [...DEFAULT_ALLOWED_MODEL_IDS],
    description: "Foundation-model IDs that may be enabled and invoked (default: Claude Sonnet 4.6 and Claude Sonnet 4).",
} as const;

export const allowedModelsSchema: PolicyConfigSchema = { properties: { allowedModelIds } };

/**
 * The allow-list policy's configuration: the models, the API keys, and the Claude Platform on AWS
 * workspaces the guardrail may leave usable.
 */
export interface AllowListConfig extends AllowedModelsConfig, ApiKeysConfig {
    /** Claude Platform on AWS workspace ARNs that may stay usable; ["*"] accepts the whole road. Default none. */
    readonly allowedClaudePlatformWorkspaces: readonly string[];
}

export const allowListSchema: PolicyConfigSchema = {
    properties: {
        allowedModelIds,
        ...apiKeysSchema.properties,
        allowedClaudePlatformWorkspaces: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description:
                'Claude Platform on AWS (aws-external-anthropic) workspace ARNs a guardrail may leave usable. No IAM key names the model there, so any Claude model can be called in them. Default none: the guardrail must deny every aws-external-anthropic action that runs a model; ["*"] accepts any workspace.',
        },
    },
};

export const stackModelsSchema: PolicyConfigSchema = {
    properties: {
        allowedModelIds,
        maxModelsPerStack: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_MAX_MODELS_PER_STACK,
            description: "The most distinct models one stack may enable.",
        },
    },
};

export const allowedRegionsSchema: PolicyConfigSchema = {
    properties: {
        allowedRegions: {
            type: "array",
            items: { type: "string", pattern: "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}$" },
            default: [],
            description: "Regions where Bedrock model access and inference-profile source regions are allowed. Empty: any region.",
        },
    },
};

export const DEFAULT_WARN_DAYS_BEFORE_END_OF_LIFE = 90;

export interface LifecycleConfig {
    /** Flag a model this many days before its recorded end of life. */
    readonly warnDaysBeforeEndOfLife: number;
}

export const lifecycleSchema: PolicyConfigSchema = {
    properties: {
        warnDaysBeforeEndOfLife: {
            type: "integer",
            minimum: 0,
            default: DEFAULT_WARN_DAYS_BEFORE_END_OF_LIFE,
            description: "Flag model access this many days before the model's end of life.",
        },
    },
};

/** AWS-managed policies that grant invocation of every Bedrock model (checked 2026-11 against their documents). */
export const DEFAULT_BROAD_MANAGED_POLICIES: readonly string[] = [
    "AdministratorAccess",
    "PowerUserAccess",
    "AmazonBedrockFullAccess",
    "AmazonBedrockLimitedAccess",
    // bedrock-mantle:CreateInference on every project, for every model (its document, AWS managed policy reference).
    "AmazonBedrockMantleInferenceAccess",
];

export interface BroadManagedPoliciesConfig {
    /** AWS-managed policy names considered broad. */
    readonly broadManagedPolicies: readonly string[];
    /** Attachment resources (names or URNs) reviewers accept anyway, for example a break-glass admin role. */
    readonly exemptAttachments: readonly string[];
}

export const broadManagedPoliciesSchema: PolicyConfigSchema = {
    properties: {
        broadManagedPolicies: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [...DEFAULT_BROAD_MANAGED_POLICIES],
            description: "AWS-managed policy names that grant invocation of every Bedrock model.",
        },
        exemptAttachments: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description: "Names or URNs of attachment resources that may attach a broad managed policy anyway.",
        },
    },
};

/** The policy's configuration with the schema's defaults filled in (the engine fills them too). */
export function withDefaults<T extends object>(given: Partial<T>, defaults: T): T {
    const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [key, value] of Object.entries(given)) {
        if (value !== undefined) {
            merged[key] = value;
        }
    }
    return merged as T;
}

/** The tag keys reviewers require on every application inference profile (usage attribution). */
export interface UsageTrackingConfig {
    readonly requiredTagKeys: readonly string[];
}

export const DEFAULT_USAGE_TRACKING: UsageTrackingConfig = { requiredTagKeys: [ENVIRONMENT_TAG] };

export const usageTrackingSchema: PolicyConfigSchema = {
    properties: {
        requiredTagKeys: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [ENVIRONMENT_TAG],
            description: `Tag keys every application inference profile carries, so Cost Explorer can attribute its spend (default: ${ENVIRONMENT_TAG}).`,
        },
    },
};
