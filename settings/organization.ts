/**
 * The organization stack's settings (bedrock-model-access:organization) and what it guards: the
 * union of what the environments it governs need, read from their own environment files with the
 * program's rules (settings.ts), never typed twice. A stack whose configuration has the key is the
 * organization stack; every other one is an environment. No Pulumi runtime, no AWS.
 */
import type { DataRetentionMode } from "../bedrock/dataRetention";
import type { ApiKeyPolicy } from "../bedrock/endpoints";
import type { InferenceProfileRef } from "../bedrock/inferenceProfiles";
import { isValidRegion } from "../bedrock/models";
import type { ProductIdTable } from "../bedrock/models";
import type { ClaudePlatformPolicy } from "../components/modelAllowList/allowListDocument";
import { SCP_TARGET } from "./guardrail";
import { PLACEHOLDER_ACCOUNT, type RoadFacts } from "../policy/roads";
import { type KeyOf, keysOf } from "./keys";
import type { UseCaseForm } from "../components/modelAccess/inputs";
import { type Settings, type SettingsContext, useCaseFormSetting } from "./settings";
import { ConfigValues, type RawConfig } from "./sources";

/** The setting's name: its presence makes a stack the organization stack. */
export const ORGANIZATION_SETTING = "organization";

export interface OrganizationSettings {
    /** aws:region: where the provider's calls go (Organizations is global). */
    readonly region: string;
    /** aws:profile: the management account's (or a delegated administrator's) identity. */
    readonly awsProfile?: string;
    /** The environments (stacks of this project) whose needs the SCP allows. */
    readonly governs: readonly string[];
    /** Accounts, OUs or the root the SCP is attached to. */
    readonly targetIds: readonly string[];
    /** Run as a delegated administrator for AWS Organizations, not in the management account. */
    readonly delegatedAdministrator: boolean;
    /** Anthropic's use-case form, submitted once for the organization (checked; the program passes it on as a secret). */
    readonly useCaseForm?: UseCaseForm;
}

/** Whether a stack's configuration makes it the organization stack (the key, set to an object with fields). */
export function isOrganizationStack(raw: RawConfig, project: string): boolean {
    const value = raw.values[keysOf(project)(ORGANIZATION_SETTING)];
    const parsed = typeof value === "string" ? safeJson(value) : value;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length > 0;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

const FIELDS = ["governs", "targetIds", "delegatedAdministrator"];

/** The organization stack's settings: every problem at once, each naming its key. */
export function readOrganizationSettings(raw: RawConfig, context: SettingsContext): { settings: OrganizationSettings; problems: string[] } {
    const problems: string[] = [];
    const key: KeyOf = keysOf(context.project);
    const name = key(ORGANIZATION_SETTING);
    const values = new ConfigValues(raw, problems);
    const region = values.text("aws:region") ?? "";
    if (!isValidRegion(region)) {
        problems.push(
            region === ""
                ? "aws:region is not set. Set the region of the provider's calls with `pulumi config set aws:region us-east-1`."
                : `aws:region "${region}" is not an AWS region name.`,
        );
    }
    const fields = (values.value(name) ?? {}) as Record<string, unknown>;
    for (const field of Object.keys(fields).filter((f) => !FIELDS.includes(f))) {
        problems.push(`${name} has an unknown field "${field}"; the fields are governs, targetIds and delegatedAdministrator.`);
    }
    const list = (field: string): string[] => {
        const value = fields[field] ?? [];
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) {
            problems.push(
                `${name}.${field} must be a list of non-empty strings (set each with \`pulumi config set --path --type string '${ORGANIZATION_SETTING}.${field}[0]' <value>\`), got ${JSON.stringify(value)}.`,
            );
            return [];
        }
        return value as string[];
    };
    const governs = list("governs");
    if (governs.length === 0 && !problems.some((p) => p.startsWith(`${name}.governs`))) {
        problems.push(
            `${name}.governs lists no environment; name the environments (stacks) whose models the organization's SCP allows, for example dev and prod.`,
        );
    }
    if (governs.includes(context.stack)) {
        problems.push(`${name}.governs lists ${context.stack}, the organization stack itself; list the environments only.`);
    }
    const targetIds = list("targetIds");
    if (targetIds.length === 0 && !problems.some((p) => p.startsWith(`${name}.targetIds`))) {
        problems.push(`${name}.targetIds lists no target; name the accounts, OUs or root the SCP is attached to (the environments' accounts or their OU).`);
    }
    for (const bad of targetIds.filter((t) => !SCP_TARGET.test(t))) {
        problems.push(`${name}.targetIds has "${bad}", which is not an account ID (12 digits), an OU ID (ou-...) or a root ID (r-...).`);
    }
    const delegated = fields.delegatedAdministrator ?? false;
    if (delegated !== true && delegated !== false && delegated !== "true" && delegated !== "false") {
        problems.push(`${name}.delegatedAdministrator must be true or false, got ${JSON.stringify(delegated)}.`);
    }
    for (const environmentKey of ["inferenceProfile", "inferenceProfiles", "mantleOnlyModels", "modelGuardrail", "dataRetention"]) {
        if (values.value(key(environmentKey)) !== undefined && hasContent(values.value(key(environmentKey)))) {
            problems.push(
                `${key(environmentKey)} is set on the organization stack, which declares no workload: set it in the environment that uses it ` +
                    `(one of ${governs.join(", ") || "the governed environments"}).`,
            );
        }
    }
    return {
        settings: {
            region,
            awsProfile: values.text("aws:profile") || undefined,
            governs: [...new Set(governs)],
            targetIds,
            delegatedAdministrator: delegated === true || delegated === "true",
            useCaseForm: useCaseFormSetting(values, context, key, problems),
        },
        problems,
    };
}

