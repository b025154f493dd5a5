/**
 * An environment's settings (declared with types and descriptions in Pulumi.yaml), read in one
 * place from either way in (settings/sources.ts) into {settings, problems}: every key with one
 * coercion and one default, each problem naming its key, and the facts derived from them (the
 * parsed profiles, the guardrail's allow list) computed once. No Pulumi runtime, no AWS.
 */
import { type DataRetentionMode, SETTABLE_DATA_RETENTION_MODES, dataRetentionProblems, isDataRetentionMode } from "../bedrock/dataRetention";
import type { ApiKeyPolicy, InferenceEndpoint } from "../bedrock/endpoints";
import { type InferenceProfileRef, resolveInferenceProfile } from "../bedrock/inferenceProfiles";
import { PRODUCT_ID_PATTERN, type ProductIdTable, isValidRegion, marketplaceProductIds, modelIdProblem, partitionOf } from "../bedrock/models";
import { programIdProblem } from "../bedrock/trustedAccess";
import { parameterPrefixProblem } from "../components/applicationConfig/parameterNames";
import { DEFAULT_WAIT_TIMEOUT_SECONDS, type UseCaseForm, useCaseFormFailures } from "../components/modelAccess/inputs";
import { allowedModelIds } from "../components/modelAllowList/allowListDocument";
import { apiKeysSetting, inferenceEndpointsSetting } from "./endpoints";
import { type GuardrailSettings, guardrailSettings, roleNameProblems } from "./guardrail";
import type { InvocationLoggingOptions } from "../components/invocationLogging/options";
import { invocationLoggingSettings } from "./invocationLogging";
import { type KeyOf, keysOf } from "./keys";
import { ConfigValues, type RawConfig, type StackFileConfig, fromEnvironmentFile, plaintextFormFields } from "./sources";
import { type UsageTrackingSettings, usageTrackingSettings } from "./usageTracking";

/** Which environment is read: its project (the keys' prefix) and its stack name (for messages). */
export interface SettingsContext {
    readonly project: string;
    readonly stack: string;
}

export interface Settings {
    /** The stack's region (aws:region): the source region of every inference profile. */
    readonly region: string;
    /** The system-defined inference profiles to enable, in the order given, parsed and checked against the region once. */
    readonly inferenceProfiles: readonly InferenceProfileRef[];
    /** Anthropic's use-case form (checked; the program passes it on as a secret); only needed when the account has none yet. */
    readonly useCaseForm?: UseCaseForm;
    /** IAM role names the invoke policy is attached to. */
    readonly invokeRoleNames: readonly string[];
    /** Grant bedrock:InvokeModelWithResponseStream as well (ConverseStream). */
    readonly allowStreaming: boolean;
    /** Run the post-deploy verification step. */
    readonly verifyAccess: boolean;
    /** Delete the model agreements on `pulumi destroy`. */
    readonly revokeOnDestroy: boolean;
    /** Further regions to enable model access in (opt-in regions need their own). */
    readonly extraModelAccessRegions: readonly string[];
    /** How long to wait for access to become AVAILABLE. */
    readonly accessWaitTimeoutSeconds: number;
    /** The model allow-list guardrail. */
    readonly modelGuardrail: GuardrailSettings;
    /** aws:profile: the identity of every AWS call of the stack, @pulumi/aws's and the project's own. */
    readonly awsProfile?: string;
    /** Where the backend reads its Bedrock settings (SSM parameter path prefix); none: no parameters. */
    readonly ssmParameterPrefix?: string;
    /** Prove access after deploying with one Converse call through each profile. */
    readonly verifyInvoke: boolean;
    /** Marketplace product IDs of models bedrock/models.ts does not know yet, by model ID. */
    readonly marketplaceProductIds: ProductIdTable;
    /** The data-retention mode the stack sets in each region it uses; undefined: not managed. */
    readonly dataRetentionMode?: DataRetentionMode;
    /** dataRetention.restoreOnDestroy and .replaceExisting (both false unless set). */
    readonly dataRetentionOptions: DataRetentionOptions;
    /** The inference endpoints the application calls (granted, published and proven), in a fixed order. */
    readonly inferenceEndpoints: readonly InferenceEndpoint[];
    /** Which Bedrock API keys may be used at all (granted and guarded). */
    readonly apiKeys: ApiKeyPolicy;
    /** Model invocation logging in every region the stack uses; undefined: not declared. */
    readonly invocationLogging?: InvocationLoggingOptions;
    /** Usage and cost per environment (application profiles, cost-allocation tags, budget); undefined: off. */
    readonly usageTracking?: UsageTrackingSettings;
    /** A move to another profile in progress (npm run migrate records it); undefined: none. */
    readonly migration?: { readonly from: string; readonly to: string };
    /**
     * Models served only on bedrock-mantle, called by their bare ID in aws:region, with no inference
     * profile (Claude Mythos 5): granted, allowed, published and proven on bedrock-mantle only.
     */
    readonly mantleOnlyModels: readonly string[];
    /**
     * Trusted-access programs whose terms the environment accepts (program IDs as Bedrock lists
     * them): each is enrolled at account level where the account is approved.
     */
    readonly acceptedTrustedAccessPrograms: readonly string[];
    /** Derived: the foundation models of the profiles, in order. */
    readonly profileModels: readonly string[];
    /** Derived: every model the environment uses, the profiles' first, then the mantle-only ones. */
    readonly models: readonly string[];
    /** Derived: the models the application calls on bedrock-mantle in aws:region (none without "mantle" in inferenceEndpoints). */
    readonly mantleModels: readonly string[];
    /** Derived: the models the guardrail leaves usable, sorted (none with modelGuardrail.mode "off"). */
    readonly modelAllowList: readonly string[];
    /** Derived: every region the stack uses (aws:region first, then extraModelAccessRegions). */
    readonly regions: readonly string[];
}

