/**
 * The model allow-list guardrail: on today's Bedrock every serverless model is enabled by default,
 * so "enable specific models only" holds only where a Deny guardrail (SCP or IAM policy) leaves
 * nothing but the allowed models usable. A stack that enables model access must declare one.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    APPLICATION_PROFILE_RESOURCE_TYPE,
    APPLICATION_PROFILE_TYPE,
    BEARER_TOKEN_ACTIONS,
    LONG_TERM_TOKEN,
    MANTLE_MODEL_KEY,
    SHORT_TERM_TOKEN,
} from "./bedrockFacts";
import { isModelAccessType, judgeModelId, parseBedrockArn } from "./bedrockIds";
import { AllowListConfig, DEFAULT_ALLOWED_MODEL_IDS, allowListSchema, withDefaults } from "./config";
import { isUnknownValueError, known } from "./iamDocumentPaths";
import { wildcardMatches } from "./iamJudging";
import { parseDocument, Statement } from "./iamStatements";

const SCP_TYPE = "aws:organizations/policy:Policy";
const IAM_POLICY_TYPE = "aws:iam/policy:Policy";

/** A Deny guardrail found in the stack, with the models its NotResource leaves usable. */
export interface Guardrail {
    readonly resource: PolicyResource;
    readonly kind: "scp" | "iam";
    readonly allowedModels: string[];
    /** The application inference profiles its NotResource leaves usable (ARNs or patterns, as written). */
    readonly applicationProfiles: string[];
    /** The models its bedrock-mantle deny leaves usable; undefined when it has no such deny. */
    readonly mantleModels?: string[];
    /** Which Bedrock API keys it denies on both endpoints: every one, long-term ones, or not all of either. */
    readonly deniesApiKeys: "all" | "long-term" | "none";
}

/**
 * The models a Deny of bedrock-mantle's model-running actions leaves usable: the values of its
 * negated bedrock-mantle:Model condition ([] when it denies every model). Undefined when the
 * statement is no such deny (a Null check of the key may sit beside; any other condition may not).
 */
function mantleModelsOf(statement: Statement): string[] | undefined {
    if (statement.effect !== "Deny" || !(statement.action ?? []).some((pattern) => wildcardMatches(pattern, "bedrock-mantle:CreateInference"))) {
        return undefined;
    }
    if (!(statement.resource ?? []).includes("*")) {
        return undefined;
    }
    const blocks = Object.entries(statement.condition).filter(([operator]) => operator.toLowerCase() !== "null");
    if (blocks.length === 0) {
        return Object.keys(statement.condition).length === 0 ? [] : undefined;
    }
    const [operator, keys] = blocks[0];
    const negated = /^stringnot(equals|like)(ignorecase)?(ifexists)?$/.test(operator.toLowerCase());
    const values = keys[MANTLE_MODEL_KEY.toLowerCase()];
    if (blocks.length !== 1 || !negated || Object.keys(keys).length !== 1 || values === undefined) {
        return undefined;
    }
    return values;
}

/** How much of one endpoint's API-key use a Deny statement blocks. */
function apiKeyDenial(statement: Statement, action: string, tokenTypeKey: string): "all" | "long-term" | "none" {
    if (statement.effect !== "Deny" || !(statement.action ?? []).some((pattern) => wildcardMatches(pattern, action))) {
        return "none";
    }
    const blocks = Object.entries(statement.condition);
    if (blocks.length === 0) {
        return "all";
    }
    if (blocks.length !== 1 || Object.keys(blocks[0][1]).length !== 1 || blocks[0][1][tokenTypeKey.toLowerCase()] === undefined) {
        return "none";
    }
    const [operator, keyValues] = blocks[0];
    const values = keyValues[tokenTypeKey.toLowerCase()];
    const op = operator.toLowerCase();
    if ((op === "stringequals" || op === "stringequalsignorecase") && values.includes(LONG_TERM_TOKEN)) {
        return "long-term";
    }
    if (op === "stringnotequals" && values.length === 1 && values[0] === SHORT_TERM_TOKEN) {
        return "long-term";
    }
    return "none";
}

