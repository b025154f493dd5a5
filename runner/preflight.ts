/**
 * The runner's checks of the user's environment before the Pulumi CLI runs: the secrets
 * passphrase and the reviewers' policy-pack configuration file.
 */
import { existsSync, readFileSync, statSync } from "fs";

/** Problems with the passphrase variables, or undefined when they are usable. */
export function passphraseProblem(env: NodeJS.ProcessEnv): string | undefined {
    const phrase = env.PULUMI_CONFIG_PASSPHRASE;
    const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (phrase !== undefined && phrase.trim() === "") {
        // The CLI takes an empty variable as an intentional empty passphrase, ahead of the file.
        return `PULUMI_CONFIG_PASSPHRASE is set but ${phrase === "" ? "empty" : "only white space"}, which would encrypt the stack's secrets with no real passphrase. Unset it or give it a value.`;
    }
    if (phrase !== undefined) {
        return undefined;
    }
    if (file === undefined || file === "") {
        return (
            "PULUMI_CONFIG_PASSPHRASE is not set. With this backend, stack secrets (the use-case form) are encrypted with a " +
            "passphrase: export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) from your secret store, then run this again."
        );
    }
    if (!existsSync(file) || !statSync(file).isFile() || readFileSync(file, "utf8").trim() === "") {
        const what = !existsSync(file) ? "does not exist" : !statSync(file).isFile() ? "is not a file" : "is empty or only white space";
        return `PULUMI_CONFIG_PASSPHRASE_FILE (${file}) ${what}; point it at a file holding the passphrase.`;
    }
    return undefined;
}

/** Why the reviewers' policy-pack configuration file cannot be used, or undefined. */
export function policyConfigProblem(file: string): string | undefined {
    if (!existsSync(file)) {
        return `The policy configuration file ${file} (--policy-config) does not exist.`;
    }
    if (!statSync(file).isFile()) {
        return `The policy configuration ${file} (--policy-config) is not a file; give a JSON file of policy names to settings.`;
    }
    try {
        const value: unknown = JSON.parse(readFileSync(file, "utf8"));
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            return `The policy configuration file ${file} (--policy-config) must hold a JSON object of policy names to settings, such as {"bedrock-model-allow-list": "advisory"}.`;
        }
    } catch (err) {
        return `The policy configuration file ${file} (--policy-config) is not JSON (${(err as Error).message}).`;
    }
    return undefined;
}
