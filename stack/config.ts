/**
 * The stack's configuration (declared with types and descriptions in Pulumi.yaml), read and
 * checked in one place so that a bad value fails the preview with a message naming its key.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { resolveInferenceProfile } from "../bedrock/inferenceProfiles";
import { parameterPrefixProblem } from "../components/applicationConfig/applicationConfig";
import { isValidRegion, modelIdProblem } from "../bedrock/models";
import { DEFAULT_WAIT_TIMEOUT_SECONDS, UseCaseForm, useCaseFormFailures } from "../components/modelAccess/inputs";

/** The project's name as the engine runs it: a copy made with `pulumi new` under another name reads its own keys. */
function project(): string {
    return pulumi.getProject();
}

export interface StackSettings {
    /** The stack's region (aws:region): the source region of every inference profile. */
    readonly region: string;
    /** System-defined inference-profile IDs to enable, in the order given. */
    readonly inferenceProfiles: readonly string[];
    /** Anthropic's use-case form, secret; only needed when the account has none yet. */
    readonly useCaseForm?: pulumi.Output<UseCaseForm>;
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
}

export const GUARDRAIL_MODES = ["iam", "scp", "off"] as const;

export interface GuardrailSettings {
    /** "iam" (default), "scp" or "off". */
    readonly mode: (typeof GUARDRAIL_MODES)[number];
    /** Accounts, OUs or the root to attach the SCP to (mode "scp"). */
    readonly targetIds: readonly string[];
    /** Further existing roles that get the IAM guardrail (mode "iam"). */
    readonly roleNames: readonly string[];
    /** Foundation-model IDs allowed besides the profiles' models. */
    readonly extraAllowedModels: readonly string[];
}

/** An account ID, an OU ID or an organization root ID: what an SCP can be attached to. */
const SCP_TARGET = /^(\d{12}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

function guardrailSettings(raw: unknown, problems: string[]): GuardrailSettings {
    const name = key("modelGuardrail");
    const settings: GuardrailSettings = { mode: "iam", targetIds: [], roleNames: [], extraAllowedModels: [] };
    if (raw === undefined) {
        return settings;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        problems.push(`${name} must be an object such as {"mode": "iam"}, got ${JSON.stringify(raw)}.`);
        return settings;
    }
    const fields = raw as Record<string, unknown>;
    for (const field of Object.keys(fields).filter((f) => !["mode", "targetIds", "roleNames", "extraAllowedModels"].includes(f))) {
        problems.push(`${name} has an unknown field "${field}"; the fields are mode, targetIds, roleNames and extraAllowedModels.`);
    }
    const mode = fields.mode ?? "iam";
    if (!GUARDRAIL_MODES.includes(mode as GuardrailSettings["mode"])) {
        problems.push(`${name}.mode must be "iam", "scp" or "off", got ${JSON.stringify(mode)}.`);
    }
    const list = (field: string): string[] => {
        const value = fields[field] ?? [];
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
                `\`pulumi config set --path 'modelGuardrail.targetIds[0]' 123456789012\`.`,
        );
    }
    const extraAllowedModels = list("extraAllowedModels");
    for (const modelId of extraAllowedModels) {
        const problem = modelIdProblem(modelId, `${name}.extraAllowedModels entry`);
        if (problem !== undefined) {
            problems.push(problem);
        }
    }
    return { mode: mode as GuardrailSettings["mode"], targetIds, roleNames: list("roleNames"), extraAllowedModels };
}

/** Every configuration problem at once, so one preview shows them all. */
export class StackConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly string[]) {
        // RunError: Pulumi prints the message alone, without a stack trace.
        super(`The stack configuration has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n  - ${problems.join("\n  - ")}`);
        this.name = "StackConfigError";
    }
}

function key(name: string): string {
    return `${project()}:${name}`;
}

