/**
 * One command per environment, the same on a laptop and in a pipeline (Pulumi Automation API):
 *
 *   npm run deploy -- <environment> [preview|up|refresh|destroy] [--yes]
 *   npm run deploy -- --all up
 *
 * Always runs with the compliance policy pack; `up` previews first and stops on a mandatory
 * violation before anything changes; `destroy` shows what goes and asks first. The tracked
 * Pulumi.<env>.yaml is never rewritten: the CLI reads a git-ignored working copy. Exit codes are
 * in runner/args.ts (EXIT) and docs/operators.md.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { type EngineEvent, LocalWorkspace, type OutputMap, type PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { assertAwsCredentials } from "../aws/credentials";
import { type Settings, awsProfileProblem, formStorageProblems, readEnvironmentSettings } from "../settings/settings";
import { fromEnvironmentFile } from "../settings/sources";
import { type OrganizationSettings, environmentRoadFacts, isOrganizationStack, organizationUnion, readOrganizationSettings } from "../settings/organization";
import { type OrganizationPlan, type OrderedRun, organizationOrder } from "./organizationOrder";
import { EXIT, type Operation, environmentsIn, needsPassphrase, parseDeployArgs } from "./args";
import { type CliInstaller, findOrInstallCli, installWithPulumi } from "./cli";
import { classifyFailure, explainCliFailure, isLockedStack } from "./failures";
import { keepPendingCreates } from "./pendingCreates";
import { compiledPolicyPack } from "./policyPack";
import {
    type PolicyFinding,
    type ReviewFacts,
    type ReviewReport,
    buildReviewReport,
    effectiveAccess,
    writeReviewIndex,
    writeReviewReport,
} from "./reviewReport";
import type { AllowListConfig } from "../policy/config";
import { type StackResource, evaluateGuardrail, judgeGuardrails } from "../policy/guardrailEvaluation";
import { roadCatalogue } from "../policy/roads";
import { modelAllowList, reviewerBounds } from "../policy/modelAllowListPolicy";
import { passphraseProblem, policyConfigProblem } from "./preflight";
import { startWatchdog } from "./watchdog";
import { beginOperation, installInterruptHandling, interrupted } from "./interrupts";
import {
    ProjectFileError,
    type StackSettingsFile,
    environmentFilePath,
    readEnvironmentFile,
    backendUrl,
    readProjectFile,
    restoreTrackedFile,
    writeWorkingConfig,
} from "./environmentFile";

const REPO_ROOT = path.resolve(__dirname, "..");
const POLICY_PACK = path.join(REPO_ROOT, "policy");
/**
 * Engine parallelism: model-access waits are I/O, not CPU, and the engine's default (4 x cores)
 * would run a large environment in waves of that many waits (see docs/performance.md).
 */
const PARALLEL = 64;

/** Outputs printed first in the summary: what the application's configuration needs. */
const KEY_OUTPUTS = ["inferenceProfileId", "inferenceProfileArn", "destinationRegions", "invokePolicyArn"];

type Print = (text: string) => void;

/** Asks the user to type the environment's name; undefined when there is no terminal to ask on. */
export type Confirm = (question: string) => Promise<string | undefined>;

/** What a caller built on the runner (npm run migrate) learns of a run besides its exit code. */
export interface DeployHooks {
    /** The stack's outputs after a successful `up`. */
    readonly onOutputs?: (environment: string, outputs: OutputMap) => void;
}

export async function askOnTerminal(question: string): Promise<string | undefined> {
    if (!process.stdin.isTTY) {
        return undefined;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
        return await rl.question(question);
    } finally {
        rl.close();
    }
}

function formatOutputs(outputs: OutputMap): string[] {
    const names = [
        ...KEY_OUTPUTS.filter((n) => n in outputs),
        ...Object.keys(outputs)
            .filter((n) => !KEY_OUTPUTS.includes(n))
            .sort(),
    ];
    return names.map((name) => `    ${name}: ${outputs[name].secret ? "[secret]" : JSON.stringify(outputs[name].value)}`);
}

function formatChanges(changes: Record<string, number> | undefined): string {
    const entries = Object.entries(changes ?? {}).filter(([, n]) => n > 0);
    return entries.length === 0 ? "none" : entries.map(([op, n]) => `${op} ${n}`).join(", ");
}

