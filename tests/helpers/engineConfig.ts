/**
 * An environment file's configuration as the engine hands it to the program: every value a
 * string, objects and lists as JSON text (what `pulumi.runtime.allConfig()` returns).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { StackFileConfig } from "../../settings/sources";

export const ROOT = path.resolve(__dirname, "..", "..");

export function engineConfig(file: StackFileConfig): Record<string, string> {
    return Object.fromEntries(
        Object.entries(file.config ?? {}).map(([key, value]) => [
            key,
            typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value),
        ]),
    );
}

/** One of the repository's environment files, parsed. */
export function environmentFile(environment: string): StackFileConfig {
    return yaml.load(readFileSync(path.join(ROOT, `Pulumi.${environment}.yaml`), "utf8")) as StackFileConfig;
}