/** Which API keys a document's Deny statements block on both endpoints (the weaker endpoint decides). */
function apiKeyCoverage(statements: readonly Statement[]): Guardrail["deniesApiKeys"] {
    const rank = { none: 0, "long-term": 1, all: 2 } as const;
    const perEndpoint = BEARER_TOKEN_ACTIONS.map(({ action, tokenTypeKey }) =>
        statements.map((st) => apiKeyDenial(st, action, tokenTypeKey)).reduce((best, d) => (rank[d] > rank[best] ? d : best), "none" as Guardrail["deniesApiKeys"]),
    );
    return perEndpoint.reduce((worst, d) => (rank[d] < rank[worst] ? d : worst), "all" as Guardrail["deniesApiKeys"]);
}

/**
 * What a Deny statement that covers bedrock:InvokeModel for everything outside its NotResource
 * list leaves usable: foundation models, and application profiles (as written); undefined when
 * the statement is no such deny.
 */
function allowedModelsOf(statement: Statement): { models: string[]; applicationProfiles: string[] } | undefined {
    if (statement.effect !== "Deny" || statement.notResource === undefined || Object.keys(statement.condition).length > 0) {
        return undefined;
    }
    const actions = statement.action ?? [];
    if (!actions.some((pattern) => wildcardMatches(pattern, "bedrock:InvokeModel"))) {
        return undefined;
    }
    const models: string[] = [];
    const applicationProfiles: string[] = [];
    for (const entry of statement.notResource) {
        const arn = parseBedrockArn(entry);
        if (entry === "*" || (arn !== undefined && arn.resourceType === "foundation-model" && judgeModelId(arn.resourceId).kind !== "concrete")) {
            // A NotResource of every model leaves every model usable: not a guardrail.
            return undefined;
        }
        if (arn?.resourceType === "foundation-model") {
            models.push(arn.resourceId);
        }
        if (arn?.resourceType === APPLICATION_PROFILE_RESOURCE_TYPE) {
            applicationProfiles.push(entry);
        }
    }
    return { models, applicationProfiles };
}

/** The model allow-list guardrails among the stack's resources (SCPs and IAM managed policies). */
export function findGuardrails(resources: readonly PolicyResource[]): { guardrails: Guardrail[]; unknown: boolean } {
    const guardrails: Guardrail[] = [];
    let unknown = false;
    for (const resource of resources) {
        let raw: unknown;
        let kind: Guardrail["kind"];
        try {
            if (resource.type === SCP_TYPE && (resource.props.type ?? "SERVICE_CONTROL_POLICY") === "SERVICE_CONTROL_POLICY") {
                raw = resource.props.content;
                kind = "scp";
            } else if (resource.type === IAM_POLICY_TYPE) {
                raw = resource.props.policy;
                kind = "iam";
            } else {
                continue;
            }
            const parsed = parseDocument(raw);
            if ("error" in parsed) {
                continue;
            }
            const allowed = parsed.statements.map(allowedModelsOf).find((m) => m !== undefined);
            if (allowed !== undefined) {
                const mantleModels = parsed.statements.map(mantleModelsOf).find((m) => m !== undefined);
                guardrails.push({
                    resource,
                    kind,
                    allowedModels: allowed.models,
                    applicationProfiles: allowed.applicationProfiles,
                    mantleModels,
                    deniesApiKeys: apiKeyCoverage(parsed.statements),
                });
            }
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            unknown = true;
        }
    }
    return { guardrails, unknown };
}

/** The ARNs of the stack's application inference profiles; undefined while one is not known yet. */
function stackApplicationProfiles(resources: readonly PolicyResource[]): string[] | undefined {
    const arns: string[] = [];
    for (const resource of resources.filter((r) => r.type === APPLICATION_PROFILE_TYPE)) {
        const arn = known(() => resource.props.arn);
        if (typeof arn !== "string") {
            return undefined;
        }
        arns.push(arn);
    }
    return arns;
}

