/**
 * The checks of the catalogues reviewers work from (AWS's sample AI/ML security assessment, its
 * Financial Services checks, and Prowler's Bedrock checks) that concern model access, its use or its
 * logs, each with its source and how this project answers it: by the pack's policies, by what the
 * stack declares, not applicable (and why), or not assessable before deployment (and what a reviewer
 * checks in the account instead). Pure data and one pure function; the review report reads it.
 */

/** The catalogues, with where their wording comes from. */
export const CATALOGUES = {
    "aws-aiml": "AWS sample AI/ML security assessment, aws-samples/sample-aiml-security-assessment docs/SECURITY_CHECKS.md",
    "aws-aiml-finserv": "AWS sample AI/ML security assessment, Financial Services checks, docs/SECURITY_CHECKS_FINSERV.md",
    prowler: "Prowler, prowler-cloud/prowler prowler/providers/aws/services/{bedrock,cloudtrail}/<check>/<check>.metadata.json",
    "bedrock-model-access": "this project's own checks (policy/README.md)",
} as const;
export type Catalogue = keyof typeof CATALOGUES;

/** How a check is answered here. */
export type Answer =
    /** By these policies of the pack: failed when any reports a violation, not run when all were disabled. */
    | { readonly kind: "policies"; readonly policies: readonly string[]; readonly note?: string }
    /** By the stack's guardrail mode: passes only with a service control policy (FS-12 asks for an SCP). */
    | { readonly kind: "scp-guardrail"; readonly policies: readonly string[] }
    | { readonly kind: "not applicable"; readonly reason: string }
    | { readonly kind: "not assessable"; readonly reviewerCheck: string };

export interface CatalogueCheck {
    readonly id: string;
    readonly catalogue: Catalogue;
    /** The check's title, as its catalogue words it (shortened where it is long). */
    readonly title: string;
    readonly answer: Answer;
}

const NOT_BEFORE_DEPLOYMENT = "It concerns the account as it runs, which a preview of this stack cannot see";

