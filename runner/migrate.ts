/**
 * Moves an environment to the next model without downtime, on the deploy runner (same preflight,
 * policy gate, exit codes and progress):
 *
 *   npm run migrate -- <environment> --to <profileId> [--yes | --print] [--product-id <model>=<prod-id>]
 *   npm run migrate -- <environment> --finish [--grace <minutes>] [--yes | --print]
 *
 * 1 check the target, 2 add it as a second profile (access, guardrail and grants for both; one
 * real call proves it), 3 switch the backend's parameters to it (proved again), 4 retire the old
 * profile (--finish). Each step writes Pulumi.<env>.yaml (shown first; written with --yes or after
 * typing the environment's name; printed for a pull request with --print) and runs `up`; running
 * the command again continues where it stopped. Exit codes are the runner's (runner/args.ts).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { resolveInferenceProfile } from "../bedrock/inferenceProfiles";
import { PRODUCT_ID_PATTERN, type ProductIdTable, knownMarketplaceProductIds, parseProfileId } from "../bedrock/models";
import { modelIdParts, suggestTarget } from "../bedrock/modelFamilies";
import { bedrockClient, connectBedrock } from "../aws/bedrock";
import { EXIT, environmentsIn } from "./args";
import { type CliInstaller, installWithPulumi } from "./cli";
import { ProjectFileError, backendUrl, environmentFilePath, parseEnvironmentText, readProjectFile } from "./environmentFile";
import { type Settings, readEnvironmentSettings } from "../settings/settings";
import type { InferenceEndpoint } from "../bedrock/endpoints";
import { type MigrationRecord, NEXT_STEP, type Phase, type Standing, type Step, afterStep, describeChange, rewriteEnvironment, standing } from "./migration";
import { keptLockMessage, releaseStaleLocks } from "./staleLock";
import { assertAwsCredentials } from "../aws/credentials";
import { type Confirm, askOnTerminal, deploy } from "./deploy";
import { catalog } from "./models";
import { verifyAccess } from "./verifyAccess";

const REPO_ROOT = path.resolve(__dirname, "..");

export const MIGRATE_USAGE = [
    "Usage: npm run migrate -- <environment> --to <profileId> [--yes | --print] [--product-id <modelId>=<prod-id>] [--project <dir>] [--policy-config <file>]",
    "       npm run migrate -- <environment> --finish [--grace <minutes>] [--yes | --print] [--project <dir>] [--policy-config <file>]",
    "",
    "Moves an environment to another system-defined inference profile in four steps: check the target, add it",
    "beside the current one (proved with one real call), switch the backend's parameters to it (proved again),",
    "and with --finish retire the old one. Each step shows its change to Pulumi.<environment>.yaml and writes it",
    "with --yes or once you type the environment's name; --print prints the file for a pull request instead.",
    "--finish after the switch retires the old profile (with --to in the same run, after --grace minutes).",
    "Running the command again continues where it stopped.",
].join("\n");

type Print = (text: string) => void;

/** The model a profile ID routes to (the ID itself when it is none). */
const modelOf = (profileId: string): string => parseProfileId(profileId)?.modelId ?? profileId;

interface MigrateOptions {
    readonly environment: string;
    readonly target?: string;
    readonly yes: boolean;
    readonly print: boolean;
    readonly finish: boolean;
    readonly graceMinutes: number;
    readonly productIds: ProductIdTable;
    readonly projectDir: string;
    readonly policyConfig?: string;
}

const MIGRATE_OPTIONS = {
    to: { type: "string" },
    yes: { type: "boolean", short: "y" },
    print: { type: "boolean" },
    finish: { type: "boolean" },
    grace: { type: "string" },
    "product-id": { type: "string", multiple: true },
    project: { type: "string" },
    "policy-config": { type: "string" },
} as const;