function listed(ids: readonly string[]): string {
    return ids.length === 0 ? "(none)" : [...ids].sort().join(", ");
}

export const modelAllowList: StackValidationPolicy = {
    name: "bedrock-model-allow-list",
    description:
        "A stack that enables Bedrock model access declares a model allow-list guardrail (an SCP or IAM Deny policy) whose allowed models cover every enabled model and stay within the allowed list.",
    enforcementLevel: "mandatory",
    configSchema: allowListSchema,
    validateStack: (args, reportViolation) => {
        const { allowedModelIds, allowedApiKeys } = withDefaults(args.getConfig<Partial<AllowListConfig>>(), {
            allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS,
            allowedApiKeys: "none",
        });
        // Model ID -> the first resource enabling it (violations name a resource: `pulumi policy
        // analyze` in the CLI crashes rendering a stack violation without one).
        const enabled = new Map<string, string>();
        for (const resource of args.resources.filter((r) => isModelAccessType(r.type))) {
            const verdict = judgeModelId(resource.props.modelId);
            if (verdict.kind === "concrete" && !enabled.has(verdict.modelId)) {
                enabled.set(verdict.modelId, resource.urn);
            }
        }
        if (enabled.size === 0) {
            return;
        }
        const { guardrails, unknown } = findGuardrails(args.resources);
        if (guardrails.length === 0) {
            if (unknown) {
                return; // A policy whose document is not known yet may be the guardrail; checked again on update.
            }
            reportViolation(
                `The stack enables ${listed([...enabled.keys()])} but declares no model allow-list guardrail. On today's Bedrock every ` +
                    `serverless model is enabled by default, so enabling specific models restricts nothing by itself: any principal ` +
                    `with a broad Bedrock grant can call any model. Declare a Deny guardrail (bedrock-model-access:modelGuardrail ` +
                    `mode "iam" or "scp"; not "off").`,
                [...enabled.values()][0],
            );
            return;
        }
        // The stack's own application profiles (usage tracking) by ARN, where known; undefined while any is not (preview).
        const ownProfiles = stackApplicationProfiles(args.resources);
        for (const guardrail of guardrails) {
            for (const entry of guardrail.applicationProfiles) {
                if (/[*?]/.test(entry)) {
                    reportViolation(
                        `${guardrail.resource.name} leaves "${entry}" usable: every application inference profile it matches, whatever ` +
                            "model it copies. Name the stack's own application profiles by their full ARNs (the program's guardrail does).",
                        guardrail.resource.urn,
                    );
                } else if (ownProfiles !== undefined && !ownProfiles.includes(entry)) {
                    reportViolation(
                        `${guardrail.resource.name} leaves the application inference profile ${entry} usable, which is not one of this ` +
                            "stack's (aws.bedrock.InferenceProfile); its model is not checked against the allowed models. Remove it from the guardrail.",
                        guardrail.resource.urn,
                    );
                }
            }
            const missing = [...enabled.keys()].filter((m) => !guardrail.allowedModels.includes(m));
            if (missing.length > 0) {
                reportViolation(
                    `${guardrail.resource.name} allows ${listed(guardrail.allowedModels)} but the stack enables ${listed(missing)} too: ` +
                        `the guardrail would deny a model the stack declares. Add it to the guardrail's allowed models.`,
                    guardrail.resource.urn,
                );
            }
            const outside = [...new Set([...guardrail.allowedModels, ...(guardrail.mantleModels ?? [])])].filter((m) => !allowedModelIds.includes(m));
            if (outside.length > 0) {
                reportViolation(
                    `${guardrail.resource.name} leaves ${listed(outside)} usable, outside the allowed models (${listed(allowedModelIds)}). ` +
                        `Remove them from the guardrail (modelGuardrail.extraAllowedModels), or have the reviewers add them to allowedModelIds.`,
                    guardrail.resource.urn,
                );
            }
            if (guardrail.mantleModels === undefined) {
                reportViolation(
                    `${guardrail.resource.name} does not cover bedrock-mantle: Anthropic's Messages API there runs any model the ` +
                        `principal's grants allow, whatever the guardrail says about bedrock:InvokeModel. Add a Deny of ` +
                        `bedrock-mantle:* with StringNotLike ${MANTLE_MODEL_KEY} = the allowed models (the program's guardrail has one).`,
                    guardrail.resource.urn,
                );
            }
            const needed = allowedApiKeys === "none" ? "all" : allowedApiKeys === "short-term" ? "long-term" : undefined;
            const rank = { none: 0, "long-term": 1, all: 2 } as const;
            if (needed !== undefined && rank[guardrail.deniesApiKeys] < rank[needed]) {
                reportViolation(
                    `${guardrail.resource.name} does not deny ${needed === "all" ? "Bedrock API keys" : "long-term Bedrock API keys"} on both ` +
                        `endpoints (bedrock:CallWithBearerToken and bedrock-mantle:CallWithBearerToken), and the reviewers allow ` +
                        `${allowedApiKeys === "none" ? "none" : "short-term keys only"} (allowedApiKeys "${allowedApiKeys}"). Set ` +
                        `bedrock-model-access:apiKeys to "${allowedApiKeys}" (the guardrail then denies them), or have the reviewers allow more.`,
                    guardrail.resource.urn,
                );
            }
        }
    },
};

