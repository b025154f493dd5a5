/**
 * AWS Organizations: the organization stack (the SCP for the environments it governs, from their
 * own environment files, in the management account) and an environment's check of it (mode
 * "organization": the organization's SCP, read from that stack's outputs, must leave every road
 * the environment needs usable). Both judge the SCP with the IAM evaluator over the road
 * catalogue the policy pack uses (policy/roads.ts), and both say which account they run in and
 * stop in the wrong one before anything is declared.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { callerAccount, callerOrganization } from "../aws/accounts";
import { assertAwsCredentials } from "../aws/credentials";
import { ModelAllowList } from "../components/modelAllowList/modelAllowList";
import { UseCaseFormSubmission } from "../components/useCaseForm/useCaseForm";
import { allowListPolicyText } from "../components/modelAllowList/allowListDocument";
import type { Road } from "../policy/roads";
import { keysOf } from "../settings/keys";
import {
    type EnvironmentNeeds,
    type OrganizationSettings,
    type OrganizationUnion,
    environmentRoadFacts,
    governedEnvironmentProblems,
    organizationUnion,
} from "../settings/organization";
import { type Settings, readEnvironmentSettings } from "../settings/settings";
import type { StackFileConfig } from "../settings/sources";
import { StackConfigError, key } from "./settings";

/** What the organization stack exports for its environments (output `organizationGuardrail`). */
export interface OrganizationGuardrailOutput {
    readonly scpDocument: string;
    readonly policyId: string;
    readonly allowedModels: readonly string[];
    readonly inferenceProfiles: readonly string[];
    readonly governs: readonly string[];
    readonly targetIds: readonly string[];
    readonly managementAccountId: string;
    /** The account the organization stack runs in (the management account, or a delegated administrator's). */
    readonly accountId: string;
}

/** The roads of an environment the SCP gets wrong: its needs denied, or (with every model of the organization as reviewed) another model left open. */
export async function scpFailures(scpDocument: string, settings: EnvironmentNeeds, organizationModels?: readonly string[]): Promise<Road[]> {
    // Loaded here, not at start-up: only organization stacks and environments under one evaluate (about 0.8 s of loading).
    const [{ evaluateGuardrail }, { roadCatalogue }] = await Promise.all([import("../policy/guardrailEvaluation"), import("../policy/roads")]);
    const roads = roadCatalogue(environmentRoadFacts(settings, organizationModels ?? settings.modelAllowList));
    // Without the organization's models, only what this environment needs is asked: another environment's model may stay open.
    const asked = organizationModels === undefined ? roads.filter((r) => r.must === "usable") : roads;
    const decisions = await evaluateGuardrail(JSON.parse(scpDocument) as object, "scp", asked);
    return decisions.filter((d) => !d.holds).map((d) => d.road);
}

/** The environments' files, read with the program's rules; each problem names the file. */
export function governedEnvironments(
    settings: OrganizationSettings,
    project: string,
    stack: string,
    dir = process.cwd(),
): { environments: Map<string, Settings>; problems: string[] } {
    const environments = new Map<string, Settings>();
    const problems: string[] = [];
    for (const environment of settings.governs) {
        const file = path.join(dir, `Pulumi.${environment}.yaml`);
        if (!existsSync(file)) {
            problems.push(`${key("organization")}.governs lists ${environment}, but there is no Pulumi.${environment}.yaml beside Pulumi.yaml.`);
            continue;
        }
        const read = readEnvironmentSettings((yaml.load(readFileSync(file, "utf8")) ?? {}) as StackFileConfig, project, environment);
        problems.push(...read.problems.map((p) => `Pulumi.${environment}.yaml: ${p}`));
        problems.push(...governedEnvironmentProblems(environment, read.settings, stack, keysOf(project)));
        environments.set(environment, read.settings);
    }
    return { environments, problems };
}

