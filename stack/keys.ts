/**
 * Stack configuration keys as a user sets them: under the project's own name, which a copy made
 * with `pulumi new` changes (my-bedrock:inferenceProfile), so every message names the key in force.
 */
import * as pulumi from "@pulumi/pulumi";

/** The project's name as the engine runs it: a copy made with `pulumi new` under another name reads its own keys. */
export function project(): string {
    return pulumi.getProject();
}

/** The full key of a setting, e.g. bedrock-model-access:accessWaitTimeoutSeconds. */
export function key(name: string): string {
    return `${project()}:${name}`;
}