/**
 * migration: {"from": <profile>, "to": <profile>}, written by npm run migrate while an environment
 * moves between two profiles; `to` must be listed in inferenceProfiles (and `from` until step 4).
 */
function migrationSetting(raw: unknown, profiles: readonly string[], problems: string[], key: KeyOf, stack: string): { from: string; to: string } | undefined {
    const name = key("migration");
    if (raw === undefined || (typeof raw === "object" && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0)) {
        return undefined;
    }
    const record = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof record.from !== "string" || typeof record.to !== "string" || Object.keys(record).some((k) => k !== "from" && k !== "to")) {
        problems.push(`${name} must be {"from": <profile ID>, "to": <profile ID>} as npm run migrate writes it, got ${JSON.stringify(raw)}.`);
        return undefined;
    }
    // `from` may be gone already: step 4 removes it first and the record once that is deployed.
    if (!profiles.includes(record.to)) {
        problems.push(
            `${name} records a move from ${record.from} to ${record.to}, but ${key("inferenceProfiles")} does not list ${record.to}. ` +
                `Finish the move with \`npm run migrate -- ${stack} --finish\`, or remove ${name} (\`pulumi config rm migration\`).`,
        );
        return undefined;
    }
    return { from: record.from, to: record.to };
}

export interface DataRetentionOptions {
    /** Put each region's earlier mode back on destroy (only where nothing changed since). */
    readonly restoreOnDestroy: boolean;
    /** Set the mode where the region already has another one configured outside this stack. */
    readonly replaceExisting: boolean;
}

const DATA_RETENTION_FIELDS = ["mode", "restoreOnDestroy", "replaceExisting"];

const NO_DATA_RETENTION_OPTIONS: DataRetentionOptions = { restoreOnDestroy: false, replaceExisting: false };

/** dataRetention's boolean fields, as YAML or `pulumi config set --path` (which writes "true") gives them. */
function dataRetentionOptions(fields: Record<string, unknown>, problems: string[], key: KeyOf): DataRetentionOptions {
    const option = (field: string): boolean => {
        const value = fields[field];
        if (value === undefined || value === false || value === "false") {
            return false;
        }
        if (value === true || value === "true") {
            return true;
        }
        problems.push(`${key("dataRetention")}.${field} must be true or false, got ${JSON.stringify(value)}.`);
        return false;
    };
    return { restoreOnDestroy: option("restoreOnDestroy"), replaceExisting: option("replaceExisting") };
}