/** Attachment resources and the property that names the policy they attach. */
const ATTACHMENTS: Readonly<Record<string, { readonly property: string; readonly kind: Guardrail["kind"] }>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:iam/policyAttachment:PolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:organizations/policyAttachment:PolicyAttachment": { property: "policyId", kind: "scp" },
};

/** Whether `holder` names the guardrail in `property`: by dependency (known at preview) or by value. */
function names(holder: PolicyResource, property: string, guardrail: Guardrail): boolean {
    if ((holder.propertyDependencies[property] ?? []).some((d) => d.urn === guardrail.resource.urn)) {
        return true;
    }
    try {
        const value = holder.props[property];
        const target = guardrail.kind === "scp" ? guardrail.resource.props.id : guardrail.resource.props.arn;
        const values = Array.isArray(value) ? value : [value];
        return typeof target === "string" && values.includes(target);
    } catch (err) {
        if (isUnknownValueError(err)) {
            return false;
        }
        throw err;
    }
}

export const modelAllowListAttached: StackValidationPolicy = {
    name: "bedrock-model-allow-list-attached",
    description: "A model allow-list guardrail is attached to something (an SCP target, a role, user or group, or a permissions boundary); unattached it restricts nothing.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const { guardrails } = findGuardrails(args.resources);
        for (const guardrail of guardrails) {
            const attached = args.resources.some((r) => {
                const attachment = ATTACHMENTS[r.type];
                if (attachment !== undefined) {
                    return attachment.kind === guardrail.kind && names(r, attachment.property, guardrail);
                }
                if (r.type === "aws:iam/role:Role" || r.type === "aws:iam/user:User") {
                    return guardrail.kind === "iam" && (names(r, "managedPolicyArns", guardrail) || names(r, "permissionsBoundary", guardrail));
                }
                return false;
            });
            if (!attached) {
                reportViolation(
                    `${guardrail.resource.name} is a model allow-list guardrail attached to nothing, so it restricts nothing yet. ` +
                        (guardrail.kind === "scp"
                            ? "Attach the SCP to the accounts or OUs that run Bedrock workloads (modelGuardrail.targetIds)."
                            : "Attach it to the application's roles (invokeRoleNames or modelGuardrail.roleNames), or use an SCP."),
                    guardrail.resource.urn,
                );
            }
        }
    },
};