interface RunContext {
    readonly stack: Stack;
    readonly operation: Operation;
    readonly backend: string;
    readonly print: Print;
    readonly configFile: string;
    readonly policyConfig?: string;
    readonly yes: boolean;
    readonly confirm: Confirm;
    /** For review: what the report says of the stack, where it goes, and who hears of it (the index of --all). */
    readonly review?: {
        readonly facts: ReviewFacts;
        readonly outDir: string;
        readonly onReport?: (report: ReviewReport) => void;
        /** An organization stack's review: its SCP is evaluated on each governed environment's roads, these settings. */
        readonly governed?: ReadonlyMap<string, Settings>;
    };
    readonly hooks: DeployHooks;
    /** The pack to run: the compiled copy of policy/ (runner/policyPack.ts). */
    readonly policyPack: string;
}

/** The report's facts about a stack, from its environment file (what the reviewers review). */
export function reviewFacts(environment: string, settings: Settings): ReviewFacts {
    return {
        environment,
        modelAllowList: settings.modelAllowList,
        guardrailMode: settings.modelGuardrail.mode,
        dataRetention: settings.dataRetentionMode ?? "not managed",
    };
}

/** The report's facts about an organization stack: the union its SCP allows, read from its environments' files. */
export function organizationReviewFacts(stack: string, organization: OrganizationSettings, governed: readonly Settings[]): ReviewFacts {
    const union = organizationUnion(governed);
    return {
        environment: stack,
        modelAllowList: union.models,
        guardrailMode: `scp (organization stack governing ${organization.governs.join(", ")})`,
        dataRetention: union.dataRetentionModes.length === 0 ? "not managed" : union.dataRetentionModes.join(", "),
    };
}

/**
 * An organization stack's effective access: its SCP (as the preview declares it) on each governed
 * environment's roads, with every model of the organization as the reviewed ones: what the
 * environment needs allowed, every other model denied.
 */
async function organizationAccess(declared: readonly StackResource[], governed: ReadonlyMap<string, Settings>): Promise<ReturnType<typeof effectiveAccess>> {
    const scp = declared.find((r) => r.type === "aws:organizations/policy:Policy");
    const content = scp?.props.content;
    if (scp === undefined || typeof content !== "string") {
        return [];
    }
    const union = organizationUnion([...governed.values()]).models;
    const judged = [];
    for (const [environment, settings] of governed) {
        const roads = roadCatalogue(environmentRoadFacts(settings, union));
        judged.push({
            resource: { ...scp, name: `${scp.name} (${environment})` },
            kind: "scp" as const,
            decisions: await evaluateGuardrail(JSON.parse(content) as object, "scp", roads),
        });
    }
    return effectiveAccess(judged);
}

