/**
 * The project's files as the deploy runner reads them (js-yaml, not patterns): Pulumi.yaml for the
 * project name and backend, Pulumi.<env>.yaml (its configuration is read by settings/), and the
 * git-ignored working copy of that configuration the runner hands to the CLI, so that the
 * tracked file is never rewritten (the CLI adds an encryptionsalt and re-quotes values).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** Where the runner keeps its working copies (git-ignored). */
export const WORK_DIR = ".pulumi-work";

/** The keys of a stack settings file that belong to its secrets provider, not to the configuration. */
const SECRETS_KEYS = ["secretsprovider", "encryptedkey", "encryptionsalt"] as const;

export interface StackSettingsFile {
    readonly secretsprovider?: string;
    readonly encryptedkey?: string;
    readonly encryptionsalt?: string;
    readonly config?: Record<string, unknown>;
}

export interface ProjectSettingsFile {
    readonly name: string;
    readonly backend?: { readonly url?: string };
}

export class ProjectFileError extends Error {}

/** Parses YAML text; the error names the file and the line. */
function parseYaml(text: string, file: string): unknown {
    try {
        return yaml.load(text) ?? {};
    } catch (err) {
        const e = err as yaml.YAMLException;
        const line = e.mark === undefined ? "" : ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;
        throw new ProjectFileError(`${file} is not valid YAML${line}: ${e.reason ?? e.message}. Fix it and run again.`);
    }
}

export function readProjectFile(projectDir: string): ProjectSettingsFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    const parsed = parseYaml(readFileSync(file, "utf8"), "Pulumi.yaml") as Partial<ProjectSettingsFile>;
    if (typeof parsed.name !== "string") {
        throw new ProjectFileError("Pulumi.yaml has no project name (name: ...).");
    }
    return { name: parsed.name, backend: parsed.backend };
}

export function environmentFilePath(projectDir: string, environment: string): string {
    return path.join(projectDir, `Pulumi.${environment}.yaml`);
}

export function parseEnvironmentText(text: string, environment: string): StackSettingsFile {
    const parsed = parseYaml(text, `Pulumi.${environment}.yaml`);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new ProjectFileError(`Pulumi.${environment}.yaml must be a mapping with a config: section.`);
    }
    const settings = parsed as StackSettingsFile;
    if (settings.config !== undefined && (typeof settings.config !== "object" || settings.config === null || Array.isArray(settings.config))) {
        throw new ProjectFileError(`Pulumi.${environment}.yaml: config must be a mapping of keys to values.`);
    }
    return settings;
}

export function readEnvironmentFile(projectDir: string, environment: string): StackSettingsFile {
    return parseEnvironmentText(readFileSync(environmentFilePath(projectDir, environment), "utf8"), environment);
}

/**
 * Writes the working copy of an environment's configuration that the CLI reads and may rewrite:
 * the tracked file's text as written, plus the secrets-provider keys (the encryptionsalt of the
 * deployer's passphrase) the CLI wrote on an earlier run, when the tracked file has none.
 * Returns its path.
 */
export function writeWorkingConfig(projectDir: string, environment: string, trackedText: string, secretsFromCli?: StackSettingsFile): string {
    const dir = path.join(projectDir, WORK_DIR);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `Pulumi.${environment}.yaml`);
    const tracked = parseEnvironmentText(trackedText, environment);
    const previous = existsSync(file) ? parseEnvironmentText(readFileSync(file, "utf8"), environment) : {};
    const lines: string[] = [];
    if (SECRETS_KEYS.every((key) => tracked[key] === undefined)) {
        for (const key of SECRETS_KEYS) {
            const value = secretsFromCli?.[key] ?? previous[key];
            if (value !== undefined) {
                lines.push(`${key}: ${JSON.stringify(value)}`);
            }
        }
    }
    writeFileSync(
        file,
        `# Written by npm run deploy from Pulumi.${environment}.yaml (edit that file, not this one), with the\n` +
            `# secrets provider's settings for your own passphrase. Git-ignored; keep it to reopen the stack's secrets.\n` +
            [...lines, trackedText].join("\n"),
    );
    return file;
}

/**
 * Puts a tracked environment file back as it was when the CLI has rewritten it, and returns the
 * settings the CLI wrote (its encryptionsalt), or undefined when the file is unchanged.
 */
export function restoreTrackedFile(file: string, tracked: string, environment: string): StackSettingsFile | undefined {
    const after = readFileSync(file, "utf8");
    if (after === tracked) {
        return undefined;
    }
    writeFileSync(file, tracked);
    return parseEnvironmentText(after, environment);
}

/** Where state goes: PULUMI_BACKEND_URL, else Pulumi.yaml's backend.url, else a file backend in the project. */
export function backendUrl(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
    if (env.PULUMI_BACKEND_URL) {
        return env.PULUMI_BACKEND_URL;
    }
    return readProjectFile(projectDir).backend?.url ?? `file://${path.join(projectDir, ".pulumi-state")}`;
}