function parseMigrateArgs(argv: readonly string[]): MigrateOptions | { error: string } {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof MIGRATE_OPTIONS; allowPositionals: true; strict: true }>>;
    try {
        parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: MIGRATE_OPTIONS });
    } catch (err) {
        return { error: `${(err as Error).message}\n\n${MIGRATE_USAGE}` };
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
        return { error: `Name one environment.\n\n${MIGRATE_USAGE}` };
    }
    if (values.to === undefined && !values.finish) {
        return { error: `Give the target with --to <profileId>, or --finish to retire the old profile.\n\n${MIGRATE_USAGE}` };
    }
    if (values.yes && values.print) {
        return { error: "--yes writes the file and deploys; --print only prints the file. Give one." };
    }
    const grace = values.grace === undefined ? 0 : Number(values.grace);
    if (!Number.isFinite(grace) || grace < 0) {
        return { error: `--grace must be a number of minutes, got ${JSON.stringify(values.grace)}.` };
    }
    if (values.grace !== undefined && !values.finish) {
        return { error: "--grace is the wait before --finish retires the old profile; give --finish too." };
    }
    const productIds: Record<string, string> = {};
    for (const entry of values["product-id"] ?? []) {
        const [modelId, productId] = entry.split("=");
        if (modelId === undefined || productId === undefined || !PRODUCT_ID_PATTERN.test(productId)) {
            return { error: `--product-id takes <modelId>=<prod-id>, such as anthropic.claude-sonnet-5=prod-abcd1234efgh, got "${entry}".` };
        }
        productIds[modelId] = productId;
    }
    return {
        environment: positionals[0],
        target: values.to,
        yes: values.yes ?? false,
        print: values.print ?? false,
        finish: values.finish ?? false,
        graceMinutes: grace,
        productIds,
        projectDir: path.resolve(values.project ?? REPO_ROOT),
        policyConfig: values["policy-config"],
    };
}

/** The environment file's migration-relevant settings, under the project's keys. */
interface EnvironmentView {
    readonly text: string;
    /** The environment's settings, read with the program's rules (settings/). */
    readonly settings: Settings;
    /** What the program would refuse in the file; migrate stops on them before any AWS call. */
    readonly problems: readonly string[];
    readonly region: string;
    readonly awsProfile?: string;
    /** The profile IDs, in order. */
    readonly profiles: string[];
    readonly record?: MigrationRecord;
    readonly productIds: ProductIdTable;
    readonly extraRegions: readonly string[];
    readonly endpoints: readonly InferenceEndpoint[];
    readonly revokeOnDestroy: boolean;
}

/** An environment file as migrate works on it: its text, and its settings as the program reads them. */
export function readEnvironment(file: string, environment: string, project: string): EnvironmentView {
    const text = readFileSync(file, "utf8");
    const { settings, problems } = readEnvironmentSettings(parseEnvironmentText(text, environment), project, environment);
    return {
        text,
        settings,
        problems,
        region: settings.region,
        awsProfile: settings.awsProfile,
        profiles: settings.inferenceProfiles.map((p) => p.inferenceProfileId),
        record: settings.migration,
        productIds: settings.marketplaceProductIds,
        extraRegions: settings.extraModelAccessRegions,
        endpoints: settings.inferenceEndpoints,
        revokeOnDestroy: settings.revokeOnDestroy,
    };
}

/**
 * Step 1: the target is a system-defined profile Bedrock serves from the source region, Active,
 * not Legacy nor past its end of life, with a known Marketplace product ID. Returns the problem,
 * with what to choose instead, or undefined.
 */