function hasContent(value: unknown): boolean {
    const parsed = typeof value === "string" ? (safeJson(value) ?? value) : value;
    if (Array.isArray(parsed)) {
        return parsed.length > 0;
    }
    if (typeof parsed === "object" && parsed !== null) {
        return Object.keys(parsed).length > 0;
    }
    return parsed !== "" && parsed !== undefined;
}

/** What the organization's SCP allows: the union of the governed environments' needs. */
export interface OrganizationUnion {
    /** Every model some environment enables or allows, sorted. */
    readonly models: readonly string[];
    /** Every system-defined inference profile some environment uses, as parsed by the environment's settings. */
    readonly profiles: readonly Pick<InferenceProfileRef, "inferenceProfileId" | "modelId">[];
    /** The most the environments need of Bedrock API keys: any > short-term > none. */
    readonly apiKeys: ApiKeyPolicy;
    /** The data-retention modes the environments declare (an environment that does not manage retention adds none). */
    readonly dataRetentionModes: readonly DataRetentionMode[];
    /** Claude Platform on AWS: denied unless some environment names workspaces, then their union. */
    readonly claudePlatform: ClaudePlatformPolicy;
    readonly marketplaceProductIds: ProductIdTable;
    /** Whether some environment calls bedrock-mantle. */
    readonly mantle: boolean;
}

const API_KEY_ORDER: readonly ApiKeyPolicy[] = ["none", "short-term", "any"];

/** The union of what the environments need; each environment's settings as settings.ts read them. */
export function organizationUnion(environments: readonly Settings[]): OrganizationUnion {
    const profiles = new Map<string, Pick<InferenceProfileRef, "inferenceProfileId" | "modelId">>();
    for (const env of environments) {
        for (const p of env.inferenceProfiles) {
            profiles.set(p.inferenceProfileId, { inferenceProfileId: p.inferenceProfileId, modelId: p.modelId });
        }
    }
    const workspaces = environments.flatMap((e) => (e.modelGuardrail.claudePlatform === "deny" ? [] : [...e.modelGuardrail.claudePlatform]));
    return {
        models: [...new Set(environments.flatMap((e) => e.modelAllowList))].sort(),
        profiles: [...profiles.values()].sort((a, b) => a.inferenceProfileId.localeCompare(b.inferenceProfileId)),
        apiKeys: API_KEY_ORDER[Math.max(0, ...environments.map((e) => API_KEY_ORDER.indexOf(e.apiKeys)))],
        dataRetentionModes: [...new Set(environments.flatMap((e) => (e.dataRetentionMode === undefined ? [] : [e.dataRetentionMode])))].sort(),
        claudePlatform: workspaces.length === 0 ? "deny" : [...new Set(workspaces)].sort(),
        marketplaceProductIds: Object.assign({}, ...environments.map((e) => e.marketplaceProductIds)) as ProductIdTable,
        mantle: environments.some((e) => e.inferenceEndpoints.includes("mantle")),
    };
}

/**
 * A governed environment that cannot be under the organization stack as configured: one that
 * declares its own SCP (two stacks would fight over the targets), or names another organization stack.
 */
export function governedEnvironmentProblems(environment: string, settings: Settings, organizationStack: string, key: KeyOf): string[] {
    const guardrail = settings.modelGuardrail;
    if (guardrail.mode === "scp") {
        return [
            `${environment} declares its own SCP (${key("modelGuardrail")}.mode "scp" in Pulumi.${environment}.yaml), but ${organizationStack} governs it: ` +
                `set its mode to "organization" with organizationStack ${organizationStack}, so the organization stack alone declares the SCP.`,
        ];
    }
    if (guardrail.mode === "organization" && guardrail.organizationStack !== organizationStack) {
        return [`${environment} names ${guardrail.organizationStack} as its organization stack, but ${organizationStack} governs it; make them agree.`];
    }
    return [];
}

/** An environment's settings as these checks read them (the use-case form aside: the program holds it as a secret). */
export type EnvironmentNeeds = Omit<Settings, "useCaseForm">;

/** The road facts of an environment: what it needs usable, and which models count as its own. */
export function environmentRoadFacts(settings: EnvironmentNeeds, reviewedModels: readonly string[]): RoadFacts {
    const workspaces = settings.modelGuardrail.claudePlatform;
    return {
        placement: "scp",
        regions: settings.regions,
        account: PLACEHOLDER_ACCOUNT,
        enabledModels: settings.models,
        reviewedModels,
        profileIds: settings.inferenceProfiles.map((p) => p.inferenceProfileId),
        applicationProfileArns: [],
        foreignApplicationProfileArns: [],
        mantleModels: settings.mantleModels,
        probeModels: [],
        allowedApiKeys: settings.apiKeys,
        dataRetentionModes: settings.dataRetentionMode === undefined ? [] : [settings.dataRetentionMode],
        namedWorkspaces: [],
        claudePlatformWorkspaces: workspaces === "deny" ? [] : [...workspaces],
    };
}