/** Reads a config value as JSON-ish data without throwing on a wrong type. */
function readRaw(config: pulumi.Config, name: string): unknown {
    const text = config.get(name);
    if (text === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function stringList(config: pulumi.Config, name: string, problems: string[], required: boolean): string[] {
    const raw = readRaw(config, name);
    if (raw === undefined) {
        if (required) {
            problems.push(
                `${key(name)} is not set. Set it with \`pulumi config set --path '${name}[0]' <value>\`` +
                    (name === "inferenceProfiles" ? " (for example apac.anthropic.claude-sonnet-4-20250514-v1:0)." : "."),
            );
        }
        return [];
    }
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string" || v.trim() === "")) {
        problems.push(`${key(name)} must be a list of non-empty strings, got ${JSON.stringify(raw)}.`);
        return [];
    }
    if (required && raw.length === 0) {
        problems.push(`${key(name)} is empty; list at least one inference profile.`);
    }
    return raw as string[];
}

function flag(config: pulumi.Config, name: string, fallback: boolean, problems: string[]): boolean {
    const raw = readRaw(config, name);
    if (raw === undefined) {
        return fallback;
    }
    if (typeof raw !== "boolean") {
        problems.push(`${key(name)} must be true or false, got ${JSON.stringify(raw)}.`);
        return fallback;
    }
    return raw;
}

/**
 * Whether the engine says a config key is secret. Pulumi.yaml cannot declare the form secret
 * (a declared secret may not have the empty default that makes it optional), so this checks
 * what the engine passes to the program; when it passes nothing (unit tests), the key counts as secret.
 */
function isSecretConfig(fullKey: string): boolean {
    const secretKeys = process.env.PULUMI_CONFIG_SECRET_KEYS;
    if (secretKeys === undefined) {
        return true;
    }
    try {
        return (JSON.parse(secretKeys) as string[]).includes(fullKey);
    } catch {
        return true;
    }
}

/** Whether a config value is a secret as stored in the file (`{secure: ...}`). */
function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && typeof (value as { secure?: unknown }).secure === "string";
}

/**
 * The fields of the use-case form stored in plaintext. The engine marks the whole key secret
 * when any one field is, so only the file shows which fields are not.
 */
export function plaintextFormFields(settings: { readonly config?: Record<string, unknown> }, project: string): string[] {
    const form = settings.config?.[`${project}:useCaseForm`];
    if (form === undefined || isSecure(form)) {
        return [];
    }
    if (typeof form !== "object" || form === null || Array.isArray(form)) {
        return ["(the whole form)"];
    }
    return Object.entries(form as Record<string, unknown>)
        .filter(([, value]) => !isSecure(value))
        .map(([field]) => field);
}