async function targetProblem(target: string, current: string, view: EnvironmentView, extraProductIds: ProductIdTable): Promise<string | undefined> {
    const instead = async (): Promise<string> => {
        const provider = modelIdParts(modelOf(current)).provider;
        const rows = await catalog(view.region, provider, view.awsProfile).then(
            (c) => c.rows,
            () => [],
        );
        const suggestion = suggestTarget(rows, current);
        return suggestion === undefined
            ? ` \`npm run models -- --region ${view.region}\` lists the profiles usable from ${view.region}.`
            : ` Choose instead ${suggestion.inferenceProfileId} (${suggestion.modelId}, the newest Active model of its family in ${view.region}; \`npm run models -- --region ${view.region}\` lists all).`;
    };
    let modelId: string;
    try {
        modelId = resolveInferenceProfile(target, view.region, "--to").modelId;
    } catch (err) {
        return `${(err as Error).message}${await instead()}`;
    }
    const { client, sdk } = await bedrockClient(view.region, view.awsProfile);
    try {
        const profile = await client.send(new sdk.GetInferenceProfileCommand({ inferenceProfileIdentifier: target }));
        if (profile.type !== "SYSTEM_DEFINED" || profile.status !== "ACTIVE") {
            return `${target} in ${view.region} is ${profile.type ?? "of no type"} and ${profile.status ?? "without status"}; the target must be an ACTIVE system-defined profile.${await instead()}`;
        }
    } catch (err) {
        if ((err as { name?: string }).name === "ResourceNotFoundException") {
            return `Bedrock serves no inference profile ${target} from ${view.region}.${await instead()}`;
        }
        throw err;
    }
    const lifecycle = await (await connectBedrock(view.region, view.awsProfile)).getLifecycle(modelId);
    if (lifecycle === undefined) {
        return `Bedrock does not offer ${modelId} in ${view.region}.${await instead()}`;
    }
    if (lifecycle.endOfLifeTime !== undefined && Date.parse(lifecycle.endOfLifeTime) <= Date.now()) {
        return `${modelId} reached its end of life on ${lifecycle.endOfLifeTime.slice(0, 10)}; it cannot be enabled.${await instead()}`;
    }
    if (lifecycle.status === "LEGACY") {
        const eol = lifecycle.endOfLifeTime === undefined ? "" : ` (end of life ${lifecycle.endOfLifeTime.slice(0, 10)})`;
        return `${modelId} is Legacy in ${view.region}${eol}: moving to it would mean moving again soon.${await instead()}`;
    }
    const { unknown } = knownMarketplaceProductIds([modelId], { ...view.productIds, ...extraProductIds });
    if (unknown.length > 0) {
        return (
            `No AWS Marketplace product ID is known for ${modelId}; the guardrail and the deployer policy need it. Give it with ` +
            `--product-id ${modelId}=<prod-id> (the Bedrock user guide's table of product IDs lists it); it is recorded in marketplaceProductIds.`
        );
    }
    return undefined;
}

const STEP_TEXT: Readonly<Record<Step, (s: Standing) => string>> = {
    add: (s) => `${s.to} becomes a second profile: model access for its model, the guardrail widened to both models, the application's roles granted both.`,
    switch: (s) => `${s.to} becomes the main profile: the backend's SSM parameters and the stack's outputs name it; ${s.from} stays granted.`,
    retire: (s) => `${s.from} is removed: the guardrail narrows to ${s.to}'s model only, and its invoke policy is deleted.`,
};

/**
 * The steps of a migration, by name. Each runs once it is reached and returns the next step's
 * name, or the exit code to stop with: check -> (print | resume) -> add -> switch -> retire.
 */
type StepName = "check" | "print" | "resume" | "add" | "switch" | "retire";

/** One run of `npm run migrate`: the environment as read, where it stands, and the step functions. */
class MigrationRun {
    private view: EnvironmentView;
    private current: Standing;
    private outputs: OutputMap = {};
    private readonly file: string;
    private readonly runnerArgs: string[];

    constructor(
        private readonly options: MigrateOptions,
        private readonly project: string,
        private readonly backend: string,
        view: EnvironmentView,
        current: Standing,
        private readonly print: Print,
        private readonly confirm: Confirm,
        private readonly installCli: CliInstaller,
    ) {
        this.view = view;
        this.current = current;
        this.file = environmentFilePath(options.projectDir, options.environment);
        this.runnerArgs = [
            "--project",
            options.projectDir,
            ...(options.policyConfig === undefined ? [] : ["--policy-config", path.resolve(options.policyConfig)]),
        ];
    }

