/**
 * One command per environment, the same on a laptop and in a pipeline (Pulumi Automation API):
 *
 *   npm run deploy -- <environment> [preview|up|refresh|destroy]
 *   npm run deploy -- --all up
 *
 * Always runs with the compliance policy pack; `up` previews first and stops on a mandatory
 * violation before anything changes. Exit codes are in deployArgs.ts (EXIT) and the README.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from "fs";
import * as path from "path";
import { EngineEvent, LocalWorkspace, OutputMap, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { assertAwsCredentials } from "../stack/awsCredentials";
import { EXIT, Operation, environmentsIn, needsPassphrase, parseDeployArgs } from "./deployArgs";

const REPO_ROOT = path.resolve(__dirname, "..");
const POLICY_PACK = path.join(REPO_ROOT, "policy");
/**
 * Engine parallelism: model-access waits are I/O, not CPU, and the engine's default (4 x cores)
 * would run a large environment in waves of that many waits (see the README's Performance section).
 */
const PARALLEL = 64;

/** Outputs printed first in the summary: what the application's configuration needs. */
const KEY_OUTPUTS = ["inferenceProfileId", "inferenceProfileArn", "destinationRegions", "invokePolicyArn"];

type Print = (text: string) => void;

/** Where state goes: PULUMI_BACKEND_URL, else Pulumi.yaml's backend.url, else a file backend in the project. */
export function backendUrl(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
    if (env.PULUMI_BACKEND_URL) {
        return env.PULUMI_BACKEND_URL;
    }
    const projectFile = readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8");
    const declared = /^backend:\s*\n\s+url:\s*(\S+)/m.exec(projectFile);
    return declared?.[1] ?? `file://${path.join(projectDir, ".pulumi-state")}`;
}

/** The stack's region from Pulumi.<env>.yaml, for the credential preflight. */
function environmentRegion(projectDir: string, environment: string): string {
    const text = readFileSync(path.join(projectDir, `Pulumi.${environment}.yaml`), "utf8");
    return /^\s*aws:region:\s*(\S+)/m.exec(text)?.[1] ?? "us-east-1";
}

/** Sorts a failed run into an exit code, from the engine's events and the CLI's message. */
export function classifyFailure(message: string, mandatoryViolations: number): number {
    if (mandatoryViolations > 0 || /mandatory policy violation/.test(message)) {
        return EXIT.policyViolation;
    }
    if (/The stack configuration has|validating stack config|missing configuration value|passphrase|must be encrypted/i.test(message)) {
        return EXIT.configurationError;
    }
    return EXIT.deploymentFailed;
}

function formatOutputs(outputs: OutputMap): string[] {
    const names = [...KEY_OUTPUTS.filter((n) => n in outputs), ...Object.keys(outputs).filter((n) => !KEY_OUTPUTS.includes(n)).sort()];
    return names.map((name) => `    ${name}: ${outputs[name].secret ? "[secret]" : JSON.stringify(outputs[name].value)}`);
}

function formatChanges(changes: Record<string, number> | undefined): string {
    const entries = Object.entries(changes ?? {}).filter(([, n]) => n > 0);
    return entries.length === 0 ? "none" : entries.map(([op, n]) => `${op} ${n}`).join(", ");
}

async function runEnvironment(stack: Stack, operation: Operation, backend: string, print: Print, policyConfig?: string): Promise<number> {
    let mandatory = 0;
    const onEvent = (event: EngineEvent) => {
        if (event.policyEvent?.enforcementLevel === "mandatory") {
            mandatory++;
        }
    };
    const onOutput = print;
    const policyPacks = [POLICY_PACK];
    const policyPackConfigs = policyConfig === undefined ? undefined : [policyConfig];
    const parallel = process.env.PULUMI_PARALLEL ? undefined : PARALLEL;
    const summary = [`\nSummary for ${stack.name} (${operation}):`];
    // Until the preview has passed, nothing has changed.
    let changing = false;
    try {
        if (operation === "preview" || operation === "up") {
            const preview = await stack.preview({ policyPacks, policyPackConfigs, onOutput, onEvent, parallel });
            summary.push(`  planned changes: ${formatChanges(preview.changeSummary)}`);
        }
        changing = operation !== "preview";
        if (operation === "up") {
            const result = await stack.up({ policyPacks, policyPackConfigs, onOutput, onEvent, parallel });
            summary.push(`  changes: ${formatChanges(result.summary.resourceChanges)}`, "  outputs:", ...formatOutputs(result.outputs));
        } else if (operation === "refresh") {
            const result = await stack.refresh({ onOutput, onEvent, parallel });
            summary.push(`  changes: ${formatChanges(result.summary.resourceChanges)}`);
        } else if (operation === "destroy") {
            const result = await stack.destroy({ onOutput, onEvent, parallel });
            summary.push(`  changes: ${formatChanges(result.summary.resourceChanges)}`);
        }
    } catch (err) {
        const code = classifyFailure(`${(err as Error).message}`, mandatory);
        const cause =
            code === EXIT.policyViolation
                ? `${mandatory || "a"} mandatory policy violation(s)`
                : code === EXIT.configurationError
                  ? "a configuration error"
                  : "a deployment failure";
        const state = changing ? "see the engine's messages above for what changed" : "nothing was changed";
        print(`\nStopped: ${cause} in ${stack.name} ${operation}; ${state} (exit code ${code}).\n`);
        return code;
    }
    summary.push(`  state: ${backend} (stack ${stack.name})\n`);
    print(summary.join("\n"));
    return EXIT.success;
}