/** The organization stack's reads before anything is declared: its account and organization, and its environments' files. */
export async function organizationPreflight(
    settings: OrganizationSettings,
): Promise<{ union: OrganizationUnion; environments: Map<string, Settings>; account: string; managementAccountId: string }> {
    const stack = pulumi.getStack();
    const { environments, problems } = governedEnvironments(settings, pulumi.getProject(), stack);
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    await assertAwsCredentials(settings.region, settings.awsProfile);
    const [account, organization] = await Promise.all([
        callerAccount(settings.region, settings.awsProfile),
        callerOrganization(settings.region, settings.awsProfile).catch((err: Error & { name?: string }) => {
            throw new StackConfigError([
                `The organization stack could not read its organization (${err.name ?? "Error"}: ${err.message}): its identity (aws:profile) ` +
                    "needs organizations:DescribeOrganization (docs/deployer-permissions.md). Nothing was changed.",
            ]);
        }),
    ]);
    if (organization === undefined) {
        throw new StackConfigError([
            `The organization stack runs in account ${account}, which belongs to no AWS organization: run it with the management account's identity (aws:profile).`,
        ]);
    }
    if (account !== organization.managementAccountId && !settings.delegatedAdministrator) {
        throw new StackConfigError([
            `The organization stack runs in account ${account}, a member of ${organization.id}, not its management account ` +
                `${organization.managementAccountId}: run it with the management account's identity (aws:profile), or, as a delegated ` +
                `administrator for AWS Organizations, set ${key("organization")}.delegatedAdministrator to true. Nothing was changed.`,
        ]);
    }
    pulumi.log.info(
        `The organization stack runs in account ${account} (${account === organization.managementAccountId ? "the management account" : "a delegated administrator"} ` +
            `of ${organization.id}) and governs ${settings.governs.join(", ")}, whose files it read.`,
    );
    return { union: organizationUnion([...environments.values()]), environments, account, managementAccountId: organization.managementAccountId };
}

/**
 * The models and profiles the runner asks the organization stack to keep allowing for one run
 * (BEDROCK_MODEL_ACCESS_KEEP_ALLOWED, JSON {"models": [...], "profiles": [...]}): what it allowed
 * before, while the environments that stop using them are deployed (runner/organizationOrder.ts).
 */
function keptForThisRun(): { models: string[]; profiles: string[] } {
    const raw = process.env.BEDROCK_MODEL_ACCESS_KEEP_ALLOWED;
    if (raw === undefined || raw === "") {
        return { models: [], profiles: [] };
    }
    const parsed = JSON.parse(raw) as { models?: string[]; profiles?: string[] };
    return { models: parsed.models ?? [], profiles: parsed.profiles ?? [] };
}

/**
 * The organization stack: one SCP for the union of its environments' needs, attached to its
 * targets, evaluated at preview against every environment's roads; nothing of a workload account.
 */
export async function declareOrganization(settings: OrganizationSettings) {
    const { union, environments, account, managementAccountId } = await organizationPreflight(settings);
    const kept = keptForThisRun();
    const profiles = [
        ...union.profiles,
        ...kept.profiles
            .filter((id) => !union.profiles.some((p) => p.inferenceProfileId === id))
            .map((id) => ({ inferenceProfileId: id, modelId: id.slice(id.indexOf(".") + 1) })),
    ];
    const extraAllowedModels = [...new Set([...union.models, ...kept.models])].filter((m) => !profiles.some((p) => p.modelId === m));
    if (kept.models.length + kept.profiles.length > 0) {
        pulumi.log.info(
            `Keeping ${[...kept.models, ...kept.profiles].join(", ")} allowed for this run, until the environments that stop using them are deployed.`,
        );
    }
    const input = {
        allowedModelIds: [...new Set([...profiles.map((p) => p.modelId), ...extraAllowedModels])].sort(),
        inferenceProfileIds: profiles.map((p) => p.inferenceProfileId),
        marketplaceProductIds: union.marketplaceProductIds,
        dataRetentionModes: union.dataRetentionModes,
        apiKeys: union.apiKeys,
        claudePlatform: union.claudePlatform,
    };
    const document = allowListPolicyText(input, "scp");
    // Each environment, under this SCP: everything it needs usable; every model outside the organization's denied.
    const problems: string[] = [];
    for (const [environment, env] of environments) {
        const failures = await scpFailures(document, env, input.allowedModelIds);
        problems.push(...failures.map((road) => `${environment}: the SCP gets "${road.summary}" wrong (it must be ${road.must}).`));
    }
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    pulumi.log.info(
        `The SCP allows ${input.allowedModelIds.join(", ")} and leaves every road of ${[...environments.keys()].join(", ")} as it must be (IAM evaluator).`,
    );
    const allowList = new ModelAllowList("organization-model-allow-list", {
        mode: "scp",
        inferenceProfileIds: profiles,
        extraAllowedModels,
        targetIds: settings.targetIds,
        marketplaceProductIds: union.marketplaceProductIds,
        dataRetentionModes: union.dataRetentionModes,
        apiKeys: union.apiKeys,
        claudePlatform: union.claudePlatform,
    });
    // Anthropic's use-case form, once for the organization, in each region its environments use.
    const form = settings.useCaseForm;
    const regions = [...new Set([...environments.values()].flatMap((e) => e.regions))].sort();
    if (form !== undefined) {
        for (const region of regions) {
            new UseCaseFormSubmission(`use-case-form-${region}`, { region, useCaseForm: form, awsProfile: settings.awsProfile });
        }
    }
    const output = pulumi.all([allowList.guardrailPolicy, allowList.document]).apply(
        ([policyId, scpDocument]): OrganizationGuardrailOutput => ({
            scpDocument,
            policyId,
            allowedModels: input.allowedModelIds,
            inferenceProfiles: input.inferenceProfileIds,
            governs: [...settings.governs],
            targetIds: [...settings.targetIds],
            managementAccountId,
            accountId: account,
        }),
    );
    return { organizationGuardrail: output, modelAllowList: allowList.modelAllowList, guardrailPolicy: allowList.guardrailPolicy };
}