    private readonly steps: Readonly<Record<StepName, () => Promise<StepName | number>>> = {
        /** Step 1: the target is usable from the region (skipped once the target is the main profile). */
        check: async () => {
            const { current, view } = this;
            if (current.phase === "start" || current.phase === "added") {
                try {
                    await assertAwsCredentials(view.region, view.awsProfile);
                } catch (err) {
                    this.print(`${(err as Error).message}\n`);
                    return EXIT.prerequisiteMissing;
                }
                const problem = await targetProblem(current.to, current.from, view, this.options.productIds);
                if (problem !== undefined) {
                    this.print(`Step 1 of 4 (check): ${problem}\nNothing was changed (exit code ${EXIT.configurationError}).\n`);
                    return EXIT.configurationError;
                }
                this.print(`Step 1 of 4 (check): ${current.to} is an Active system-defined profile served from ${view.region}, for ${modelOf(current.to)}.\n`);
            }
            return this.options.print ? "print" : "resume";
        },
        /** For a pull request: the next step's file only; the pipeline's `migrate --yes` deploys it and goes on. */
        print: async () => {
            const { current } = this;
            const environment = this.options.environment;
            if (current.phase === "switched" && !this.options.finish) {
                this.print(
                    `Pulumi.${environment}.yaml is at step 3 of 4; the next change is \`npm run migrate -- ${environment} --finish --print\` (retire ${current.from}).\n`,
                );
                return EXIT.success;
            }
            if (current.phase === "retiring") {
                return this.close();
            }
            const { step, number } = NEXT_STEP[current.phase as keyof typeof NEXT_STEP];
            return (await this.write(step, number)) ?? EXIT.success;
        },
        /** A run stopped after writing a step's file resumes with that step's up (a no-op if it finished). */
        resume: async () => {
            const resume: Partial<Record<Phase, number>> = { added: 2, switched: 3, retiring: 4 };
            const resumed = resume[this.current.phase];
            if (resumed !== undefined) {
                this.print(
                    `\nPulumi.${this.options.environment}.yaml is at step ${resumed} of 4 (migration from ${this.current.from} to ${this.current.to}); deploying it to continue.\n`,
                );
                // Steps 2 and 3 are proved again; step 4 only removes what is no longer called.
                const code = (await this.up(resumed)) || (resumed < 4 ? await this.prove(resumed) : EXIT.success);
                if (code !== EXIT.success) {
                    return code;
                }
            }
            return "add";
        },
        /** Step 2: the target beside the current profile, deployed and proved. */
        add: async () => (this.current.phase === "start" ? ((await this.advance("start")) ?? "switch") : "switch"),
        /** Step 3: the backend's parameters name the target, deployed and proved. */
        switch: async () => (this.current.phase === "added" ? ((await this.advance("added")) ?? "retire") : "retire"),
        /** Step 4 (--finish, after --grace): the old profile retired, then the record removed. */
        retire: async () => {
            const { current, options } = this;
            if (current.phase === "retiring") {
                return (await this.close()) || this.retired();
            }
            if (!options.finish) {
                this.print(
                    `\nNext, once the backend has picked up ${current.to}: \`npm run migrate -- ${options.environment} --finish\` retires ${current.from} (step 4 of 4).\n`,
                );
                return EXIT.success;
            }
            for (let left = options.graceMinutes; left > 0; left--) {
                this.print(`Waiting ${left} more minute(s) before retiring ${current.from} (--grace); stopping now and running --finish later is safe.\n`);
                await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1) * 60_000));
            }
            const stopped = await this.write("retire", 4);
            if (stopped !== undefined) {
                return stopped;
            }
            return (await this.up(4)) || (await this.close()) || this.retired();
        },
    };

    async run(): Promise<number> {
        let step: StepName = "check";
        for (;;) {
            const next: StepName | number = await this.steps[step]();
            if (typeof next === "number") {
                return next;
            }
            step = next;
        }
    }

    /** Steps 2 and 3: write the file, deploy it, prove the target; undefined when done, else the exit code. */
    private async advance(phase: "start" | "added"): Promise<number | undefined> {
        const { step, number } = NEXT_STEP[phase];
        const stopped = await this.write(step, number);
        if (stopped !== undefined) {
            return stopped;
        }
        const code = (await this.up(number)) || (await this.prove(number));
        if (code !== EXIT.success) {
            return code;
        }
        this.print(
            number === 2
                ? `Step 2 done: both models are allowed and granted, and ${this.current.to} answered. Next: step 3 switches the backend to it.\n`
                : `Step 3 done: the backend's parameters and the outputs name ${this.current.to}; ${this.current.from} stays usable until it is retired.\n`,
        );
        return undefined;
    }

    /** `up` through the runner (a killed earlier run's stale lock released, and its interrupted creates read back first). */
    private async up(stepNumber: number): Promise<number> {
        const environment = this.options.environment;
        const { released, kept } = releaseStaleLocks(this.backend, this.project, environment);
        for (const lock of kept) {
            this.print(`${keptLockMessage(lock)}\n`);
        }
        if (released.length > 0) {
            this.print(
                `Released the lock of an earlier run that was stopped (pid ${released.map((r) => r.pid).join(", ")}); reading back what it left first.\n`,
            );
            const refreshed = await deploy([environment, "refresh", ...this.runnerArgs], this.print, this.confirm, this.installCli);
            if (refreshed !== EXIT.success) {
                return refreshed;
            }
        }
        // Under an organization stack its SCP widens before step 2 adds the target, and narrows after step 4 retires the old profile.
        const organization = this.view.settings.modelGuardrail.mode === "organization" ? this.view.settings.modelGuardrail.organizationStack : undefined;
        if (organization !== undefined && stepNumber === 2) {
            const widened = await this.upOrganization(organization, stepNumber, "before");
            if (widened !== EXIT.success) {
                return widened;
            }
        }
        const code = await deploy([environment, "up", ...this.runnerArgs], this.print, this.confirm, this.installCli, {
            onOutputs: (_, o) => (this.outputs = o),
        });
        if (code === EXIT.success && organization !== undefined && stepNumber === 4) {
            return this.upOrganization(organization, stepNumber, "after");
        }
        if (code !== EXIT.success) {
            this.print(`\nMigration stopped in step ${stepNumber} of 4 (exit code ${code}); fix the cause and run the same command again to continue.\n`);
        }
        return code;
    }

    /** The organization stack's `up`, which reads this environment's file as it now is. */
    private async upOrganization(organization: string, stepNumber: number, when: "before" | "after"): Promise<number> {
        this.print(
            `\nStep ${stepNumber}: the organization stack ${organization} runs ${when} ${this.options.environment}, so its SCP ` +
                `${when === "before" ? "allows the target before the environment uses it" : "stops allowing the old profile once no environment uses it"}.\n`,
        );
        const code = await deploy([organization, "up", ...this.runnerArgs], this.print, this.confirm, this.installCli);
        if (code !== EXIT.success) {
            this.print(
                `\nMigration stopped in step ${stepNumber} of 4 at the organization stack ${organization} (exit code ${code}); fix the cause and run the same command again.\n`,
            );
        }
        return code;
    }

    /** One real call through the target (whatever verifyInvoke says), as the deployer. */
    private async prove(stepNumber: number): Promise<number> {
        const { view, current } = this;
        const applicationProfiles = (this.outputs.applicationInferenceProfileArns?.value ?? {}) as Record<string, string>;
        try {
            const lines = await verifyAccess({
                region: view.region,
                inferenceProfileId: current.to,
                modelId: modelOf(current.to),
                accessRegions: [view.region, ...view.extraRegions],
                awsProfile: view.awsProfile,
                invoke: true,
                endpoints: view.endpoints,
                invokeModelId: applicationProfiles[current.to],
            });
            this.print(`${lines.map((l) => `  ${l}`).join("\n")}\n`);
            return EXIT.success;
        } catch (err) {
            this.print(
                `${(err as Error).message}\nMigration stopped in step ${stepNumber} of 4: ${current.to} does not answer yet; the backend still uses what it used. Run the same command again once it does.\n`,
            );
            return EXIT.deploymentFailed;
        }
    }

    /** Whether the user said to go on (--yes, or the environment's name typed); else the exit code of stopping. */
    private async told(what: string, number: number): Promise<number | undefined> {
        const environment = this.options.environment;
        if (this.options.yes) {
            return undefined;
        }
        const answer = await this.confirm(`Type the environment's name (${environment}) to ${what}: `);
        if (answer === undefined) {
            this.print(
                `Stopped: step ${number} needs --yes when there is no terminal to confirm on (or --print to get the file for a pull request); ` +
                    `nothing was changed (exit code ${EXIT.configurationError}).\n`,
            );
            return EXIT.configurationError;
        }
        if (answer.trim() !== environment) {
            this.print(`Stopped: "${answer.trim()}" is not ${environment}; nothing was changed (exit code ${EXIT.configurationError}).\n`);
            return EXIT.configurationError;
        }
        return undefined;
    }

    /** The end of step 4, once its up has succeeded: the migration record leaves the file (it changes no resource). */
    private async close(): Promise<number> {
        const environment = this.options.environment;
        const text = rewriteEnvironment(this.view.text, this.project, { profiles: this.view.profiles });
        if (this.options.print) {
            this.print(`\n--- Pulumi.${environment}.yaml after step 4 ---\n${text}--- end ---\n`);
            return EXIT.success;
        }
        const refused = await this.told(`remove the finished migration record from Pulumi.${environment}.yaml`, 4);
        if (refused !== undefined) {
            return refused;
        }
        writeFileSync(this.file, text);
        this.view = readEnvironment(this.file, environment, this.project);
        this.print(`Removed the migration record from Pulumi.${environment}.yaml; it changes no resource, so there is nothing more to deploy.\n`);
        return EXIT.success;
    }

    /** Shows a step's change to the file and writes it when told to; undefined when it was written. */
    private async write(step: Step, number: number): Promise<number | undefined> {
        const { options, current } = this;
        const environment = options.environment;
        const after = afterStep(step, this.view.profiles, current);
        const productIds = step === "add" ? options.productIds : {};
        const text = rewriteEnvironment(this.view.text, this.project, { ...after, productIds });
        this.print(
            `\nStep ${number} of 4 (${step}): ${STEP_TEXT[step](current)}\nPulumi.${environment}.yaml:\n${describeChange(step, this.view, after).join("\n")}\n`,
        );
        if (options.print) {
            this.print(
                `\n--- Pulumi.${environment}.yaml after step ${number} ---\n${text}--- end ---\nCommit it; then \`npm run migrate -- ${environment} ${options.target === undefined ? "--finish" : `--to ${current.to}`} --yes\` deploys it and continues.\n`,
            );
            return EXIT.success;
        }
        const refused = await this.told(`write Pulumi.${environment}.yaml and deploy step ${number}`, number);
        if (refused !== undefined) {
            return refused;
        }
        writeFileSync(this.file, text);
        this.view = readEnvironment(this.file, environment, this.project);
        this.current = standing(this.view.profiles, this.view.record, current.to, environment);
        return undefined;
    }

    /** Step 4's end, whether it ran now or in an earlier, stopped run. */
    private retired(): number {
        const { current, view } = this;
        this.print(
            `Step 4 done: ${this.options.environment} calls ${current.to} only; the guardrail allows ${modelOf(current.to)} alone. The agreement for ` +
                `${modelOf(current.from)} is ${view.revokeOnDestroy ? "deleted (revokeOnDestroy), where this stack created it" : "left in place (revokeOnDestroy is false)"}.\n`,
        );
        return EXIT.success;
    }
}

