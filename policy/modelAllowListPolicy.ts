/**
 * The model allow-list guardrail: on today's Bedrock every serverless model is enabled by default,
 * so "enable specific models only" holds only where a Deny guardrail (SCP or IAM policy) leaves
 * nothing but the allowed models usable. A stack that enables model access must declare one.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isModelAccessType, judgeModelId, parseBedrockArn } from "./bedrockIds";
import { AllowedModelsConfig, DEFAULT_ALLOWED_MODEL_IDS, allowedModelsSchema, withDefaults } from "./config";
import { isUnknownValueError } from "./iamDocumentPaths";
import { wildcardMatches } from "./iamJudging";
import { parseDocument, Statement } from "./iamStatements";

const SCP_TYPE = "aws:organizations/policy:Policy";
const IAM_POLICY_TYPE = "aws:iam/policy:Policy";

/** A Deny guardrail found in the stack, with the models its NotResource leaves usable. */
export interface Guardrail {
    readonly resource: PolicyResource;
    readonly kind: "scp" | "iam";
    readonly allowedModels: string[];
}

/** Whether a Deny statement covers bedrock:InvokeModel for everything outside its NotResource list. */
function allowedModelsOf(statement: Statement): string[] | undefined {
    if (statement.effect !== "Deny" || statement.notResource === undefined || Object.keys(statement.condition).length > 0) {
        return undefined;
    }
    const actions = statement.action ?? [];
    if (!actions.some((pattern) => wildcardMatches(pattern, "bedrock:InvokeModel"))) {
        return undefined;
    }
    const models: string[] = [];
    for (const entry of statement.notResource) {
        const arn = parseBedrockArn(entry);
        if (entry === "*" || (arn !== undefined && arn.resourceType === "foundation-model" && judgeModelId(arn.resourceId).kind !== "concrete")) {
            // A NotResource of every model leaves every model usable: not a guardrail.
            return undefined;
        }
        if (arn?.resourceType === "foundation-model") {
            models.push(arn.resourceId);
        }
    }
    return models;
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
            for (const statement of parsed.statements) {
                const allowedModels = allowedModelsOf(statement);
                if (allowedModels !== undefined) {
                    guardrails.push({ resource, kind, allowedModels });
                    break;
                }
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

function listed(ids: readonly string[]): string {
    return ids.length === 0 ? "(none)" : [...ids].sort().join(", ");
}

export const modelAllowList: StackValidationPolicy = {
    name: "bedrock-model-allow-list",
    description:
        "A stack that enables Bedrock model access declares a model allow-list guardrail (an SCP or IAM Deny policy) whose allowed models cover every enabled model and stay within the allowed list.",
    enforcementLevel: "mandatory",
    configSchema: allowedModelsSchema,
    validateStack: (args, reportViolation) => {
        const { allowedModelIds } = withDefaults(args.getConfig<Partial<AllowedModelsConfig>>(), { allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS });
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
        for (const guardrail of guardrails) {
            const missing = [...enabled.keys()].filter((m) => !guardrail.allowedModels.includes(m));
            if (missing.length > 0) {
                reportViolation(
                    `${guardrail.resource.name} allows ${listed(guardrail.allowedModels)} but the stack enables ${listed(missing)} too: ` +
                        `the guardrail would deny a model the stack declares. Add it to the guardrail's allowed models.`,
                    guardrail.resource.urn,
                );
            }
            const outside = guardrail.allowedModels.filter((m) => !allowedModelIds.includes(m));
            if (outside.length > 0) {
                reportViolation(
                    `${guardrail.resource.name} leaves ${listed(outside)} usable, outside the allowed models (${listed(allowedModelIds)}). ` +
                        `Remove them from the guardrail (modelGuardrail.extraAllowedModels), or have the reviewers add them to allowedModelIds.`,
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