/**
 * An environment in mode "organization": before anything is declared, the organization stack's
 * SCP (its outputs) must leave every road this environment needs usable, and the environment must
 * not run in the management account. Stops naming what to do otherwise.
 */
export async function checkOrganizationGuardrail(settings: EnvironmentNeeds): Promise<void> {
    const organizationStack = settings.modelGuardrail.organizationStack;
    if (settings.modelGuardrail.mode !== "organization" || organizationStack === undefined) {
        return;
    }
    const stack = pulumi.getStack();
    const reference = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${organizationStack}`);
    const details = await reference.getOutputDetails("organizationGuardrail");
    const guardrail = details.value as OrganizationGuardrailOutput | undefined;
    const deployFirst = `Deploy the organization stack first: \`npm run deploy -- ${organizationStack} up\` (it reads Pulumi.${stack}.yaml).`;
    if (guardrail === undefined || typeof guardrail.scpDocument !== "string") {
        throw new StackConfigError([
            `${key("modelGuardrail")}.organizationStack is ${organizationStack}, whose outputs have no organizationGuardrail: it is not deployed, or it is not an organization stack. ${deployFirst}`,
        ]);
    }
    const account = await callerAccount(settings.region, settings.awsProfile);
    if (account === guardrail.managementAccountId) {
        throw new StackConfigError([
            `${stack} runs in account ${account}, the organization's management account (AWS advises no workloads there, and SCPs do not apply to it). ` +
                "Run the environment with a member account's identity (aws:profile). Nothing was changed.",
        ]);
    }
    const problems: string[] = [];
    // Attached to accounts only (no OU or root, whose members a member account cannot list): this account must be one of them.
    if (guardrail.targetIds.length > 0 && guardrail.targetIds.every((t) => /^\d{12}$/.test(t)) && !guardrail.targetIds.includes(account)) {
        problems.push(
            `The organization's SCP (stack ${organizationStack}) is attached to ${guardrail.targetIds.join(", ")}, not to account ${account} where ${stack} runs: ` +
                `add it (or its OU) to ${key("organization")}.targetIds in Pulumi.${organizationStack}.yaml. ${deployFirst}`,
        );
    }
    if (!guardrail.governs.includes(stack)) {
        problems.push(
            `The organization stack ${organizationStack} does not govern ${stack}: add it to ${key("organization")}.governs in Pulumi.${organizationStack}.yaml. ${deployFirst}`,
        );
    }
    const denied = await scpFailures(guardrail.scpDocument, settings);
    if (denied.length > 0) {
        const missing = settings.modelAllowList.filter((m) => !guardrail.allowedModels.includes(m));
        problems.push(
            `The organization's SCP (stack ${organizationStack}, policy ${guardrail.policyId}) denies what ${stack} needs: ` +
                `${denied.map((r) => r.summary).join("; ")}.` +
                (missing.length > 0 ? ` It does not allow ${missing.join(", ")}.` : "") +
                ` ${deployFirst} Nothing was changed.`,
        );
    }
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    pulumi.log.info(
        `${stack} runs in account ${account}; the organization's SCP (stack ${organizationStack}) leaves every road it needs usable (IAM evaluator).`,
    );
}