/** `npm run migrate`: reads the arguments and the environment, then runs the steps from where the file stands. */
export async function migrate(
    argv: readonly string[],
    print: Print = (t) => process.stdout.write(t),
    confirm: Confirm = askOnTerminal,
    installCli: CliInstaller = installWithPulumi,
): Promise<number> {
    const options = parseMigrateArgs(argv);
    if ("error" in options) {
        print(`${options.error}\n`);
        return EXIT.configurationError;
    }
    const { environment, projectDir } = options;
    // The name is checked against the project's environment files before any path is built from
    // it: "x/../../elsewhere/victim" is no environment, whatever file it would reach.
    const known = existsSync(projectDir) ? environmentsIn(readdirSync(projectDir)) : [];
    const file = environmentFilePath(projectDir, environment);
    if (!known.includes(environment) || !existsSync(file)) {
        print(`Unknown environment "${environment}" (no Pulumi.${environment}.yaml in ${projectDir}). Known environments: ${known.join(", ") || "none"}.\n`);
        return EXIT.configurationError;
    }
    let project: string;
    let backend: string;
    let view: EnvironmentView;
    try {
        project = readProjectFile(projectDir).name;
        backend = backendUrl(projectDir);
        view = readEnvironment(file, environment, project);
    } catch (err) {
        print(`${err instanceof ProjectFileError ? err.message : String(err)}\n`);
        return EXIT.configurationError;
    }
    if (view.problems.length > 0) {
        print(
            `Pulumi.${environment}.yaml has ${view.problems.length === 1 ? "a problem" : `${view.problems.length} problems`} the stack would refuse; nothing was changed:\n  - ${view.problems.join("\n  - ")}\n`,
        );
        return EXIT.configurationError;
    }
    let current: Standing;
    try {
        current = standing(view.profiles, view.record, options.target, environment);
    } catch (err) {
        print(`${(err as Error).message}\n`);
        return EXIT.configurationError;
    }
    if (current.phase === "done") {
        print(`${environment} already calls ${current.to} as its main profile; nothing to migrate.\n`);
        return EXIT.success;
    }
    return new MigrationRun(options, project, backend, view, current, print, confirm, installCli).run();
}