/** Every mapped check, catalogue by catalogue, in the catalogues' order. */
export const CATALOGUE_CHECKS: readonly CatalogueCheck[] = [
    {
        id: "BR-01",
        catalogue: "aws-aiml",
        title: "AWS IAM Least Privilege: roles with the AmazonBedrockFullAccess policy",
        answer: { kind: "policies", policies: ["bedrock-no-broad-managed-policies"] },
    },
    {
        id: "BR-03",
        catalogue: "aws-aiml",
        title: "Marketplace Subscription Access: overly permissive marketplace subscription access",
        answer: { kind: "policies", policies: ["bedrock-marketplace-subscribe-scoped"] },
    },
    {
        id: "BR-04",
        catalogue: "aws-aiml",
        title: "Model Invocation Logging: invocation logging is enabled",
        answer: { kind: "policies", policies: ["bedrock-invocation-logging"] },
    },
    {
        id: "BR-06",
        catalogue: "aws-aiml",
        title: "AWS CloudTrail Logging for Bedrock API calls",
        answer: {
            kind: "not assessable",
            reviewerCheck: `${NOT_BEFORE_DEPLOYMENT}: no trail is declared by this stack. Check \`aws cloudtrail describe-trails\` and \`get-event-selectors\`: a multi-Region trail logging management events (Bedrock's control plane calls, model access included).`,
        },
    },
    {
        id: "BR-10",
        catalogue: "aws-aiml",
        title: "Guardrail AWS IAM Enforcement: Bedrock Guardrails enforced through IAM conditions (bedrock:GuardrailIdentifier)",
        answer: {
            kind: "not applicable",
            reason: "This stack declares no Bedrock Guardrails (content filters); its guardrail is a model allow-list. Where a team requires content guardrails, their invoke grant needs a bedrock:GuardrailIdentifier condition that this stack does not add.",
        },
    },
    {
        id: "BR-12",
        catalogue: "aws-aiml",
        title: "Invocation Log Encryption: logs are encrypted with AWS KMS",
        answer: { kind: "policies", policies: ["bedrock-invocation-logs-encrypted"] },
    },
    {
        id: "BR-14",
        catalogue: "aws-aiml",
        title: "Stale Bedrock Access: principals with Bedrock permissions not used recently",
        answer: {
            kind: "not assessable",
            reviewerCheck: `${NOT_BEFORE_DEPLOYMENT}: IAM's service-last-accessed data. Run \`aws iam generate-service-last-accessed-details\` for the roles in invokeRoleNames after they have run.`,
        },
    },
    {
        id: "BR-15",
        catalogue: "aws-aiml",
        title: "Cross-Account Guardrails Enforcement: AWS Organizations Amazon Bedrock policies (BEDROCK_POLICY) attached",
        answer: {
            kind: "not assessable",
            reviewerCheck:
                "An organization-wide setting of the management account, outside an environment stack. Check `aws organizations list-policies --filter BEDROCK_POLICY` and its targets.",
        },
    },
    {
        id: "BR-22",
        catalogue: "aws-aiml",
        title: "Model Invocation Throttling Limits: service quotas set for model invocation",
        answer: {
            kind: "not assessable",
            reviewerCheck: `${NOT_BEFORE_DEPLOYMENT}: the account's Service Quotas. \`npm run models -- --region <region>\` lists each profile's cross-Region quotas, and the verification step warns of a quota of 0.`,
        },
    },
    {
        id: "FS-03",
        catalogue: "aws-aiml-finserv",
        title: "Bedrock Token Quota Review: quotas reviewed rather than all at their defaults",
        answer: {
            kind: "not assessable",
            reviewerCheck: `${NOT_BEFORE_DEPLOYMENT}. Compare \`aws service-quotas list-service-quotas --service-code bedrock\` with \`list-aws-default-service-quotas\`; \`npm run models\` shows the ones for each profile.`,
        },
    },
    {
        id: "FS-04",
        catalogue: "aws-aiml-finserv",
        title: "Cost Anomaly Detection monitors cover Bedrock",
        answer: {
            kind: "not assessable",
            reviewerCheck:
                "An account-wide (usually payer-account) setting this stack does not declare. Check `aws ce get-anomaly-monitors` for a SERVICE monitor, or a cost-category or tag monitor on the environment tag usageTracking sets.",
        },
    },
    {
        id: "FS-05",
        catalogue: "aws-aiml-finserv",
        title: "CloudWatch Token Usage Alarms: alarms on Bedrock throttling and token metrics",
        answer: { kind: "policies", policies: ["bedrock-usage-alarms"] },
    },
    {
        id: "FS-06",
        catalogue: "aws-aiml-finserv",
        title: "AWS Budgets AI/ML Spend: budgets with alerts for Bedrock spend",
        answer: { kind: "policies", policies: ["bedrock-usage-budget"] },
    },
    {
        id: "FS-12",
        catalogue: "aws-aiml-finserv",
        title: "SCP Model Access Restrictions: SCPs restrict Bedrock to approved models",
        answer: { kind: "scp-guardrail", policies: ["bedrock-model-allow-list", "bedrock-model-allow-list-attached"] },
    },
    {
        id: "FS-13",
        catalogue: "aws-aiml-finserv",
        title: "Model Inventory Tagging: models tagged with provenance metadata",
        answer: {
            kind: "not applicable",
            reason: "The check tags custom models; this stack declares none. The foundation models it enables are its inventory: this report's model allow list, from the environment file under review.",
        },
    },
    {
        id: "FS-34",
        catalogue: "aws-aiml-finserv",
        title: "Third-Party Risk Management for FM providers: Legacy models in use",
        answer: { kind: "policies", policies: ["bedrock-model-lifecycle"] },
    },
    {
        id: "FS-63",
        catalogue: "aws-aiml-finserv",
        title: "Foundation Model Lifecycle Policy: models with status LEGACY in use",
        answer: { kind: "policies", policies: ["bedrock-model-lifecycle"] },
    },
    {
        id: "bedrock_api_key_no_long_term_credentials",
        catalogue: "prowler",
        title: "Amazon Bedrock API keys are not long-term credentials",
        answer: { kind: "policies", policies: ["bedrock-no-long-term-api-keys", "bedrock-model-allow-list"] },
    },
    {
        id: "bedrock_api_key_no_administrative_privileges",
        catalogue: "prowler",
        title: "Bedrock API keys have no administrative privileges or full Bedrock access",
        answer: {
            kind: "policies",
            policies: ["bedrock-no-broad-managed-policies", "bedrock-model-allow-list"],
            note: "The stack creates no IAM user, so no key of its own; the guardrail denies API keys as apiKeys says, and no broad managed policy may be attached.",
        },
    },
    {
        id: "bedrock_full_access_policy_attached",
        catalogue: "prowler",
        title: "IAM role does not have the AmazonBedrockFullAccess managed policy attached",
        answer: { kind: "policies", policies: ["bedrock-no-broad-managed-policies"] },
    },
    {
        id: "bedrock_model_invocation_logging_enabled",
        catalogue: "prowler",
        title: "Model invocation logging is enabled for Amazon Bedrock",
        answer: { kind: "policies", policies: ["bedrock-invocation-logging"] },
    },
    {
        id: "bedrock_model_invocation_logs_encryption_enabled",
        catalogue: "prowler",
        title: "Amazon Bedrock model invocation logs are encrypted with KMS",
        answer: { kind: "policies", policies: ["bedrock-invocation-logs-encrypted"] },
    },
    {
        id: "bedrock_vpc_endpoints_configured",
        catalogue: "prowler",
        title: "VPC endpoints give private connectivity to the Bedrock APIs (bedrock-mantle included)",
        answer: {
            kind: "not assessable",
            reviewerCheck:
                "The application's network is not declared by this stack. Check `aws ec2 describe-vpc-endpoints` in the application's VPC for com.amazonaws.<region>.bedrock-runtime (and bedrock-mantle where inferenceEndpoints has mantle).",
        },
    },
    {
        id: "cloudtrail_bedrock_logging_enabled",
        catalogue: "prowler",
        title: "CloudTrail logs Amazon Bedrock API calls",
        answer: {
            kind: "not assessable",
            reviewerCheck: `${NOT_BEFORE_DEPLOYMENT}: no trail is declared by this stack. Check \`aws cloudtrail describe-trails\` and \`get-event-selectors\` for Bedrock's management events.`,
        },
    },
];

