/**
 * The deploy runner's command line and exit codes: pure, so every message is unit-tested.
 *
 *   npm run deploy -- <environment> [preview|up|refresh|destroy]
 *   npm run deploy -- --all [preview|up|refresh|destroy]
 */
import { parseArgs } from "node:util";

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

/** `review` is a preview with the pack that also writes review-<env>.json and .md (npm run review). */
export const OPERATIONS = ["preview", "up", "refresh", "destroy", "review"] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface DeployOptions {
    readonly environments: readonly string[];
    readonly operation: Operation;
    /** The Pulumi project directory (default: this repository). */
    readonly projectDir?: string;
    /** A policy-pack configuration file (reviewers' settings), passed to every preview and update. */
    readonly policyConfig?: string;
    /** Destroy without asking (pipelines); without it destroy shows what goes and asks, or stops. */
    readonly yes: boolean;
    /** Where `review` writes its report (default: the working directory). */
    readonly outDir?: string;
}

export type ParsedArgs =
    | { readonly kind: "run"; readonly options: DeployOptions }
    | { readonly kind: "help"; readonly text: string }
    | { readonly kind: "error"; readonly message: string };

export const USAGE = [
    "Usage: npm run deploy -- <environment> [preview|up|refresh|destroy|review] [--project <dir>] [--policy-config <file>] [--yes] [--out <dir>]",
    "       npm run deploy -- --all [preview|up|refresh|destroy|review] [--project <dir>] [--policy-config <file>] [--yes] [--out <dir>]",
    "       npm run review -- <environment> [--project <dir>] [--policy-config <file>] [--out <dir>]",
    "",
    "Runs the stack of an environment (Pulumi.<environment>.yaml) with the compliance policy pack.",
    "The operation defaults to preview; up previews first and stops on a mandatory policy violation.",
    "--all runs every environment in turn and stops at the first failure.",
    "--policy-config passes the reviewers' policy-pack configuration (JSON) to every preview and update.",
    "review previews with the pack and writes review-<environment>.json and .md (into --out, default the working directory).",
    "destroy shows what it would delete and asks you to type the environment's name; --yes skips the question",
    "(a pipeline without a terminal must pass it).",
    "",
    "Exit codes: 0 success, 1 deployment failed, 2 configuration error, 3 policy violation,",
    "4 prerequisite missing (Pulumi CLI or AWS credentials).",
].join("\n");

function known(environments: readonly string[]): string {
    return environments.length === 0 ? "none: add a Pulumi.<environment>.yaml" : environments.join(", ");
}

/**
 * Parses the arguments (node:util parseArgs) against the environments of the project:
 * `environmentsOf` gets the project directory given with --project (undefined for the default)
 * and lists its environments.
 */
export function parseDeployArgs(argv: readonly string[], environmentsOf: (projectDir: string | undefined) => readonly string[]): ParsedArgs {
    let parsed: { values: { all?: boolean; help?: boolean; yes?: boolean; project?: string; "policy-config"?: string; out?: string }; positionals: string[] };
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            strict: true,
            options: {
                all: { type: "boolean" },
                help: { type: "boolean", short: "h" },
                yes: { type: "boolean", short: "y" },
                project: { type: "string" },
                "policy-config": { type: "string" },
                out: { type: "string" },
            },
        });
    } catch (err) {
        const code = (err as { code?: string }).code;
        const message = (err as Error).message;
        if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
            const option = /--([a-z-]+)/.exec(message)?.[1];
            return { kind: "error", message: `--${option} needs ${option === "project" || option === "out" ? "a directory" : "a file"}.\n\n${USAGE}` };
        }
        const option = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? message;
        return { kind: "error", message: `Unknown option ${option}.\n\n${USAGE}` };
    }
    const { values, positionals } = parsed;
    if (values.help) {
        return { kind: "help", text: USAGE };
    }
    const all = values.all ?? false;
    const projectDir = values.project;
    const common = { projectDir, policyConfig: values["policy-config"], yes: values.yes ?? false, outDir: values.out };
    const environments = environmentsOf(projectDir);
    const operationArg = all ? positionals[0] : positionals[1];
    const extra = all ? positionals.slice(1) : positionals.slice(2);
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
        return { kind: "run", options: { environments, operation, ...common } };
    }
    const environment = positionals[0];
    if (environment === undefined) {
        return { kind: "error", message: `Name an environment (known: ${known(environments)}), or use --all.\n\n${USAGE}` };
    }
    if (OPERATIONS.includes(environment as Operation)) {
        return { kind: "error", message: `"${environment}" is an operation; name the environment first: npm run deploy -- <environment> ${environment}.` };
    }
    if (!environments.includes(environment)) {
        return { kind: "error", message: `Unknown environment "${environment}" (no Pulumi.${environment}.yaml). Known environments: ${known(environments)}.` };
    }
    return { kind: "run", options: { environments: [environment], operation, ...common } };
}

/**
 * Whether a stack needs PULUMI_CONFIG_PASSPHRASE: its Pulumi.<env>.yaml (`secretsProvider`, its
 * parsed `secretsprovider` key) names no other secrets provider, and the backend is not Pulumi
 * Cloud (whose default is its own secrets service).
 */
export function needsPassphrase(backendUrl: string, secretsProvider: string | undefined): boolean {
    if (secretsProvider !== undefined) {
        return secretsProvider === "passphrase";
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

/**
 * `npm run review -- <environment> [...]` as the runner's arguments: the environment, then `review`,
 * then the rest; `npm run review -- --all [...]`: `--all review`, then the rest.
 */
export function reviewArgs(argv: readonly string[]): string[] {
    if (argv.includes("--all")) {
        // Every environment: --all takes the operation right after it.
        return ["--all", "review", ...argv.filter((a) => a !== "--all")];
    }
    const first = argv.findIndex((a) => !a.startsWith("-"));
    // Options before the environment keep their values: --project <dir> takes the next word.
    const valueOptions = new Set(["--project", "--policy-config", "--out"]);
    let i = 0;
    while (i < argv.length && argv[i].startsWith("-")) {
        i += valueOptions.has(argv[i]) ? 2 : 1;
    }
    return first === -1 || i >= argv.length ? [...argv] : [...argv.slice(0, i + 1), "review", ...argv.slice(i + 1)];
}
