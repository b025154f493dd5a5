/**
 * The deploy runner's command line and exit codes: pure, so every message is unit-tested.
 *
 *   npm run deploy -- <environment> [preview|up|refresh|destroy]
 *   npm run deploy -- --all [preview|up|refresh|destroy]
 */

/** Exit codes a pipeline can rely on. */
export const EXIT = {
    success: 0,
    /** The engine failed while changing or reading resources. */
    deploymentFailed: 1,
    /** Bad arguments, unknown environment, bad or missing configuration or secrets. */
    configurationError: 2,
    /** A mandatory policy of the compliance pack was violated; nothing was changed. */
    policyViolation: 3,
    /** The Pulumi CLI or AWS credentials are missing. */
    prerequisiteMissing: 4,
} as const;

export const OPERATIONS = ["preview", "up", "refresh", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface DeployOptions {
    readonly environments: readonly string[];
    readonly operation: Operation;
    /** The Pulumi project directory (default: this repository). */
    readonly projectDir?: string;
    /** A policy-pack configuration file (reviewers' settings), passed to every preview and update. */
    readonly policyConfig?: string;
}

export type ParsedArgs =
    | { readonly kind: "run"; readonly options: DeployOptions }
    | { readonly kind: "help"; readonly text: string }
    | { readonly kind: "error"; readonly message: string };

export const USAGE = [
    "Usage: npm run deploy -- <environment> [preview|up|refresh|destroy] [--project <dir>] [--policy-config <file>]",
    "       npm run deploy -- --all [preview|up|refresh|destroy] [--project <dir>] [--policy-config <file>]",
    "",
    "Runs the stack of an environment (Pulumi.<environment>.yaml) with the compliance policy pack.",
    "The operation defaults to preview; up previews first and stops on a mandatory policy violation.",
    "--all runs every environment in turn and stops at the first failure.",
    "--policy-config passes the reviewers' policy-pack configuration (JSON) to every preview and update.",
    "",
    "Exit codes: 0 success, 1 deployment failed, 2 configuration error, 3 policy violation,",
    "4 prerequisite missing (Pulumi CLI or AWS credentials).",
].join("\n");

function known(environments: readonly string[]): string {
    return environments.length === 0 ? "none: add a Pulumi.<environment>.yaml" : environments.join(", ");
}

/**
 * Parses the arguments against the environments of the project: `environmentsOf` gets the
 * project directory given with --project (undefined for the default) and lists its environments.
 */
export function parseDeployArgs(argv: readonly string[], environmentsOf: (projectDir: string | undefined) => readonly string[]): ParsedArgs {
    const positional: string[] = [];
    let all = false;
    let projectDir: string | undefined;
    let policyConfig: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") {
            return { kind: "help", text: USAGE };
        } else if (arg === "--all") {
            all = true;
        } else if (arg === "--project") {
            projectDir = argv[++i];
            if (projectDir === undefined) {
                return { kind: "error", message: `--project needs a directory.\n\n${USAGE}` };
            }
        } else if (arg === "--policy-config") {
            policyConfig = argv[++i];
            if (policyConfig === undefined) {
                return { kind: "error", message: `--policy-config needs a file.\n\n${USAGE}` };
            }
        } else if (arg.startsWith("-")) {
            return { kind: "error", message: `Unknown option ${arg}.\n\n${USAGE}` };
        } else {
            positional.push(arg);
        }
    }
    const environments = environmentsOf(projectDir);
    const operationArg = all ? positional[0] : positional[1];
    const extra = all ? positional.slice(1) : positional.slice(2);
    if (extra.length > 0) {
        return { kind: "error", message: `Unexpected argument ${extra.join(" ")}.\n\n${USAGE}` };
    }
    const operation = (operationArg ?? "preview") as Operation;
    if (!OPERATIONS.includes(operation)) {
        return { kind: "error", message: `Unknown operation "${operationArg}"; use one of ${OPERATIONS.join(", ")}.` };
    }
    if (all) {
        if (environments.length === 0) {
            return { kind: "error", message: `--all found no environment (${known(environments)}).` };
        }
        return { kind: "run", options: { environments, operation, projectDir, policyConfig } };
    }
    const environment = positional[0];
    if (environment === undefined) {
        return { kind: "error", message: `Name an environment (known: ${known(environments)}), or use --all.\n\n${USAGE}` };
    }
    if (OPERATIONS.includes(environment as Operation)) {
        return { kind: "error", message: `"${environment}" is an operation; name the environment first: npm run deploy -- <environment> ${environment}.` };
    }
    if (!environments.includes(environment)) {
        return { kind: "error", message: `Unknown environment "${environment}" (no Pulumi.${environment}.yaml). Known environments: ${known(environments)}.` };
    }
    return { kind: "run", options: { environments: [environment], operation, projectDir, policyConfig } };
}

/**
 * Whether a stack needs PULUMI_CONFIG_PASSPHRASE: its Pulumi.<env>.yaml names no other secrets
 * provider, and the backend is not Pulumi Cloud (whose default is its own secrets service).
 */
export function needsPassphrase(backendUrl: string, environmentFile: string): boolean {
    const provider = /^secretsprovider:\s*(\S+)/m.exec(environmentFile)?.[1];
    if (provider !== undefined) {
        return provider === "passphrase";
    }
    return !/^https?:\/\//.test(backendUrl);
}

/** Environments of a project: the <env> of every Pulumi.<env>.yaml, sorted. */
export function environmentsIn(fileNames: readonly string[]): string[] {
    return fileNames
        .map((name) => /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(name)?.[1])
        .filter((env): env is string => env !== undefined)
        .sort();
}