/** What one check came to for one stack. */
export type CheckResult = "pass" | "fail" | "not applicable" | "not assessable" | "not run";

/** One policy's outcome, as the review has it. */
export interface PolicyOutcome {
    readonly policy: string;
    /** What the policy checks, for the pack's own checks' titles. */
    readonly description?: string;
    readonly result: "pass" | "violation" | "not run";
    readonly violations: readonly { readonly message: string }[];
}

export interface AssessedCheck {
    readonly id: string;
    readonly catalogue: Catalogue;
    readonly title: string;
    readonly result: CheckResult;
    /** Why: the policies and their findings, the guardrail mode, or the reason / what to check instead. */
    readonly evidence: string;
}

function fromPolicies(policies: readonly string[], outcomes: readonly PolicyOutcome[], note?: string): { result: CheckResult; evidence: string } {
    const own = policies.map((name) => outcomes.find((o) => o.policy === name) ?? { policy: name, result: "not run" as const, violations: [] });
    const failed = own.filter((o) => o.result === "violation");
    const ran = own.filter((o) => o.result !== "not run");
    const prefix = note === undefined ? "" : `${note} `;
    if (failed.length > 0) {
        return {
            result: "fail",
            evidence: `${prefix}${failed.map((o) => `${o.policy}: ${o.violations.map((v) => v.message).join(" | ")}`).join("; ")}`,
        };
    }
    if (ran.length === 0) {
        return { result: "not run", evidence: `${prefix}${policies.join(", ")} disabled by the reviewers' policy configuration.` };
    }
    return { result: "pass", evidence: `${prefix}${ran.map((o) => o.policy).join(", ")}: no violation.` };
}

/** Each catalogue check's result for one stack, from the pack's outcomes and the stack's guardrail mode. */
export function assessCatalogue(outcomes: readonly PolicyOutcome[], guardrailMode: string): AssessedCheck[] {
    const assessed = CATALOGUE_CHECKS.map((check): AssessedCheck => {
        const { answer } = check;
        const base = { id: check.id, catalogue: check.catalogue, title: check.title };
        if (answer.kind === "not applicable") {
            return { ...base, result: "not applicable", evidence: answer.reason };
        }
        if (answer.kind === "not assessable") {
            return { ...base, result: "not assessable", evidence: answer.reviewerCheck };
        }
        const fromPack = fromPolicies(answer.policies, outcomes, answer.kind === "policies" ? answer.note : undefined);
        if (answer.kind === "scp-guardrail" && fromPack.result === "pass" && guardrailMode !== "scp") {
            return {
                ...base,
                result: "fail",
                evidence:
                    `The model allow-list guardrail is ${guardrailMode === "off" ? "off" : "an IAM policy on the stack's roles"}, not a service control ` +
                    'policy; set modelGuardrail.mode "scp" (with the management account\'s identity) for an organization-wide allow-list.',
            };
        }
        return { ...base, ...fromPack };
    });
    const mapped = new Set(CATALOGUE_CHECKS.flatMap((c) => (c.answer.kind === "policies" || c.answer.kind === "scp-guardrail" ? c.answer.policies : [])));
    // The pack's other policies: what only this project checks, listed as its own.
    const own = outcomes
        .filter((o) => !mapped.has(o.policy))
        .map(
            (o): AssessedCheck => ({
                id: o.policy,
                catalogue: "bedrock-model-access",
                title: o.description ?? o.policy,
                ...fromPolicies([o.policy], outcomes),
            }),
        );
    return [...assessed, ...own];
}
