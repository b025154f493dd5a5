/**
 * The model allow-list guardrail's document: Deny statements that leave the allowed models (and
 * their inference profiles) usable and block every other model, for a principal that is
 * otherwise allowed everything. One document serves both an IAM policy and an SCP (AWS's pattern
 * in its Organizations SCP examples for Bedrock: Deny with NotResource, plus a Marketplace deny).
 */
import type { PolicyDocument, PolicyStatement } from "../../bedrock/iamDocument";
import type { DataRetentionMode } from "../../bedrock/dataRetention";
import { type ApiKeyPolicy, DEFAULT_API_KEYS } from "../../bedrock/endpoints";
import {
    BEARER_TOKEN_ACTIONS,
    BEDROCK_API_KEY_SERVICE_NAME,
    CLAUDE_PLATFORM_SERVICE,
    DATA_RETENTION_CHANGES,
    INVOKE_ACTIONS,
    MANTLE_MODEL_ACTIONS,
    MANTLE_MODEL_KEY,
    SHORT_TERM_TOKEN,
} from "../../policy/bedrockFacts";
import { type ProductIdTable, knownMarketplaceProductIds, marketplaceProductIds, modelIdProblem } from "../../bedrock/models";

/**
 * The Bedrock actions that run a model on a resource IAM can scope (policy/bedrockFacts.ts, the
 * one list the pack checks grants of): InvokeModel (also Converse and StartAsyncInvoke), streaming,
 * batch inference, model evaluation and advanced prompt optimization jobs.
 */
export const GUARDED_INVOKE_ACTIONS: readonly string[] = INVOKE_ACTIONS;

/** AWS Organizations' limit on an SCP's size, in characters. */
export const SCP_MAX_CHARACTERS = 5120;
/** IAM's limit on a managed policy's size, in characters (whitespace not counted). */
export const IAM_POLICY_MAX_CHARACTERS = 6144;

export type GuardrailMode = "iam" | "scp";

export interface AllowListInput {
    /** Foundation models that stay usable: the profiles' models and any extra ones. */
    readonly allowedModelIds: readonly string[];
    /** System-defined inference-profile IDs that stay usable (from any source region). */
    readonly inferenceProfileIds: readonly string[];
    /** Product IDs of Marketplace models the built-in table does not know, by model ID. */
    readonly marketplaceProductIds?: ProductIdTable;
    /** The stack's data-retention mode: setting any other, on either endpoint, is denied. */
    readonly dataRetentionMode?: DataRetentionMode;
    /** Several modes (an organization's environments): setting any mode outside them is denied; wins over dataRetentionMode. */
    readonly dataRetentionModes?: readonly DataRetentionMode[];
    /** Which Bedrock API keys may be used (default none: every use is denied, on both endpoints). */
    readonly apiKeys?: ApiKeyPolicy;
    /** The stack's own application inference profiles (usage tracking), by ARN: usable; every other one stays denied. */
    readonly applicationProfileArns?: readonly string[];
    /**
     * Claude Platform on AWS (aws-external-anthropic): "deny" (default) denies every action, or the
     * workspace ARNs whose use stays allowed (every other action and workspace stays denied).
     */
    readonly claudePlatform?: ClaudePlatformPolicy;
}

/** Claude Platform on AWS in the guardrail: denied, or open in the listed workspaces only. */
export type ClaudePlatformPolicy = "deny" | readonly string[];

/**
 * The API-key statements (AWS's sample SCPs Deny-Bedrock-api-keys and Deny-Bedrock-long-term-api-keys
 * do the same): "none" denies every use of a bearer token on both endpoints; "short-term" denies any
 * token that is not SHORT_TERM (StringNotEquals, so a call without the key is denied too); in an
 * SCP, unless "any", creating a long-term key (an IAM user's Bedrock credential) is denied as well.
 */