/** dataRetention: {"mode": ..., "restoreOnDestroy": ..., "replaceExisting": ...}, or {} for "not managed" (no mode). */
function dataRetentionSetting(raw: unknown, problems: string[], key: KeyOf): { mode?: DataRetentionMode; options: DataRetentionOptions } {
    const name = key("dataRetention");
    if (raw === undefined || (typeof raw === "object" && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0)) {
        return { options: NO_DATA_RETENTION_OPTIONS };
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        problems.push(`${name} must be an object such as {"mode": "none"}, got ${JSON.stringify(raw)}.`);
        return { options: NO_DATA_RETENTION_OPTIONS };
    }
    const fields = raw as Record<string, unknown>;
    for (const field of Object.keys(fields).filter((f) => !DATA_RETENTION_FIELDS.includes(f))) {
        problems.push(`${name} has an unknown field "${field}"; the fields are mode, restoreOnDestroy and replaceExisting.`);
    }
    const options = dataRetentionOptions(fields, problems, key);
    const mode = fields.mode;
    if (!isDataRetentionMode(mode) || !SETTABLE_DATA_RETENTION_MODES.includes(mode)) {
        problems.push(
            `${name}.mode must be one of ${SETTABLE_DATA_RETENTION_MODES.map((m) => `"${m}"`).join(", ")} (what Bedrock's ` +
                `PutAccountDataRetention accepts), got ${JSON.stringify(mode)}. Set it with \`pulumi config set --path dataRetention.mode none\`.`,
        );
        return { options };
    }
    return { mode, options };
}

function productIdTable(table: unknown, problems: string[], key: KeyOf): ProductIdTable {
    if (table === undefined) {
        return {};
    }
    if (typeof table !== "object" || table === null || Array.isArray(table)) {
        problems.push(`${key("marketplaceProductIds")} must be an object of model ID to product ID, got ${JSON.stringify(table)}.`);
        return {};
    }
    for (const [modelId, productId] of Object.entries(table)) {
        const problem = modelIdProblem(modelId, `${key("marketplaceProductIds")} key`);
        if (problem !== undefined) {
            problems.push(problem);
        }
        if (typeof productId !== "string" || !PRODUCT_ID_PATTERN.test(productId)) {
            problems.push(
                `${key("marketplaceProductIds")}["${modelId}"] must be an AWS Marketplace product ID such as prod-4pmewlybdftbs, got ${JSON.stringify(productId)}.`,
            );
        }
    }
    return table as ProductIdTable;
}

function stringList(values: ConfigValues, fullKey: string, problems: string[]): string[] {
    const list = values.object(fullKey);
    if (list === undefined) {
        return [];
    }
    // The schema says "array of strings"; what it cannot say is "no blank entries".
    if (!Array.isArray(list) || list.some((v) => typeof v !== "string" || v.trim() === "")) {
        problems.push(`${fullKey} must be a list of non-empty strings, got ${JSON.stringify(list)}.`);
        return [];
    }
    return list as string[];
}

/**
 * The profiles to enable: `inferenceProfiles` (a list), or `inferenceProfile` (one ID: what
 * `pulumi new` asks for, since a template's prompts answer with strings).
 */
function profileList(values: ConfigValues, key: KeyOf, problems: string[]): { ids: string[]; entryName: (i: number) => string } {
    const entryName = (i: number) => `${key("inferenceProfiles")}[${i}]`;
    const list = stringList(values, key("inferenceProfiles"), problems);
    const single = values.text(key("inferenceProfile"))?.trim() ?? "";
    if (single !== "" && list.length > 0) {
        problems.push(`${key("inferenceProfile")} and ${key("inferenceProfiles")} are both set; keep one (\`pulumi config rm inferenceProfile\`).`);
        return { ids: list, entryName };
    }
    if (single === "" && list.length === 0 && !problems.some((p) => p.includes(key("inferenceProfiles")))) {
        problems.push(
            `${key("inferenceProfile")} and ${key("inferenceProfiles")} are not set. Set one with \`pulumi config set inferenceProfile <id>\` or a list with ` +
                `\`pulumi config set --path 'inferenceProfiles[0]' <id>\` (for example global.anthropic.claude-sonnet-4-6; ` +
                "`npm run models -- --region <region>` lists the profiles usable from a region).",
        );
    }
    return single === "" ? { ids: list, entryName } : { ids: [single], entryName: () => key("inferenceProfile") };
}

/** The aws:profile rule: a name of the shared AWS files, nothing a shell or a path could read differently. */
export function awsProfileProblem(profile: string): string | undefined {
    return /^[A-Za-z0-9_.@+-]+$/.test(profile)
        ? undefined
        : `aws:profile "${profile}" is not a profile name of the shared AWS files (letters, digits, _ . @ + -).`;
}