async function runEnvironment(ctx: RunContext): Promise<number> {
    const { stack, operation, backend, print, configFile } = ctx;
    let mandatory = 0;
    const findings: PolicyFinding[] = [];
    // What the preview declares, for the review's effective access (the guardrail documents as the stack has them).
    const declared = new Map<string, StackResource>();
    const onEvent = (event: EngineEvent) => {
        const step = event.resourcePreEvent?.metadata;
        if (ctx.review !== undefined && step?.new !== undefined) {
            declared.set(step.urn, { type: step.type, urn: step.urn, name: step.urn.split("::").pop() ?? step.urn, props: step.new.inputs ?? {} });
        }
        const policy = event.policyEvent;
        if (policy?.enforcementLevel === "mandatory") {
            mandatory++;
        }
        if (policy !== undefined) {
            findings.push({
                policyName: policy.policyName,
                enforcementLevel: policy.enforcementLevel,
                message: policy.message,
                resourceUrn: policy.resourceUrn,
            });
        }
    };
    /** The review's report, written after the preview whether or not a mandatory policy failed. */
    const report = async () => {
        if (ctx.review === undefined) {
            return;
        }
        const policyConfig = ctx.policyConfig === undefined ? {} : (JSON.parse(readFileSync(ctx.policyConfig, "utf8")) as Record<string, unknown>);
        const allowListConfig = policyConfig[modelAllowList.name];
        const bounds = reviewerBounds(typeof allowListConfig === "object" && allowListConfig !== null ? (allowListConfig as Partial<AllowListConfig>) : {});
        let access: ReturnType<typeof effectiveAccess> = [];
        try {
            const governed = ctx.review.governed;
            access =
                governed === undefined
                    ? effectiveAccess((await judgeGuardrails([...declared.values()], bounds)).guardrails)
                    : await organizationAccess([...declared.values()], governed);
        } catch (err) {
            // The policies' results are on file either way; say why this section is empty.
            print(`\nThe guardrails' effective access could not be evaluated: ${(err as Error).message}\n`);
        }
        const built = buildReviewReport(ctx.review.facts, findings, policyConfig, new Date(), access);
        const written = writeReviewReport(built, ctx.review.outDir);
        ctx.review.onReport?.(built);
        print(`\nReview of ${stack.name} written to ${written.join(", ")}.\n`);
    };
    const operation_ = beginOperation();
    const { signal } = operation_;
    const onOutput = (text: string) => {
        operation_.output(text);
        print(text);
    };
    const policyPacks = [ctx.policyPack];
    const policyPackConfigs = ctx.policyConfig === undefined ? undefined : [ctx.policyConfig];
    const parallel = process.env.PULUMI_PARALLEL ? undefined : PARALLEL;
    const summary = [`\nSummary for ${stack.name} (${operation}):`];
    // Until the preview has passed, nothing has changed.
    let changing = false;
    try {
        if (operation === "preview" || operation === "up" || operation === "review") {
            const preview = await stack.preview({ policyPacks, policyPackConfigs, onOutput, onEvent, parallel, configFile, signal });
            summary.push(`  planned changes: ${formatChanges(preview.changeSummary)}`);
            await report();
        }
        if (operation === "destroy") {
            const preview = await stack.previewDestroy({ onOutput, parallel, configFile, signal });
            const planned = formatChanges(preview.changeSummary);
            print(`\nDestroying ${stack.name} would: ${planned}.\n`);
            if (!ctx.yes) {
                const answer = await ctx.confirm(`Type the environment's name (${stack.name}) to destroy it: `);
                if (answer === undefined) {
                    print(
                        `\nStopped: destroy of ${stack.name} needs --yes when there is no terminal to confirm on; nothing was changed (exit code ${EXIT.configurationError}).\n`,
                    );
                    return EXIT.configurationError;
                }
                if (answer.trim() !== stack.name) {
                    print(`\nStopped: "${answer.trim()}" is not ${stack.name}; nothing was changed (exit code ${EXIT.configurationError}).\n`);
                    return EXIT.configurationError;
                }
            }
        }
        changing = operation !== "preview";
        if (operation === "up") {
            const result = await stack.up({ policyPacks, policyPackConfigs, onOutput, onEvent, parallel, configFile, signal });
            summary.push(`  changes: ${formatChanges(result.summary.resourceChanges)}`, "  outputs:", ...formatOutputs(result.outputs));
            ctx.hooks.onOutputs?.(stack.name, result.outputs);
        } else if (operation === "refresh") {
            const kept = keepPendingCreates(await stack.exportStack());
            if (kept !== undefined) {
                await stack.importStack(kept.deployment);
                print(
                    `Kept ${kept.urns.length} interrupted create(s) (model access, data retention) to read back: ${kept.urns.map((u) => u.split("::").pop()).join(", ")}.\n`,
                );
            }
            const result = await stack.refresh({ onOutput, onEvent, parallel, configFile, clearPendingCreates: true, signal });
            summary.push(`  changes: ${formatChanges(result.summary.resourceChanges)}`);
        } else if (operation === "destroy") {
            const result = await stack.destroy({ onOutput, onEvent, parallel, configFile, signal });
            summary.push(`  changes: ${formatChanges(result.summary.resourceChanges)}`);
        }
    } catch (err) {
        const message = `${(err as Error).message}`;
        const code = classifyFailure(message, mandatory);
        if (code === EXIT.policyViolation) {
            // The violation is what the reviewers need on file.
            await report();
        }
        const cause = interrupted()
            ? "an interrupt (the CLI cancelled gracefully)"
            : code === EXIT.policyViolation
              ? `${mandatory || "a"} mandatory policy violation(s)`
              : code === EXIT.configurationError
                ? "a configuration error"
                : "a deployment failure";
        // A lock refuses the update before it starts.
        const state = changing && !isLockedStack(message) ? "see the engine's messages above for what changed" : "nothing was changed";
        print(explainCliFailure(message, stack.name, backend));
        print(`\nStopped: ${cause} in ${stack.name} ${operation}; ${state} (exit code ${code}).\n`);
        return code;
    } finally {
        operation_.end();
    }
    summary.push(`  state: ${backend} (stack ${stack.name})\n`);
    print(summary.join("\n"));
    return EXIT.success;
}

