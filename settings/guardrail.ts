/**
 * The model allow-list guardrail's settings (bedrock-model-access:modelGuardrail), read field by
 * field so each problem names the field, and the IAM role-name rule shared with invokeRoleNames.
 */
import { modelIdProblem } from "../bedrock/models";
import type { ClaudePlatformPolicy } from "../components/modelAllowList/allowListDocument";
import { CLAUDE_PLATFORM_WORKSPACE_ARN } from "../policy/bedrockFacts";
import type { KeyOf } from "./keys";

export const GUARDRAIL_MODES = ["iam", "scp", "organization", "off"] as const;

export interface GuardrailSettings {
    /**
     * "iam" (default), "scp", "organization" (the organization stack's SCP guards this environment,
     * checked at preview; it declares none) or "off".
     */
    readonly mode: (typeof GUARDRAIL_MODES)[number];
    /** Mode "organization": the stack (of this project) whose SCP governs this environment. */
    readonly organizationStack?: string;
    /** Mode "organization": also declare the IAM guardrail on the environment's own roles (default true). */
    readonly iamGuardrail: boolean;
    /** Accounts, OUs or the root to attach the SCP to (mode "scp"). */
    readonly targetIds: readonly string[];
    /** Further existing roles that get the IAM guardrail (mode "iam"). */
    readonly roleNames: readonly string[];
    /** Foundation-model IDs allowed besides the profiles' models. */
    readonly extraAllowedModels: readonly string[];
    /** Claude Platform on AWS: "deny" (default), or the workspace ARNs whose use stays allowed. */
    readonly claudePlatform: ClaudePlatformPolicy;
}

const FIELDS = ["mode", "targetIds", "roleNames", "extraAllowedModels", "claudePlatform", "organizationStack", "iamGuardrail"];

/** An account ID, an OU ID or an organization root ID: what an SCP can be attached to. */
export const SCP_TARGET = /^(\d{12}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

export function guardrailSettings(raw: unknown, problems: string[], key: KeyOf): GuardrailSettings {
    const name = key("modelGuardrail");
    const settings: GuardrailSettings = { mode: "iam", targetIds: [], roleNames: [], extraAllowedModels: [], claudePlatform: "deny", iamGuardrail: true };
    if (raw === undefined) {
        return settings;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        problems.push(`${name} must be an object such as {"mode": "iam"}, got ${JSON.stringify(raw)}.`);
        return settings;
    }
    const fields = raw as Record<string, unknown>;
    for (const field of Object.keys(fields).filter((f) => !FIELDS.includes(f))) {
        problems.push(`${name} has an unknown field "${field}"; the fields are ${FIELDS.slice(0, -1).join(", ")} and ${FIELDS[FIELDS.length - 1]}.`);
    }
    const mode = fields.mode ?? "iam";
    if (!GUARDRAIL_MODES.includes(mode as GuardrailSettings["mode"])) {
        problems.push(`${name}.mode must be "iam", "scp", "organization" or "off", got ${JSON.stringify(mode)}.`);
    }
    const list = (field: string): string[] => {
        const value = fields[field] ?? [];
        if (Array.isArray(value) && value.some((v) => typeof v === "number")) {
            // `pulumi config set --path` stores digits as a number, which loses an account ID's leading zeros.
            problems.push(
                `${name}.${field} has a number (${value.filter((v) => typeof v === "number").join(", ")}); IDs are strings, ` +
                    `and a number loses leading zeros. Set it again with \`pulumi config set --path --type string 'modelGuardrail.${field}[0]' <id>\`.`,
            );
            return [];
        }
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) {
            problems.push(`${name}.${field} must be a list of non-empty strings, got ${JSON.stringify(value)}.`);
            return [];
        }
        return value as string[];
    };
    const targetIds = list("targetIds");
    for (const bad of targetIds.filter((t) => !SCP_TARGET.test(t))) {
        problems.push(`${name}.targetIds has "${bad}", which is not an account ID (12 digits), an OU ID (ou-...) or a root ID (r-...).`);
    }
    if (mode === "scp" && targetIds.length === 0) {
        problems.push(
            `${name}.mode "scp" needs targetIds: the accounts, OUs or root to attach the SCP to, for example ` +
                `\`pulumi config set --path --type string 'modelGuardrail.targetIds[0]' 123456789012\`.`,
        );
    }
    const extraAllowedModels = list("extraAllowedModels");
    for (const modelId of extraAllowedModels) {
        const problem = modelIdProblem(modelId, `${name}.extraAllowedModels entry`);
        if (problem !== undefined) {
            problems.push(problem);
        }
    }
    const roleNames = list("roleNames");
    problems.push(...roleNameProblems(`${name}.roleNames`, roleNames));
    if (mode !== "scp" && fields.targetIds !== undefined && targetIds.length > 0) {
        problems.push(`${name}.targetIds is set, but only mode "scp" attaches to accounts, OUs or roots; remove it or set mode "scp".`);
    }
    const organizationStack =
        typeof fields.organizationStack === "string" && fields.organizationStack.trim() !== "" ? fields.organizationStack.trim() : undefined;
    if (mode === "organization" && organizationStack === undefined) {
        problems.push(
            `${name}.mode "organization" needs organizationStack: the stack of this project whose SCP governs this environment, for example ` +
                "`pulumi config set --path modelGuardrail.organizationStack org`.",
        );
    }
    if (mode !== "organization" && fields.organizationStack !== undefined) {
        problems.push(`${name}.organizationStack is set, but only mode "organization" uses it; remove it or set mode "organization".`);
    }
    const iamGuardrail = fields.iamGuardrail ?? true;
    if (iamGuardrail !== true && iamGuardrail !== false && iamGuardrail !== "true" && iamGuardrail !== "false") {
        problems.push(`${name}.iamGuardrail must be true or false, got ${JSON.stringify(iamGuardrail)}.`);
    }
    return {
        mode: mode as GuardrailSettings["mode"],
        targetIds,
        roleNames,
        extraAllowedModels,
        claudePlatform: claudePlatformSetting(fields.claudePlatform, `${name}.claudePlatform`, problems),
        organizationStack,
        iamGuardrail: iamGuardrail === true || iamGuardrail === "true",
    };
}

