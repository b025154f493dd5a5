/**
 * Stack configuration keys as a user sets them: under the project's own name, which a copy made
 * with `pulumi new` changes (my-bedrock:inferenceProfile), so every message names the key in force.
 */

/** Names a setting's full key, e.g. accessWaitTimeoutSeconds -> bedrock-model-access:accessWaitTimeoutSeconds. */
export type KeyOf = (name: string) => string;

/** The key namer of a project. */
export function keysOf(project: string): KeyOf {
    return (name) => `${project}:${name}`;
}