function apiKeyStatements(apiKeys: ApiKeyPolicy, mode: GuardrailMode): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    if (apiKeys === "none") {
        statements.push({ Sid: "DenyBedrockApiKeys", Effect: "Deny", Action: BEARER_TOKEN_ACTIONS.map((b) => b.action), Resource: "*" });
    } else if (apiKeys === "short-term") {
        for (const { action, tokenTypeKey } of BEARER_TOKEN_ACTIONS) {
            statements.push({
                Sid: action.startsWith("bedrock-mantle:") ? "DenyMantleLongTermApiKeys" : "DenyLongTermApiKeys",
                Effect: "Deny",
                Action: action,
                Resource: "*",
                Condition: { StringNotEquals: { [tokenTypeKey]: SHORT_TERM_TOKEN } },
            });
        }
    }
    if (mode === "scp" && apiKeys !== "any") {
        statements.push({
            Sid: "DenyCreatingLongTermApiKeys",
            Effect: "Deny",
            Action: "iam:CreateServiceSpecificCredential",
            Resource: "*",
            Condition: { StringEquals: { "iam:ServiceSpecificCredentialServiceName": BEDROCK_API_KEY_SERVICE_NAME } },
        });
    }
    return statements;
}

/**
 * Claude Platform on AWS: Anthropic-operated Claude in the account, where no IAM condition key
 * names the model, so the allow list holds there only by a Deny (AWS's sample SCP
 * Deny-all-aws-external-anthropic-actions denies every action). Open on purpose, only the listed
 * workspaces stay usable, and every other action (keys, new workspaces) stays denied.
 */
function claudePlatformStatement(policy: ClaudePlatformPolicy): PolicyStatement {
    const statement: PolicyStatement = { Sid: "DenyClaudePlatformOnAws", Effect: "Deny", Action: `${CLAUDE_PLATFORM_SERVICE}:*` };
    return policy === "deny" ? { ...statement, Resource: "*" } : { ...statement, NotResource: [...new Set(policy)].sort() };
}

/** The models a guardrail leaves usable: the profiles' models and the extra ones, each once, sorted. */
export function allowedModelIds(profileModels: readonly string[], extraAllowedModels: readonly string[] = []): string[] {
    return [...new Set([...profileModels, ...extraAllowedModels])].sort();
}

/**
 * The guardrail document. Resource patterns use `*` for partition, region and account, so one
 * document fits every account and region an SCP reaches; the region `*` also matches the
 * region-less `arn:<partition>:bedrock:::foundation-model/<id>` that global profiles route to.
 *
 * An allowed Marketplace model whose product ID is not known cannot be exempted from the Subscribe
 * deny. As an SCP that deny reaches the deployer too, whose model access must subscribe, so the
 * document is refused. As an IAM policy on the application's roles it is kept: those roles never
 * need to subscribe while the stack's agreement exists (ModelAccess, as the deployer, made it).
 */