/** modelGuardrail.claudePlatform: "deny" (default), or a non-empty list of Claude Platform on AWS workspace ARNs. */
function claudePlatformSetting(value: unknown, name: string, problems: string[]): ClaudePlatformPolicy {
    if (value === undefined || value === "deny") {
        return "deny";
    }
    if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== "string")) {
        problems.push(
            `${name} must be "deny" (the default) or a list of Claude Platform on AWS workspace ARNs such as ` +
                `"arn:aws:aws-external-anthropic:us-east-1:123456789012:workspace/wrkspc_01ab", got ${JSON.stringify(value)}.`,
        );
        return "deny";
    }
    const arns = value as string[];
    for (const bad of arns.filter((a) => !CLAUDE_PLATFORM_WORKSPACE_ARN.test(a))) {
        problems.push(`${name} has "${bad}", which is not a workspace ARN (arn:aws:aws-external-anthropic:<region>:<account>:workspace/<id>; no wildcards).`);
    }
    return arns;
}

/** IAM's rule for a role name (CreateRole's RoleName): 1 to 64 of letters, digits and + = , . @ _ -. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Entries of a role-name list that IAM would refuse, or that repeat, each named with the key. */
export function roleNameProblems(listKey: string, names: readonly string[]): string[] {
    const problems: string[] = [];
    for (const name of names) {
        if (name.startsWith("arn:")) {
            problems.push(`${listKey} has "${name}", a role ARN; give the role's name (the part after role/ and its path).`);
        } else if (!ROLE_NAME.test(name)) {
            problems.push(`${listKey} has "${name}", which is not an IAM role name (1 to 64 of letters, digits and + = , . @ _ -).`);
        }
    }
    const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    if (repeated.length > 0) {
        problems.push(`${listKey} lists ${repeated.join(", ")} more than once; list each role once.`);
    }
    return problems;
}