/** The stack's settings file in the working directory (plain `pulumi up`), if there is one. */
function stackFileInWorkingDirectory(): { readonly config?: Record<string, unknown> } | undefined {
    const file = path.join(process.cwd(), `Pulumi.${pulumi.getStack()}.yaml`);
    if (!existsSync(file)) {
        return undefined;
    }
    try {
        return yaml.load(readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    } catch {
        return undefined; // The CLI has read it already; a parse problem is its to report.
    }
}

export function readStackSettings(config = new pulumi.Config(), awsConfig = new pulumi.Config("aws")): StackSettings {
    const problems: string[] = [];
    const region = awsConfig.get("region") ?? "";
    if (!isValidRegion(region)) {
        problems.push(
            region === ""
                ? "aws:region is not set. Set the source region with `pulumi config set aws:region ap-southeast-1`."
                : `aws:region "${region}" is not an AWS region name such as ap-southeast-1.`,
        );
    }
    const inferenceProfiles = stringList(config, "inferenceProfiles", problems, true).map((id) => id.trim());
    const duplicates = inferenceProfiles.filter((id, i) => inferenceProfiles.indexOf(id) !== i);
    if (duplicates.length > 0) {
        problems.push(`${key("inferenceProfiles")} lists ${[...new Set(duplicates)].join(", ")} more than once (after trimming spaces).`);
    }
    if (isValidRegion(region)) {
        // Each entry is checked here, so the preview names the key and entry, not a component's argument.
        inferenceProfiles.forEach((id, i) => {
            try {
                resolveInferenceProfile(id, region, `${key("inferenceProfiles")}[${i}]`);
            } catch (err) {
                problems.push((err as Error).message);
            }
        });
    }
    const invokeRoleNames = stringList(config, "invokeRoleNames", problems, false);
    const extraModelAccessRegions = stringList(config, "extraModelAccessRegions", problems, false);
    for (const extra of extraModelAccessRegions.filter((r) => !isValidRegion(r))) {
        problems.push(`${key("extraModelAccessRegions")} has "${extra}", which is not an AWS region name.`);
    }
    const repeatedRegions = extraModelAccessRegions.filter((r, i) => extraModelAccessRegions.indexOf(r) !== i || r === region);
    if (repeatedRegions.length > 0) {
        problems.push(
            `${key("extraModelAccessRegions")} lists ${[...new Set(repeatedRegions)].join(", ")} more than once or repeats aws:region; list each further region once.`,
        );
    }

    const timeoutRaw = readRaw(config, "accessWaitTimeoutSeconds");
    let accessWaitTimeoutSeconds = DEFAULT_WAIT_TIMEOUT_SECONDS;
    if (timeoutRaw !== undefined) {
        if (typeof timeoutRaw !== "number" || !Number.isInteger(timeoutRaw) || timeoutRaw < 1 || timeoutRaw > 7200) {
            problems.push(`${key("accessWaitTimeoutSeconds")} must be a whole number of seconds from 1 to 7200, got ${JSON.stringify(timeoutRaw)}.`);
        } else {
            accessWaitTimeoutSeconds = timeoutRaw;
        }
    }

    // Checked here as plain data so the preview names the key; passed on as a secret.
    // Pulumi.yaml declares {} as the default, meaning "no form": the account may have one already.
    const formGiven = readRaw(config, "useCaseForm");
    const formRaw =
        typeof formGiven === "object" && formGiven !== null && Object.keys(formGiven).length === 0 ? undefined : formGiven;
    if (formRaw !== undefined) {
        const plaintext = plaintextFormFields(stackFileInWorkingDirectory() ?? {}, project());
        if (plaintext.length > 0 && isSecretConfig(key("useCaseForm"))) {
            problems.push(
                `${key("useCaseForm")} has fields in plaintext (${plaintext.join(", ")}) in Pulumi.${pulumi.getStack()}.yaml; the form is personal ` +
                    "and company data. Set each again with `pulumi config set --secret --path useCaseForm.<field> <value>`.",
            );
        }
        if (!isSecretConfig(key("useCaseForm"))) {
            problems.push(
                `${key("useCaseForm")} is stored in plaintext, but it holds personal and company data. Remove it ` +
                    "(`pulumi config rm useCaseForm`) and set each field again with `pulumi config set --secret --path useCaseForm.<field> <value>`.",
            );
        }
        for (const failure of useCaseFormFailures(formRaw)) {
            problems.push(`${project()}:${failure.reason}`);
        }
    }

    const settings: StackSettings = {
        region,
        inferenceProfiles,
        useCaseForm: formRaw === undefined ? undefined : config.requireSecretObject<UseCaseForm>("useCaseForm"),
        invokeRoleNames,
        allowStreaming: flag(config, "allowStreaming", true, problems),
        verifyAccess: flag(config, "verifyAccess", true, problems),
        revokeOnDestroy: flag(config, "revokeOnDestroy", false, problems),
        extraModelAccessRegions,
        accessWaitTimeoutSeconds,
        modelGuardrail: guardrailSettings(readRaw(config, "modelGuardrail"), problems),
        awsProfile: awsConfig.get("profile") || undefined,
        ssmParameterPrefix: config.get("ssmParameterPrefix") || undefined,
        verifyInvoke: flag(config, "verifyInvoke", false, problems),
    };
    if (settings.ssmParameterPrefix !== undefined) {
        const problem = parameterPrefixProblem(settings.ssmParameterPrefix);
        if (problem !== undefined) {
            problems.push(`${key("ssmParameterPrefix")} ${problem}`);
        }
    }
    if (settings.verifyInvoke && !settings.verifyAccess) {
        problems.push(`${key("verifyInvoke")} is true but ${key("verifyAccess")} is false; the invocation check is part of the verification step.`);
    }
    if (settings.awsProfile !== undefined && !/^[A-Za-z0-9_.@+-]+$/.test(settings.awsProfile)) {
        problems.push(`aws:profile "${settings.awsProfile}" is not a profile name of the shared AWS files (letters, digits, _ . @ + -).`);
    }
    for (const roleKey of ["assumeRoles", "assumeRole"]) {
        if (awsConfig.get(roleKey) !== undefined) {
            // One identity for every call: @pulumi/aws would assume the role, the Bedrock calls would not.
            problems.push(
                `aws:${roleKey} is set, but model access, the preflight and the verification step take their identity from ` +
                    "aws:profile. Put the role in a profile of ~/.aws/config (role_arn and source_profile; the SDK assumes it) " +
                    `and set \`pulumi config set aws:profile <name>\` instead of aws:${roleKey}.`,
            );
        }
    }
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return settings;
}
