/**
 * What the runner says when the Pulumi CLI fails: the exit code for the failure, the CLI's own
 * error lines (with the causes under its generic "N errors occurred"), and the command that
 * recovers from the states it knows (a lock left by a killed run, pending operations, a wrong passphrase).
 */
import { EXIT } from "./args";

/** Sorts a failed run into an exit code, from the engine's events and the CLI's message. */
export function classifyFailure(message: string, mandatoryViolations: number): number {
    if (mandatoryViolations > 0 || /mandatory policy violation/.test(message)) {
        return EXIT.policyViolation;
    }
    if (/The stack configuration has|validating stack config|missing configuration value|must be of type|passphrase|must be encrypted/i.test(message)) {
        return EXIT.configurationError;
    }
    return EXIT.deploymentFailed;
}

/** The CLI's own error lines from a failed command's message (the Automation API puts stderr there). */
export function cliErrors(message: string): string[] {
    const lines = message
        .split("\n")
        .map((l) => l.replace(/^\s*stderr:\s*/, "").trimEnd())
        .filter((l) => /^\s*error: /.test(l) || (/^\s*- /.test(l) && /configuration|must be|missing/.test(l)) || /^\s*\* \S/.test(l));
    const unique = [...new Set(lines.map((l) => l.trim()))];
    // "error: 1 error occurred:" only introduces the causes (the "* ..." lines) that follow it.
    const causes = unique.filter((l) => l.startsWith("* "));
    return causes.length > 0 ? unique.filter((l) => !/^error: \d+ errors? occurred:?$/.test(l)) : unique;
}

/** Whether the CLI refused the operation because another update holds the stack's lock. */
export function isLockedStack(message: string): boolean {
    return /currently locked|is locked by|lock.*held/i.test(message);
}

/** The import ID of each fixed-name resource the stack declares (the provider's import documentation). */
const IMPORT_IDS: Readonly<Record<string, string>> = {
    "aws:cloudwatch/logGroup:LogGroup": "the log group's name",
    "aws:ssm/parameter:Parameter": "the parameter's name",
    "aws:budgets/budget:Budget": "<account ID>:<budget name>",
    "aws:bedrock/inferenceProfile:InferenceProfile": "the application profile's name",
    "aws:iam/policy:Policy": "the policy's ARN",
};

/** For a failure state the user can recover from, the command that recovers, else undefined. */
export function recoveryHint(message: string, environment: string, backend: string): string | undefined {
    const backendNote = backend.startsWith("file://") || backend.startsWith("s3://") ? ` (with PULUMI_BACKEND_URL=${backend})` : "";
    if (isLockedStack(message)) {
        return (
            `The stack ${environment} is locked by another update. If none is running (a killed or crashed run leaves ` +
            `its lock behind), release it with \`pulumi cancel --stack ${environment} --yes\`${backendNote}, then run this again.`
        );
    }
    if (/pending operations?|interrupted while creating/i.test(message)) {
        return (
            `An earlier run of ${environment} was interrupted and left pending operations in the state. Run ` +
            `\`npm run deploy -- ${environment} refresh\` (it reads each resource back, keeps interrupted model-access creates and clears other pending creates; ` +
            `model access such a create requested stays this stack's own), then run this again.`
        );
    }
    if (/already exists|AlreadyExists|EntityAlreadyExists|DuplicateRecord/.test(message)) {
        // A fixed-name resource (log group, SSM parameter, budget, application profile) that an
        // interrupted run created in AWS but never recorded: the state does not know it is ours.
        return (
            `A resource ${environment} declares already exists in AWS, most likely created by an earlier run that was ` +
            `interrupted before it recorded it. Adopt it into the state, then run this again: \`pulumi import <type> <name> <id> ` +
            `--stack ${environment}\`${backendNote}, with the type and name from the error above and the ID AWS knows it by ` +
            `(${Object.entries(IMPORT_IDS)
                .map(([type, id]) => `${type}: ${id}`)
                .join("; ")}). If it is not this environment's, ` +
            "choose another name or remove it in AWS instead."
        );
    }
    if (/incorrect passphrase/i.test(message)) {
        return (
            `PULUMI_CONFIG_PASSPHRASE does not open the secrets of ${environment}. Use the passphrase the stack was created ` +
            `with; an encryptionsalt committed in Pulumi.${environment}.yaml belongs to whoever created it (remove it to ` +
            `start a new stack with your own passphrase).`
        );
    }
    return undefined;
}

/** The CLI's own error lines from a failure, then the recovery command for a state the runner knows. */
export function explainCliFailure(message: string, environment: string, backend: string): string {
    const errors = cliErrors(message);
    const hint = recoveryHint(message, environment, backend);
    return (errors.length > 0 ? `\nThe Pulumi CLI said:\n${errors.map((l) => `  ${l}`).join("\n")}\n` : "") + (hint === undefined ? "" : `\n${hint}\n`);
}