/** The use-case form: checked as plain data so the problem names the key; never in plaintext. */
export function useCaseFormSetting(values: ConfigValues, context: SettingsContext, key: KeyOf, problems: string[]): UseCaseForm | undefined {
    const given = givenForm(values, key);
    if (given === undefined) {
        return undefined;
    }
    problems.push(...formStorage(values, context, key));
    if (values.origin === "file") {
        // Its secret fields are still encrypted here; the program checks them at preview.
        return undefined;
    }
    for (const failure of useCaseFormFailures(given)) {
        problems.push(`${context.project}:${failure.reason}`);
    }
    return given as UseCaseForm;
}

/** The form as given; undefined for none (Pulumi.yaml declares {} as the default: the account may have one already). */
function givenForm(values: ConfigValues, key: KeyOf): unknown {
    const given = values.value(key("useCaseForm"));
    return given === undefined || (typeof given === "object" && given !== null && Object.keys(given).length === 0) ? undefined : given;
}

/**
 * The use-case form stored in plaintext, whole or field by field: what the runner checks in any
 * Pulumi project's environment files too (runner/deploy.ts), so it is one check with one message.
 */
export function formStorageProblems(raw: RawConfig, context: SettingsContext): string[] {
    const values = new ConfigValues(raw, []);
    const key = keysOf(context.project);
    return givenForm(values, key) === undefined ? [] : formStorage(values, context, key);
}

function formStorage(values: ConfigValues, context: SettingsContext, key: KeyOf): string[] {
    const problems: string[] = [];
    const plaintext = values.stackFile === undefined ? [] : plaintextFormFields(values.stackFile, context.project);
    if (plaintext.length > 0 && values.isSecret(key("useCaseForm"))) {
        problems.push(
            `${key("useCaseForm")} has fields in plaintext (${plaintext.join(", ")}) in Pulumi.${context.stack}.yaml; the form is personal ` +
                "and company data. Set each again with `pulumi config set --secret --path useCaseForm.<field> <value>`.",
        );
    }
    if (!values.isSecret(key("useCaseForm"))) {
        problems.push(
            `${key("useCaseForm")} is stored in plaintext, but it holds personal and company data. Remove it ` +
                "(`pulumi config rm useCaseForm`) and set each field again with `pulumi config set --secret --path useCaseForm.<field> <value>`.",
        );
    }
    return problems;
}

/** The entries a rule accepts; each refused one's problem is kept. */
function validEntries(list: readonly string[], problemOf: (entry: string, index: number) => string | undefined, problems: string[]): string[] {
    return list.filter((entry, i) => {
        const problem = problemOf(entry, i);
        if (problem !== undefined) {
            problems.push(problem);
        }
        return problem === undefined;
    });
}

/**
 * mantleOnlyModels: bare model IDs served only on bedrock-mantle (no inference profile), each once,
 * not a profile's model (that one is on bedrock-mantle already), and only with "mantle" among the endpoints.
 */
function mantleOnlyModelsSetting(
    values: ConfigValues,
    key: KeyOf,
    profileModels: readonly string[],
    endpoints: readonly InferenceEndpoint[],
    problems: string[],
): string[] {
    const name = key("mantleOnlyModels");
    const valid = validEntries(stringList(values, name, problems), (id, i) => modelIdProblem(id, `${name}[${i}]`), problems);
    const repeated = valid.filter((id, i) => valid.indexOf(id) !== i);
    if (repeated.length > 0) {
        problems.push(`${name} lists ${[...new Set(repeated)].join(", ")} more than once; list each model once.`);
    }
    for (const id of valid.filter((m) => profileModels.includes(m))) {
        problems.push(
            `${name} has ${id}, which an inference profile of this stack already reaches; with "mantle" in ${key("inferenceEndpoints")} ` +
                `the stack grants it on bedrock-mantle too. Remove it from ${name}.`,
        );
    }
    if (valid.length > 0 && !endpoints.includes("mantle")) {
        problems.push(
            `${name} lists ${valid.join(", ")}, served only on bedrock-mantle, but ${key("inferenceEndpoints")} does not include "mantle". ` +
                "Add it with `pulumi config set --path 'inferenceEndpoints[1]' mantle`, or remove the models.",
        );
    }
    return [...new Set(valid)];
}