export async function deploy(argv: readonly string[], print: Print = (t) => process.stdout.write(t)): Promise<number> {
    const projectDirOf = (given: string | undefined) => path.resolve(given ?? REPO_ROOT);
    const parsed = parseDeployArgs(argv, (given) => {
        const dir = projectDirOf(given);
        return existsSync(dir) ? environmentsIn(readdirSync(dir)) : [];
    });
    if (parsed.kind === "help") {
        print(`${parsed.text}\n`);
        return EXIT.success;
    }
    if (parsed.kind === "error") {
        print(`${parsed.message}\n`);
        return EXIT.configurationError;
    }
    const projectDir = projectDirOf(parsed.options.projectDir);
    if (!existsSync(path.join(projectDir, "Pulumi.yaml"))) {
        print(`No Pulumi.yaml in ${projectDir}.\n`);
        return EXIT.configurationError;
    }
    const { environments, operation } = parsed.options;
    const policyConfig = parsed.options.policyConfig === undefined ? undefined : path.resolve(parsed.options.policyConfig);
    if (policyConfig !== undefined && !existsSync(policyConfig)) {
        print(`The policy configuration file ${policyConfig} (--policy-config) does not exist.\n`);
        return EXIT.configurationError;
    }

    let pulumiCommand: PulumiCommand;
    try {
        pulumiCommand = await PulumiCommand.get();
    } catch (err) {
        print(
            "The Pulumi CLI was not found on PATH (`pulumi version` did not run). Install it: " +
                "https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh), then run this again.\n",
        );
        return EXIT.prerequisiteMissing;
    }
    const backend = backendUrl(projectDir);
    const usesPassphrase = environments.some((env) => needsPassphrase(backend, readFileSync(path.join(projectDir, `Pulumi.${env}.yaml`), "utf8")));
    if (usesPassphrase && !process.env.PULUMI_CONFIG_PASSPHRASE && !process.env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        print(
            "PULUMI_CONFIG_PASSPHRASE is not set. With this backend, stack secrets (the use-case form) are " +
                "encrypted with a passphrase: export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) from your " +
                "secret store, then run this again.\n",
        );
        return EXIT.configurationError;
    }
    try {
        await assertAwsCredentials(environmentRegion(projectDir, environments[0]));
    } catch (err) {
        print(`${(err as Error).message}\n`);
        return EXIT.prerequisiteMissing;
    }
    if (backend.startsWith("file://")) {
        mkdirSync(backend.slice("file://".length), { recursive: true });
    }

    for (const environment of environments) {
        print(`\n=== ${environment}: ${operation} (policy pack: ${path.relative(process.cwd(), POLICY_PACK) || POLICY_PACK}) ===\n`);
        let stack: Stack;
        try {
            stack = await LocalWorkspace.createOrSelectStack(
                { stackName: environment, workDir: projectDir },
                {
                    pulumiCommand,
                    envVars: {
                        PULUMI_BACKEND_URL: backend,
                        // CI type-checks with tsc (npm test); skipping it at start saves about 2 s per run (README, Performance).
                        PULUMI_NODEJS_TRANSPILE_ONLY: process.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
                    },
                },
            );
        } catch (err) {
            print(`Could not open the stack ${environment} in ${backend}: ${(err as Error).message}\n`);
            return classifyFailure((err as Error).message, 0);
        }
        const code = await runEnvironment(stack, operation, backend, print, policyConfig);
        if (code !== EXIT.success) {
            return code;
        }
    }
    return EXIT.success;
}

if (require.main === module) {
    deploy(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (err) => {
            console.error(err);
            process.exitCode = EXIT.deploymentFailed;
        },
    );
}