export function allowListDocument(input: AllowListInput, mode: GuardrailMode = "scp"): PolicyDocument {
    const models = [...new Set(input.allowedModelIds)].sort();
    const profiles = [...new Set(input.inferenceProfileIds)].sort();
    if (models.length === 0) {
        throw new Error("The model allow list is empty: configure at least one inference profile or extraAllowedModels.");
    }
    for (const modelId of models) {
        const problem = modelIdProblem(modelId, "the allowed model");
        if (problem !== undefined) {
            throw new Error(problem);
        }
    }
    const productIds =
        mode === "scp"
            ? marketplaceProductIds(models, input.marketplaceProductIds)
            : knownMarketplaceProductIds(models, input.marketplaceProductIds).productIds;
    const statements: PolicyStatement[] = [
        {
            // Everything not listed is denied: other foundation models in any region, other
            // profiles, application inference profiles, provisioned, custom and imported models.
            Sid: "DenyModelsOutsideAllowList",
            Effect: "Deny",
            Action: [...GUARDED_INVOKE_ACTIONS],
            NotResource: [
                ...models.map((m) => `arn:*:bedrock:*::foundation-model/${m}`),
                ...profiles.map((p) => `arn:*:bedrock:*:*:inference-profile/${p}`),
                // Exactly the stack's copies: an application profile's ID is Bedrock's, so only its full ARN names it.
                ...[...new Set(input.applicationProfileArns ?? [])].sort(),
                // The batch job and the asynchronous invocation themselves (StartAsyncInvoke is
                // InvokeModel on the async-invoke and on the model); the model or profile they run
                // is checked by the patterns above.
                "arn:*:bedrock:*:*:async-invoke/*",
                "arn:*:bedrock:*:*:model-invocation-job/*",
            ],
        },
        {
            // bedrock-mantle (Anthropic's Messages API, OpenAI-compatible APIs) names the model in a
            // condition key; calls without a model (project management) are left alone.
            Sid: "DenyMantleModelsOutsideAllowList",
            Effect: "Deny",
            Action: "bedrock-mantle:*",
            Resource: "*",
            Condition: {
                StringNotLike: { [MANTLE_MODEL_KEY]: models },
                Null: { [MANTLE_MODEL_KEY]: "false" },
            },
        },
        {
            // ...but a model-running call that names no model cannot be shown to run an allowed one.
            Sid: "DenyMantleInferenceWithoutModel",
            Effect: "Deny",
            Action: [...MANTLE_MODEL_ACTIONS],
            Resource: "*",
            Condition: { Null: { [MANTLE_MODEL_KEY]: "true" } },
        },
        claudePlatformStatement(input.claudePlatform ?? "deny"),
        {
            // First use of a third-party model subscribes the account: only to the allowed products.
            Sid: "DenyMarketplaceSubscribeOutsideAllowList",
            Effect: "Deny",
            Action: "aws-marketplace:Subscribe",
            Resource: "*",
            ...(productIds.length > 0 ? { Condition: { "ForAnyValue:StringNotEquals": { "aws-marketplace:ProductId": productIds } } } : {}),
        },
    ];
    statements.push(...apiKeyStatements(input.apiKeys ?? DEFAULT_API_KEYS, mode));
    const modes = input.dataRetentionModes !== undefined && input.dataRetentionModes.length > 0 ? [...new Set(input.dataRetentionModes)] : undefined;
    const allowedModes = modes ?? (input.dataRetentionMode === undefined ? undefined : [input.dataRetentionMode]);
    if (allowedModes !== undefined) {
        // Nobody inside the guardrail changes the region's mode to another than the stack's own,
        // on either endpoint; nor gives a bedrock-mantle project a mode of its own (a project's
        // mode overrides the account's; "inherit" defers to it, and a request without a mode is left alone).
        const account = DATA_RETENTION_CHANGES.filter((c) => c.scope === "account");
        for (const { action, modeKey } of account) {
            statements.push({
                Sid: action.startsWith("bedrock-mantle:") ? "DenyMantleDataRetentionOtherThanStack" : "DenyDataRetentionOtherThanStack",
                Effect: "Deny",
                Action: action,
                Resource: "*",
                Condition: { StringNotEquals: { [modeKey]: allowedModes.length === 1 ? allowedModes[0] : allowedModes } },
            });
        }
        const project = DATA_RETENTION_CHANGES.filter((c) => c.scope === "project");
        statements.push({
            Sid: "DenyProjectDataRetentionOtherThanStack",
            Effect: "Deny",
            Action: project.map((c) => c.action),
            Resource: "*",
            Condition: {
                StringNotEquals: { [project[0].modeKey]: [...new Set([...allowedModes, "inherit"])] },
                Null: { [project[0].modeKey]: "false" },
            },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The document as the guardrail stores it (compact JSON), checked against the mode's size limit. */
export function allowListPolicyText(input: AllowListInput, mode: GuardrailMode): string {
    const text = JSON.stringify(allowListDocument(input, mode));
    const limit = mode === "scp" ? SCP_MAX_CHARACTERS : IAM_POLICY_MAX_CHARACTERS;
    if (text.length > limit) {
        throw new Error(
            `The model allow list does not fit in ${mode === "scp" ? "a service control policy" : "an IAM managed policy"}: ` +
                `${text.length} characters, the limit is ${limit}. Allow fewer models or profiles ` +
                `(bedrock-model-access:inferenceProfiles, modelGuardrail.extraAllowedModels).`,
        );
    }
    return text;
}
