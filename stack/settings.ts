/**
 * The program's way into the settings: the engine's configuration read once through settings/,
 * every problem at once as one error the preview prints without a stack trace, and the use-case
 * form passed on as a secret.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import type { UseCaseForm } from "../components/modelAccess/inputs";
import { keysOf } from "../settings/keys";
import { type OrganizationSettings, isOrganizationStack, readOrganizationSettings } from "../settings/organization";
import { type Settings, readSettings } from "../settings/settings";
import { type StackFileConfig, fromPulumiConfig } from "../settings/sources";

/** The settings as the program declares from them: the use-case form is a secret output. */
export type StackSettings = Omit<Settings, "useCaseForm"> & {
    /** Anthropic's use-case form, secret; only needed when the account has none yet. */
    readonly useCaseForm?: pulumi.Output<UseCaseForm>;
};

/** Every configuration problem at once, so one preview shows them all. */
export class StackConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly string[]) {
        // RunError: Pulumi prints the message alone, without a stack trace.
        super(`The stack configuration has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n  - ${problems.join("\n  - ")}`);
        this.name = "StackConfigError";
    }
}

/**
 * The keys the engine says are secret (it passes them to the program); undefined when it passes
 * nothing (unit tests), so that every key counts as secret.
 */
function secretKeysFromEngine(): string[] | undefined {
    const secretKeys = process.env.PULUMI_CONFIG_SECRET_KEYS;
    if (secretKeys === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(secretKeys) as string[];
    } catch {
        return undefined;
    }
}

/** The stack's settings file in the working directory (plain `pulumi up`), if there is one. */
function stackFileInWorkingDirectory(): StackFileConfig | undefined {
    const file = path.join(process.cwd(), `Pulumi.${pulumi.getStack()}.yaml`);
    if (!existsSync(file)) {
        return undefined;
    }
    try {
        return yaml.load(readFileSync(file, "utf8")) as StackFileConfig;
    } catch {
        return undefined; // The CLI has read it already; a parse problem is its to report.
    }
}

/** The stack's settings by its role: the organization stack's (bedrock-model-access:organization set), or an environment's. */
export function readStackConfig():
    | { readonly role: "organization"; readonly settings: OrganizationSettings }
    | { readonly role: "environment"; readonly settings: StackSettings } {
    const raw = fromPulumiConfig(pulumi.runtime.allConfig(), secretKeysFromEngine(), stackFileInWorkingDirectory());
    const context = { project: pulumi.getProject(), stack: pulumi.getStack() };
    if (!isOrganizationStack(raw, context.project)) {
        return { role: "environment", settings: readStackSettings(raw) };
    }
    const { settings, problems } = readOrganizationSettings(raw, context);
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return { role: "organization", settings };
}

export function readStackSettings(raw = fromPulumiConfig(pulumi.runtime.allConfig(), secretKeysFromEngine(), stackFileInWorkingDirectory())): StackSettings {
    const { settings, problems } = readSettings(raw, { project: pulumi.getProject(), stack: pulumi.getStack() });
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return { ...settings, useCaseForm: settings.useCaseForm === undefined ? undefined : pulumi.secret(settings.useCaseForm) };
}

/** The full key of a setting in the program's project (a copy made with `pulumi new` has its own name). */
export function key(name: string): string {
    return keysOf(pulumi.getProject())(name);
}