/**
 * Whether a project runs this program (this repository, or a copy made from it with `pulumi new`),
 * whose settings the runner can check with the program's own rules. The runner also drives other
 * Pulumi projects (the engine tests' program has keys of its own): for those it checks only what
 * holds for any project, the use-case form's plaintext fields and the aws:profile name.
 */
function runsThisProgram(projectDir: string): boolean {
    return existsSync(path.join(projectDir, "stack", "settings.ts")) && existsSync(path.join(projectDir, "settings", "settings.ts"));
}

/**
 * Reads and checks every environment file before any CLI call, with the program's own rules
 * (settings/) where the project runs this program: returns each environment's file and settings,
 * and every problem at once.
 */
function checkEnvironments(
    projectDir: string,
    project: string,
    environments: readonly string[],
): { files: Map<string, StackSettingsFile>; settings: Map<string, Settings>; organizations: Map<string, OrganizationSettings>; problems: string[] } {
    const files = new Map<string, StackSettingsFile>();
    const settings = new Map<string, Settings>();
    const organizations = new Map<string, OrganizationSettings>();
    const problems: string[] = [];
    const ownProgram = runsThisProgram(projectDir);
    for (const environment of environments) {
        try {
            const parsed = readEnvironmentFile(projectDir, environment);
            files.set(environment, parsed);
            if (ownProgram && isOrganizationStack(fromEnvironmentFile(parsed), project)) {
                // The organization stack: its own settings; its environments' files are read when it runs.
                const read = readOrganizationSettings(fromEnvironmentFile(parsed), { project, stack: environment });
                organizations.set(environment, read.settings);
                problems.push(...read.problems.map((problem) => `Pulumi.${environment}.yaml: ${problem}`));
                continue;
            }
            const read = readEnvironmentSettings(parsed, project, environment);
            settings.set(environment, read.settings);
            const found = ownProgram ? read.problems : anyProjectProblems(parsed, project, environment, read.settings);
            problems.push(...found.map((problem) => `Pulumi.${environment}.yaml: ${problem}`));
        } catch (err) {
            if (!(err instanceof ProjectFileError)) {
                throw err;
            }
            problems.push(err.message);
        }
    }
    return { files, settings, organizations, problems };
}

/** What the runner checks in any project's environment: the form's plaintext fields (settings/' own check), the aws:profile name. */
function anyProjectProblems(file: StackSettingsFile, project: string, environment: string, settings: Settings): string[] {
    const profileProblem = settings.awsProfile === undefined ? undefined : awsProfileProblem(settings.awsProfile);
    return [...formStorageProblems(fromEnvironmentFile(file), { project, stack: environment }), ...(profileProblem === undefined ? [] : [profileProblem])];
}

