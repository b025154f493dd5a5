/**
 * The runner's checks of the user's environment before the Pulumi CLI runs: the secrets
 * passphrase and the reviewers' policy-pack configuration file.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { type ParseError, parse as parseJson, printParseErrorCode } from "jsonc-parser";

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
    } catch {
        // Where, never what: the parser's own message quotes the file's first characters, and a
        // wrong path can be a passphrase or credentials file that CI logs would then show.
        // jsonc-parser (strict: no comments, no trailing commas) gives the offset of the first error.
        const text = readFileSync(file, "utf8");
        const errors: ParseError[] = [];
        parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
        const where = errors.length === 0 ? "" : ` at ${lineAndColumn(text, errors[0].offset)} (${printParseErrorCode(errors[0].error)})`;
        return `The policy configuration file ${file} (--policy-config) is not JSON${where}; give a JSON object of policy names to settings.`;
    }
    return undefined;
}

/** "line L, column C" (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
    const before = text.slice(0, offset).split("\n");
    return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