/** acceptedTrustedAccessPrograms: program IDs, each once. */
function programIdList(values: ConfigValues, key: KeyOf, problems: string[]): string[] {
    const name = key("acceptedTrustedAccessPrograms");
    const valid = validEntries(stringList(values, name, problems), (id, i) => programIdProblem(id, `${name}[${i}]`), problems);
    if (new Set(valid).size !== valid.length) {
        problems.push(`${name} lists a program more than once; list each once.`);
    }
    return [...new Set(valid)];
}

/** Reads an environment's settings: every problem at once, so one preview (or one command) shows them all. */
export function readSettings(raw: RawConfig, context: SettingsContext): { settings: Settings; problems: string[] } {
    const problems: string[] = [];
    const key = keysOf(context.project);
    const values = new ConfigValues(raw, problems);
    const region = values.text("aws:region") ?? "";
    if (!isValidRegion(region)) {
        problems.push(
            region === ""
                ? "aws:region is not set. Set the source region with `pulumi config set aws:region ap-southeast-1`."
                : `aws:region "${region}" is not an AWS region name such as ap-southeast-1.`,
        );
    }
    const profiles = profileList(values, key, problems);
    const inferenceProfiles = profiles.ids.map((id) => id.trim());
    const duplicates = inferenceProfiles.filter((id, i) => inferenceProfiles.indexOf(id) !== i);
    if (duplicates.length > 0) {
        problems.push(`${key("inferenceProfiles")} lists ${[...new Set(duplicates)].join(", ")} more than once (after trimming spaces).`);
    }
    /** The profiles, parsed once here: the plan and the components take this form. */
    const parsedProfiles: InferenceProfileRef[] = [];
    if (isValidRegion(region)) {
        // Each entry is checked here, so the preview names the key and entry, not a component's argument.
        inferenceProfiles.forEach((id, i) => {
            try {
                parsedProfiles.push(resolveInferenceProfile(id, region, profiles.entryName(i)));
            } catch (err) {
                problems.push((err as Error).message);
            }
        });
    }
    const profileModels = parsedProfiles.map((p) => p.modelId);
    const invokeRoleNames = stringList(values, key("invokeRoleNames"), problems);
    problems.push(...roleNameProblems(key("invokeRoleNames"), invokeRoleNames));
    const extraModelAccessRegions = stringList(values, key("extraModelAccessRegions"), problems);
    for (const extra of extraModelAccessRegions.filter((r) => !isValidRegion(r))) {
        problems.push(`${key("extraModelAccessRegions")} has "${extra}", which is not an AWS region name.`);
    }
    const repeatedRegions = extraModelAccessRegions.filter((r, i) => extraModelAccessRegions.indexOf(r) !== i || r === region);
    if (repeatedRegions.length > 0) {
        problems.push(
            `${key("extraModelAccessRegions")} lists ${[...new Set(repeatedRegions)].join(", ")} more than once or repeats aws:region; list each further region once.`,
        );
    }

    const timeout = values.number(key("accessWaitTimeoutSeconds"), { min: 1, max: 7200 });
    let accessWaitTimeoutSeconds = DEFAULT_WAIT_TIMEOUT_SECONDS;
    if (timeout !== undefined && !Number.isInteger(timeout)) {
        // Pulumi.yaml declares an integer; a number alone would take 1.5.
        problems.push(`${key("accessWaitTimeoutSeconds")} must be a whole number of seconds from 1 to 7200, got ${timeout}.`);
    } else if (timeout !== undefined) {
        accessWaitTimeoutSeconds = timeout;
    }

    const inferenceEndpoints = inferenceEndpointsSetting(values.value(key("inferenceEndpoints")), problems, key);
    const mantleOnlyModels = mantleOnlyModelsSetting(values, key, profileModels, inferenceEndpoints, problems);
    const models = [...new Set([...profileModels, ...mantleOnlyModels])];
    const dataRetention = dataRetentionSetting(values.value(key("dataRetention")), problems, key);
    const modelGuardrail = guardrailSettings(values.value(key("modelGuardrail")), problems, key);
    const settings: Settings = {
        region,
        inferenceProfiles: parsedProfiles,
        useCaseForm: useCaseFormSetting(values, context, key, problems),
        invokeRoleNames,
        allowStreaming: values.flag(key("allowStreaming"), true),
        verifyAccess: values.flag(key("verifyAccess"), true),
        revokeOnDestroy: values.flag(key("revokeOnDestroy"), false),
        extraModelAccessRegions,
        accessWaitTimeoutSeconds,
        modelGuardrail,
        awsProfile: values.text("aws:profile") || undefined,
        ssmParameterPrefix: values.text(key("ssmParameterPrefix")) || undefined,
        verifyInvoke: values.flag(key("verifyInvoke"), false),
        marketplaceProductIds: productIdTable(values.object(key("marketplaceProductIds")), problems, key),
        dataRetentionMode: dataRetention.mode,
        dataRetentionOptions: dataRetention.options,
        inferenceEndpoints,
        apiKeys: apiKeysSetting(values.text(key("apiKeys")), problems, key),
        invocationLogging: invocationLoggingSettings(values.value(key("invocationLogging")), problems, key),
        usageTracking: usageTrackingSettings(values.value(key("usageTracking")), problems, key),
        migration: migrationSetting(values.value(key("migration")), inferenceProfiles, problems, key, context.stack),
        mantleOnlyModels,
        acceptedTrustedAccessPrograms: programIdList(values, key, problems),
        profileModels,
        models,
        mantleModels: inferenceEndpoints.includes("mantle") ? models : [],
        modelAllowList: modelGuardrail.mode === "off" ? [] : allowedModelIds(models, modelGuardrail.extraAllowedModels),
        regions: [region, ...extraModelAccessRegions],
    };
    if (settings.dataRetentionMode !== undefined) {
        // A model that runs only under another mode would be refused by every call: say so now.
        const declared = Object.fromEntries(settings.regions.map((r) => [r, settings.dataRetentionMode as string]));
        problems.push(...dataRetentionProblems(models, declared, key("dataRetention")));
    }
    const kmsKeyArn = settings.invocationLogging?.kmsKeyArn;
    if (kmsKeyArn !== undefined) {
        // S3 and CloudWatch Logs encrypt only with a key in their own region: one key cannot serve several.
        const keyRegion = kmsKeyArn.split(":")[3];
        const elsewhere = settings.regions.filter((r) => r !== keyRegion);
        if (elsewhere.length > 0) {
            problems.push(
                `${key("invocationLogging")}.kmsKeyArn is a key in ${keyRegion || "no region"} (${kmsKeyArn}), but the stack logs in ` +
                    `${elsewhere.join(", ")} too, and S3 and CloudWatch Logs take only a key in their own region. Log with a key per ` +
                    "region by keeping the stack to the key's region, or leave kmsKeyArn out (AWS-managed encryption).",
            );
        }
    }
    if (settings.ssmParameterPrefix !== undefined) {
        const problem = parameterPrefixProblem(settings.ssmParameterPrefix, isValidRegion(region) ? { region, partition: partitionOf(region) } : undefined);
        if (problem !== undefined) {
            problems.push(`${key("ssmParameterPrefix")} ${problem}`);
        }
    }
    if (settings.verifyInvoke && !settings.verifyAccess) {
        problems.push(`${key("verifyInvoke")} is true but ${key("verifyAccess")} is false; the invocation check is part of the verification step.`);
    }
    const profileProblem = settings.awsProfile === undefined ? undefined : awsProfileProblem(settings.awsProfile);
    if (profileProblem !== undefined) {
        problems.push(profileProblem);
    }
    for (const roleKey of ["assumeRoles", "assumeRole"]) {
        if (values.value(`aws:${roleKey}`) !== undefined) {
            // One identity for every call: @pulumi/aws would assume the role, the Bedrock calls would not.
            problems.push(
                `aws:${roleKey} is set, but model access, the preflight and the verification step take their identity from ` +
                    "aws:profile. Put the role in a profile of ~/.aws/config (role_arn and source_profile; the SDK assumes it) " +
                    `and set \`pulumi config set aws:profile <name>\` instead of aws:${roleKey}.`,
            );
        }
    }
    if (settings.modelGuardrail.mode === "scp") {
        // The SCP's Subscribe deny reaches the deployer too, so it must exempt each allowed Marketplace
        // model's product: an unknown one is a configuration problem, found before anything is declared.
        try {
            marketplaceProductIds([...models, ...settings.modelGuardrail.extraAllowedModels], settings.marketplaceProductIds);
        } catch (err) {
            problems.push((err as Error).message);
        }
    }
    return { settings, problems };
}

/** An environment file's settings (Pulumi.<env>.yaml), as the commands read them: the program's rules, its defaults. */
export function readEnvironmentSettings(file: StackFileConfig, project: string, environment: string): { settings: Settings; problems: string[] } {
    return readSettings(fromEnvironmentFile(file), { project, stack: environment });
}