export async function deploy(
    argv: readonly string[],
    print: Print = (t) => process.stdout.write(t),
    confirm: Confirm = askOnTerminal,
    installCli: CliInstaller = installWithPulumi,
    hooks: DeployHooks = {},
): Promise<number> {
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
    const { environments, operation, yes } = parsed.options;
    const policyConfig = parsed.options.policyConfig === undefined ? undefined : path.resolve(parsed.options.policyConfig);
    const policyConfigError = policyConfig === undefined ? undefined : policyConfigProblem(policyConfig);
    if (policyConfigError !== undefined) {
        print(`${policyConfigError}\n`);
        return EXIT.configurationError;
    }
    let project: string;
    let backend: string;
    try {
        project = readProjectFile(projectDir).name;
        backend = backendUrl(projectDir);
    } catch (err) {
        print(`${(err as Error).message}\n`);
        return EXIT.configurationError;
    }
    const { files, settings, organizations, problems } = checkEnvironments(projectDir, project, environments);
    if (files.size < environments.length) {
        // A file that cannot be read at all: nothing else is worth checking yet.
        print(`${problems.join("\n")}\n`);
        return EXIT.configurationError;
    }
    // Every problem and missing prerequisite at once, so a newcomer fixes them in one go.
    const usesPassphrase = environments.some((env) => needsPassphrase(backend, files.get(env)!.secretsprovider));
    const configProblems: string[] = [...problems];
    const missing: string[] = [];
    const passphrase = usesPassphrase ? passphraseProblem(process.env) : undefined;
    if (passphrase !== undefined) {
        configProblems.push(passphrase);
    }
    const first = settings.get(environments[0]) ?? organizations.get(environments[0])!;
    const profile = first.awsProfile;
    const profileError = profile === undefined ? undefined : awsProfileProblem(profile);
    let pulumiCommand: PulumiCommand | undefined;
    const cli = await findOrInstallCli(print, installCli);
    if ("problem" in cli) {
        missing.push(cli.problem);
    } else {
        pulumiCommand = cli.command;
    }
    if (profileError === undefined) {
        try {
            await assertAwsCredentials(first.region || "us-east-1", profile);
        } catch (err) {
            missing.push((err as Error).message);
        }
    }
    if (configProblems.length > 0 || missing.length > 0 || pulumiCommand === undefined) {
        print(`${[...configProblems, ...missing].join("\n")}\n`);
        // A configuration problem is the user's to fix first; otherwise a prerequisite is missing.
        return configProblems.length > 0 ? EXIT.configurationError : EXIT.prerequisiteMissing;
    }
    let policyPack: string;
    try {
        policyPack = compiledPolicyPack(POLICY_PACK, path.join(REPO_ROOT, "node_modules", ".cache", "bedrock-model-access"));
    } catch (err) {
        print(`${(err as Error).message}\n`);
        return EXIT.configurationError;
    }
    startWatchdog();
    installInterruptHandling(print);
    if (backend.startsWith("file://")) {
        mkdirSync(backend.slice("file://".length), { recursive: true });
    }

    /** The settings of the environments an organization stack governs, from their files (read whether or not they run now). */
    const governedMap = (organization: OrganizationSettings): Map<string, Settings> =>
        new Map(
            organization.governs.flatMap((environment): [string, Settings][] => {
                try {
                    return [
                        [
                            environment,
                            settings.get(environment) ?? readEnvironmentSettings(readEnvironmentFile(projectDir, environment), project, environment).settings,
                        ],
                    ];
                } catch {
                    return []; // A missing file: the organization stack's own preview names it.
                }
            }),
        );
    const governedSettings = (organization: OrganizationSettings): Settings[] => [...governedMap(organization).values()];
    /** What an organization stack's SCP allows as deployed (its outputs); undefined when it has none yet. */
    const deployedAllowed = async (stack: string): Promise<{ models: string[]; profiles: string[] } | undefined> => {
        const trackedFile = environmentFilePath(projectDir, stack);
        const tracked = readFileSync(trackedFile, "utf8");
        try {
            const workspace = await LocalWorkspace.create({ workDir: projectDir, pulumiCommand, envVars: { PULUMI_BACKEND_URL: backend } });
            const outputs = await workspace.stackOutputs(stack);
            const guardrail = outputs.organizationGuardrail?.value as { allowedModels?: string[]; inferenceProfiles?: string[] } | undefined;
            return guardrail === undefined ? undefined : { models: guardrail.allowedModels ?? [], profiles: guardrail.inferenceProfiles ?? [] };
        } catch {
            return undefined; // Not created yet.
        } finally {
            restoreTrackedFile(trackedFile, tracked, stack);
        }
    };

    /** One environment's operation: open its stack, run, put the tracked file back; its exit code. */
    const runOne = async (environment: string, say: Print, reports: Map<string, ReviewReport>, run: OrderedRun = { stack: environment }): Promise<number> => {
        say(`\n=== ${environment}: ${operation} (policy pack: ${path.relative(process.cwd(), POLICY_PACK) || POLICY_PACK}) ===\n`);
        if (run.why !== undefined) {
            say(`(${environment} runs ${run.why}.)\n`);
        }
        const trackedFile = environmentFilePath(projectDir, environment);
        const tracked = readFileSync(trackedFile, "utf8");
        let stack: Stack;
        let secretsFromCli: StackSettingsFile | undefined;
        try {
            stack = await LocalWorkspace.createOrSelectStack(
                { stackName: environment, workDir: projectDir },
                {
                    pulumiCommand,
                    envVars: {
                        PULUMI_BACKEND_URL: backend,
                        // CI type-checks with tsc (npm test); skipping it at start saves about 2 s per run (docs/performance.md).
                        PULUMI_NODEJS_TRANSPILE_ONLY: process.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
                        // An organization stack's first run of two keeps what it allowed (stack/organization.ts).
                        ...(run.keep === undefined ? {} : { BEDROCK_MODEL_ACCESS_KEEP_ALLOWED: JSON.stringify(run.keep) }),
                    },
                },
            );
        } catch (err) {
            const message = (err as Error).message;
            say(`Could not open the stack ${environment} in ${backend}.${explainCliFailure(message, environment, backend) || `\n${message}\n`}`);
            return classifyFailure(message, 0);
        } finally {
            // Creating a stack writes its encryptionsalt into the tracked file: keep it in the working copy instead.
            secretsFromCli = restoreTrackedFile(trackedFile, tracked, environment);
        }
        const configFile = writeWorkingConfig(projectDir, environment, tracked, secretsFromCli);
        try {
            const review =
                operation === "review"
                    ? {
                          facts: organizations.has(environment)
                              ? organizationReviewFacts(environment, organizations.get(environment)!, governedSettings(organizations.get(environment)!))
                              : reviewFacts(environment, settings.get(environment)!),
                          governed: organizations.has(environment) ? governedMap(organizations.get(environment)!) : undefined,
                          outDir: path.resolve(parsed.options.outDir ?? "."),
                          onReport: (report: ReviewReport) => reports.set(environment, report),
                      }
                    : undefined;
            return await runEnvironment({ stack, operation, backend, print: say, configFile, policyConfig, yes, confirm, review, hooks, policyPack });
        } finally {
            // Commands that take no --config-file (stack outputs, history) can also write the salt back.
            restoreTrackedFile(trackedFile, tracked, environment);
        }
    };

    const reports = new Map<string, ReviewReport>();
    if (operation === "review" && environments.length > 1) {
        // Reviews change nothing, so they run side by side; each one's output is printed whole, in order.
        const outputs = environments.map(() => [] as string[]);
        print(`\nReviewing ${environments.join(", ")} side by side (reviews change nothing); each one's output follows when all are done.\n`);
        const codes = await Promise.all(
            environments.map(async (environment, i) => {
                const code = await runOne(environment, (text) => void outputs[i].push(text), reports);
                print(`  ${environment}: review done (exit code ${code}).\n`);
                return code;
            }),
        );
        for (const output of outputs) {
            print(output.join(""));
        }
        const index = writeReviewIndex(
            environments.flatMap((environment, i) => {
                const report = reports.get(environment);
                return report === undefined ? [] : [{ report, code: codes[i] }];
            }),
            path.resolve(parsed.options.outDir ?? "."),
        );
        print(`\nIndex of the reviews written to ${index.join(" and ")}.\n`);
        // The worst outcome decides: a failure to run before a mandatory violation before a pass.
        return codes.find((c) => c !== EXIT.success && c !== EXIT.policyViolation) ?? codes.find((c) => c !== EXIT.success) ?? EXIT.success;
    }
    const plans: OrganizationPlan[] = [];
    for (const [stack, organization] of organizations) {
        const union = organizationUnion(governedSettings(organization));
        plans.push({
            stack,
            governs: organization.governs,
            wanted: { models: union.models, profiles: union.profiles.map((p) => p.inferenceProfileId) },
            deployed: operation === "up" ? await deployedAllowed(stack) : undefined,
        });
    }
    const order = organizationOrder(environments, plans, operation);
    if (plans.length > 0 && environments.length > 1) {
        print(`\nOrder: ${order.map((r) => r.stack).join(", ")} (an organization stack widens its SCP before its environments and narrows it after them).\n`);
    }
    for (const run of order) {
        const code = await runOne(run.stack, print, reports, run);
        if (code !== EXIT.success) {
            return code;
        }
    }
    return EXIT.success;
}
