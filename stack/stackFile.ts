/**
 * The stack's settings file as written on disk (Pulumi.<stack>.yaml, read with js-yaml): the
 * engine marks the whole use-case form secret when any field is, so only the file shows which
 * fields are in plaintext.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";

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
export function stackFileInWorkingDirectory(): { readonly config?: Record<string, unknown> } | undefined {
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
