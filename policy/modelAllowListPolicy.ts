/**
 * The model allow-list guardrail: on today's Bedrock every serverless model is enabled by default,
 * so "enable specific models only" holds only where a Deny guardrail (SCP or IAM policy) leaves
 * nothing but the allowed models usable. A stack that enables model access must declare one, and
 * the pack judges it by evaluation, not by its shape: every road to a model (roads.ts) is run
 * through the IAM evaluator (guardrailEvaluation.ts), and each road that gets through, or that the
 * guardrail closes to the stack's own models, is a violation naming the road.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { type AllowListConfig, DEFAULT_ALLOWED_MODEL_IDS, allowListSchema, withDefaults } from "./config";
import { type JudgedGuardrail, type ReviewerBounds, type RoadDecision, judgeGuardrails } from "./guardrailEvaluation";
import { isUnknownValueError } from "./iamDocumentPaths";
import type { RoadFamily } from "./roads";

/** The reviewers' bounds from a policy's configuration, with the schema's defaults. */
export function reviewerBounds(given: Partial<AllowListConfig>): ReviewerBounds {
    return withDefaults(given, { allowedModelIds: DEFAULT_ALLOWED_MODEL_IDS, allowedApiKeys: "none", allowedClaudePlatformWorkspaces: [] });
}

function listed(ids: readonly string[]): string {
    return ids.length === 0 ? "(none)" : [...ids].sort().join(", ");
}

/** What to change, per road family, when a road that must be denied gets through. */
const FIX: Readonly<Record<RoadFamily, string>> = {
    "bedrock-runtime":
        "Deny every model-running bedrock action (InvokeModel, InvokeModelWithResponseStream, InvokeModelWithBidirectionalStream, " +
        "CreateModelInvocationJob, CreateEvaluationJob, CreateModelEvaluationJob, CreateAdvancedPromptOptimizationJob) with a " +
        "NotResource of exactly the allowed models' foundation-model ARNs and the stack's profiles (the program's guardrail does).",
    "bedrock-mantle":
        "Deny bedrock-mantle's model actions with StringNotLike bedrock-mantle:Model = the allowed models, and those actions when " +
        "the request names no model (the program's guardrail does).",
    "claude-platform":
        "Deny every aws-external-anthropic action (Claude Platform on AWS; no IAM condition key names the model there, so only a " +
        'Deny keeps it to the allowed models): modelGuardrail.claudePlatform "deny" (the default), or have the reviewers list the ' +
        "workspaces they accept in allowedClaudePlatformWorkspaces.",
    "api-keys":
        "Set bedrock-model-access:apiKeys to what the reviewers allow (the guardrail then denies the rest), or have the reviewers allow more (allowedApiKeys).",
    "data-retention":
        "Deny bedrock:PutAccountDataRetention and bedrock-mantle:PutAccountDataRetention, CreateProject and UpdateProject with any " +
        "other mode (the program's guardrail does when dataRetention is set).",
    marketplace: "Deny aws-marketplace:Subscribe except to the allowed models' product IDs (ForAnyValue:StringNotEquals aws-marketplace:ProductId).",
};

const FAMILY_WORDS: Readonly<Record<RoadFamily, string>> = {
    "bedrock-runtime": "Bedrock (bedrock-runtime and batch/evaluation jobs)",
    "bedrock-mantle": "bedrock-mantle",
    "claude-platform": "Claude Platform on AWS",
    "api-keys": "API keys",
    "data-retention": "data retention",
    marketplace: "AWS Marketplace",
};

/** The violation messages for one judged guardrail: one per family with an open road, one per family with a closed own road. */
export function guardrailFindings(guardrail: Pick<JudgedGuardrail, "decisions" | "kind">, name: string): string[] {
    const messages: string[] = [];
    const failed = guardrail.decisions.filter((d) => !d.holds);
    const families = [...new Set(failed.map((d) => d.road.family))];
    const phrase = (d: RoadDecision) =>
        d.road.must === "denied"
            ? `${d.road.summary} is allowed by guardrail ${name}`
            : `${d.road.summary} is denied by ${d.statement ?? "no statement (implicitly)"}`;
    for (const family of families) {
        const open = failed.filter((d) => d.road.family === family && d.road.must === "denied");
        if (open.length > 0) {
            messages.push(
                `${FAMILY_WORDS[family]}: ${open.map(phrase).join("; ")} (IAM evaluator, for a principal otherwise allowed everything` +
                    `${guardrail.kind === "scp" ? ", with FullAWSAccess beside the SCP" : ""}). ${FIX[family]}`,
            );
        }
        const closed = failed.filter((d) => d.road.family === family && d.road.must === "usable");
        if (closed.length > 0) {
            messages.push(
                `${FAMILY_WORDS[family]}: guardrail ${name} would deny what the stack declares: ${closed.map(phrase).join("; ")}. ` +
                    "Add the stack's models, profiles and endpoints to the guardrail's allowed ones.",
            );
        }
    }
    return messages;
}

export const modelAllowList: StackValidationPolicy = {
    name: "bedrock-model-allow-list",
    description:
        "A stack that enables Bedrock model access declares a model allow-list guardrail (an SCP or IAM Deny policy) that, evaluated with an IAM evaluator on every road to a model (bedrock-runtime, batch and evaluation jobs, profiles, imported and provisioned models, bedrock-mantle, Claude Platform on AWS, API keys, data-retention changes, Marketplace subscriptions), denies every other model and leaves the stack's own usable.",
    enforcementLevel: "mandatory",
    configSchema: allowListSchema,
    validateStack: async (args, reportViolation) => {
        const bounds = reviewerBounds(args.getConfig<Partial<AllowListConfig>>());
        const { guardrails, unknown, stack } = await judgeGuardrails(args.resources, bounds);
        // Violations name a resource: `pulumi policy analyze` in the CLI crashes rendering a stack violation without one.
        const enabled = stack.enabled;
        if (enabled.size === 0) {
            return;
        }
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
            for (const message of guardrailFindings(guardrail, guardrail.resource.name)) {
                reportViolation(message, guardrail.resource.urn);
            }
        }
    },
};

/** Attachment resources and the property that names the policy they attach. */
const ATTACHMENTS: Readonly<Record<string, { readonly property: string; readonly kind: "scp" | "iam" }>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:iam/policyAttachment:PolicyAttachment": { property: "policyArn", kind: "iam" },
    "aws:organizations/policyAttachment:PolicyAttachment": { property: "policyId", kind: "scp" },
};

/** Whether `holder` names the guardrail in `property`: by dependency (known at preview) or by value. */
function names(holder: PolicyResource, property: string, guardrail: JudgedGuardrail<PolicyResource>): boolean {
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
    description:
        "A model allow-list guardrail is attached to something (an SCP target, a role, user or group, or a permissions boundary); unattached it restricts nothing.",
    enforcementLevel: "advisory",
    validateStack: async (args, reportViolation) => {
        const { guardrails } = await judgeGuardrails(args.resources, reviewerBounds({}), "restriction only");
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
