/**
 * What the program reads from AWS before it declares anything, so a problem stops the preview
 * (and an up) with no sibling half-created: the identity's credentials, each model's lifecycle in
 * each region (one GetFoundationModel per model and region, all at once: a model that reached its
 * end of life between preview and up stops the update), another invocation-logging configuration
 * in a region the stack would log, each region's data-retention mode where the stack does not
 * manage it (a model that cannot run under it stops the preview), and, with bedrock-mantle among
 * the endpoints, its live model list in the stack's region; where a model is hidden or a program is
 * accepted, the account's trusted-access programs.
 */
import * as pulumi from "@pulumi/pulumi";
import { connectBedrock } from "../aws/bedrock";
import { assertAwsCredentials } from "../aws/credentials";
import { readMantleRegion } from "../aws/mantleCatalog";
import { listTrustedAccessPrograms } from "../aws/trustedAccess";
import { type TrustedAccessProgram, acceptedProgramDecision, hiddenModelProblem, programsNaming } from "../bedrock/trustedAccess";
import { dataRetentionProblems } from "../bedrock/dataRetention";
import { type MantleRegionRead, mantleServingProblem, otherMantleRegions } from "../bedrock/mantleServing";
import { partitionOf } from "../bedrock/models";
import { endOfLifeProblem } from "../components/modelAccess/lifecycleMessages";
import { checkOrganizationGuardrail } from "./organization";
import { isOwnLogBucket, logBucketPrefixFor, logGroupNameFor } from "./environmentNames";
import { type PlannedAccess, planModelAccess } from "./modelAccessPlan";
import { StackConfigError, type StackSettings, key } from "./settings";

export interface Preflight {
    /** One ModelAccess per model and region, shared by the profiles that need it. */
    readonly plan: readonly PlannedAccess[];
    /** The trusted-access programs the stack accepts, as the account sees them (each approved, or enrolled already). */
    readonly acceptedPrograms: readonly TrustedAccessProgram[];
    /** Each region's data-retention mode as read, where the stack does not manage it; undefined where it does. */
    readonly currentRetentionModes?: Readonly<Record<string, string>>;
}

export async function preflight(settings: StackSettings): Promise<Preflight> {
    await assertAwsCredentials(settings.region, settings.awsProfile);
    // Under an organization stack: its SCP must leave this environment's roads usable, and this must be a member account.
    await checkOrganizationGuardrail(settings);
    const plan = planModelAccess(settings.inferenceProfiles, settings.region, settings.extraModelAccessRegions, settings.mantleOnlyModels);
    const hidden = await assertNoRetiredModels(plan, settings.awsProfile);
    const { programs: acceptedPrograms, enrolling } = await checkTrustedAccess(settings, hidden);
    await checkInvocationLogging(settings);
    const currentRetentionModes = settings.dataRetentionMode === undefined ? await checkCurrentRetention(settings) : undefined;
    await checkMantleServing(settings, currentRetentionModes, enrolling);
    return { plan, acceptedPrograms, currentRetentionModes };
}

/**
 * Trusted-access programs, read only where they matter: a model the account cannot see (Bedrock
 * hides gated models until participation allows them), or a program the configuration accepts.
 * A hidden model a program names stops the preview with what to do (apply, or accept the terms
 * with the key); an accepted program that is not approved, disabled or revoked stops it too.
 * Returns the accepted programs, each to be enrolled (or enrolled already), and the hidden models
 * the update's enrollments will make visible.
 */
async function checkTrustedAccess(
    settings: StackSettings,
    hidden: readonly PlannedAccess[],
): Promise<{ programs: TrustedAccessProgram[]; enrolling: readonly string[] }> {
    const accepted = settings.acceptedTrustedAccessPrograms;
    if (hidden.length === 0 && accepted.length === 0) {
        return { programs: [], enrolling: [] };
    }
    const acceptKey = key("acceptedTrustedAccessPrograms");
    let programs: TrustedAccessProgram[];
    try {
        programs = await listTrustedAccessPrograms(settings.region, settings.awsProfile);
    } catch (err) {
        const why = (err as Error).message;
        if (accepted.length > 0) {
            throw new StackConfigError([`${acceptKey} lists ${accepted.join(", ")}, but the account's trusted-access programs could not be read: ${why}`]);
        }
        pulumi.log.warn(
            `${hidden.map((a) => `${a.modelId} (${a.region})`).join(", ")} ${hidden.length === 1 ? "is" : "are"} not visible to this account, and ` +
                `whether a trusted-access program gates ${hidden.length === 1 ? "it" : "them"} could not be read: ${why}`,
        );
        return { programs: [], enrolling: [] };
    }
    const decisions = accepted.map((id) => acceptedProgramDecision(id, programs, acceptKey));
    const problems = [
        ...decisions.flatMap((d) => (d.kind === "stop" ? [d.problem] : [])),
        ...hidden.flatMap((a) => hiddenModelProblem(a.modelId, a.region, programs, accepted, acceptKey) ?? []),
    ];
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    const enrolling = decisions.flatMap((d) => (d.kind === "stop" ? [] : [d]));
    for (const d of enrolling) {
        const gates = hidden.filter((a) => programsNaming(a.modelId, [d.program]).length > 0).map((a) => a.modelId);
        pulumi.log.info(
            `Trusted-access program ${d.program.name} (${d.program.programId}, ${d.program.providerName}) is ${d.program.status} for this account` +
                (d.kind === "enroll"
                    ? `; the update enrolls it, accepting its terms (${d.program.detailsUrl}), as ${acceptKey} says`
                    : ` (${d.program.detailsUrl})`) +
                (gates.length > 0 ? `. It gates ${[...new Set(gates)].join(", ")}.` : "."),
        );
    }
    const toEnroll = enrolling.flatMap((d) => (d.kind === "enroll" ? [d.program] : []));
    return {
        programs: enrolling.map((d) => d.program),
        enrolling: [...new Set(hidden.filter((a) => programsNaming(a.modelId, toEnroll).length > 0).map((a) => a.modelId))],
    };
}

/**
 * With "mantle" among the endpoints: bedrock-mantle's live model list in aws:region must serve
 * each model the application calls there, under the retention mode calls will run under. A Region
 * without a bedrock-mantle endpoint is a fact to stop on; a list that cannot be read (permission,
 * throttling, network) is said and the preview goes on (the verification after up still proves it).
 * Only when a model is missing are bedrock-mantle's other Regions read, to say where it is served.
 */
async function checkMantleServing(
    settings: StackSettings,
    currentModes: Readonly<Record<string, string>> | undefined,
    enrolling: readonly string[],
): Promise<void> {
    // A gated model is hidden from bedrock-mantle's list too until this update enrolls the account:
    // the verification after the enrollment proves it there.
    const pending = settings.mantleModels.filter((m) => enrolling.includes(m));
    if (pending.length > 0) {
        pulumi.log.info(
            `${pending.join(", ")} ${pending.length === 1 ? "is" : "are"} hidden until the update enrolls this account; whether bedrock-mantle ` +
                `serves ${pending.length === 1 ? "it" : "them"} in ${settings.region} is proven by the verification after.`,
        );
    }
    const mantleModels = settings.mantleModels.filter((m) => !enrolling.includes(m));
    if (mantleModels.length === 0) {
        return;
    }
    const { region, awsProfile } = settings;
    const read = await readMantleRegion(region, awsProfile);
    if (read.kind === "unreadable") {
        pulumi.log.warn(
            `Could not read bedrock-mantle's model list in ${region}: ${read.reason}. Whether it serves ${mantleModels.join(", ")} ` +
                "is not checked before the update; the verification step proves it after.",
        );
        return;
    }
    const effectiveMode = settings.dataRetentionMode ?? currentModes?.[region];
    const keys = { endpoints: key("inferenceEndpoints"), dataRetention: key("dataRetention"), mantleOnlyModels: key("mantleOnlyModels") };
    const calls = mantleModels.map((modelId) => ({ modelId, mantleOnly: settings.mantleOnlyModels.includes(modelId) }));
    const judge = (elsewhere: Readonly<Record<string, MantleRegionRead>>) =>
        calls.flatMap((call) => mantleServingProblem(call, region, read, elsewhere, effectiveMode, keys) ?? []);
    if (judge({}).length === 0) {
        pulumi.log.info(`bedrock-mantle serves ${mantleModels.join(", ")} in ${region} (its model list, read now).`);
        return;
    }
    const partition = partitionOf(region);
    const others = otherMantleRegions(region, (r) => partitionOf(r) === partition);
    const reads = await Promise.all(others.map((r) => readMantleRegion(r, awsProfile)));
    throw new StackConfigError(judge(Object.fromEntries(others.map((r, i) => [r, reads[i]]))));
}

/** Stops on a model past its end of life; returns the planned models Bedrock does not show in their region (unknown there, or gated). */
async function assertNoRetiredModels(plan: readonly PlannedAccess[], awsProfile: string | undefined): Promise<PlannedAccess[]> {
    // One client per region, shared by that region's reads.
    const clients = new Map<string, ReturnType<typeof connectBedrock>>();
    const clientFor = (region: string) => clients.get(region) ?? clients.set(region, connectBedrock(region, awsProfile)).get(region)!;
    const reads = await Promise.all(
        plan.map(async (access) => {
            try {
                const lifecycle = await (await clientFor(access.region)).getLifecycle(access.modelId);
                return { problem: endOfLifeProblem(access.modelId, access.region, lifecycle), hidden: lifecycle === undefined };
            } catch {
                // Not readable now (permissions, network): ModelAccess reads it again and reports the cause.
                return { problem: undefined, hidden: false };
            }
        }),
    );
    const found = reads.flatMap((r) => r.problem ?? []);
    if (found.length > 0) {
        throw new StackConfigError(found);
    }
    return plan.filter((_, i) => reads[i].hidden);
}

/**
 * Stops before anything is declared when a region already logs elsewhere, unless
 * replaceExisting says to take it over. Destinations the stack itself writes are its own.
 */
async function assertNoOtherLogging(settings: StackSettings, regions: readonly string[], logGroupName: string, bucketPrefix: string): Promise<void> {
    const found = await Promise.all(
        regions.map(async (region) => {
            try {
                const current = await (await connectBedrock(region, settings.awsProfile)).getInvocationLogging();
                const ours = current === undefined || current.logGroupName === logGroupName || isOwnLogBucket(current.bucketName ?? "", bucketPrefix);
                return ours ? undefined : { region, ...current };
            } catch {
                // Not readable now (permissions): the deployer policy has the read; the up itself reports a refusal.
                return undefined;
            }
        }),
    );
    const others = found.filter((f): f is NonNullable<typeof f> => f !== undefined);
    if (others.length > 0 && !settings.invocationLogging?.replaceExisting) {
        throw new StackConfigError(
            others.map(
                (o) =>
                    `${o.region} already has model invocation logging (${[o.logGroupName && `log group ${o.logGroupName}`, o.bucketName && `bucket ${o.bucketName}`].filter(Boolean).join(", ")}), ` +
                    `which ${key("invocationLogging")} would replace: there is one configuration per account and region. Keep it and ` +
                    `remove invocationLogging from this stack, or let this stack replace it with \`pulumi config set --path --type bool ` +
                    `invocationLogging.replaceExisting true\` (whoever manages the other one should then stop).`,
            ),
        );
    }
}

/**
 * Before anything is declared: stops over another configuration in a region the stack would log
 * (reads only), or warns that nothing is logged when invocationLogging is not set.
 */
async function checkInvocationLogging(settings: StackSettings): Promise<void> {
    if (settings.invocationLogging === undefined) {
        pulumi.log.warn(
            `${key("invocationLogging")} is not set: Bedrock does not log this environment's model invocations (AWS's AI/ML security ` +
                "assessment, check BR-04). The policy pack's bedrock-invocation-logging fails this stack.",
        );
        return;
    }
    await assertNoOtherLogging(
        settings,
        settings.regions,
        logGroupNameFor(pulumi.getProject(), pulumi.getStack()),
        logBucketPrefixFor(pulumi.getProject(), pulumi.getStack()),
    );
}

/**
 * Reads each region's current mode, all regions at once; a region that cannot be read is reported
 * as such (and skipped by the checks).
 */
async function currentModes(regions: readonly string[], awsProfile: string | undefined): Promise<Record<string, string>> {
    const read = await Promise.all(
        regions.map(async (region) => {
            try {
                return (await (await connectBedrock(region, awsProfile)).getDataRetention()).mode as string;
            } catch (err) {
                return `unknown (${(err as Error).message.split(" (")[0]})`;
            }
        }),
    );
    return Object.fromEntries(regions.map((region, i) => [region, read[i]]));
}

/** Where the stack does not manage data retention: each region's mode, said in one line; a model it would refuse stops here. */
async function checkCurrentRetention(settings: StackSettings): Promise<Record<string, string>> {
    const modes = await currentModes(settings.regions, settings.awsProfile);
    const problems = dataRetentionProblems(settings.models, modes, key("dataRetention"));
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    pulumi.log.info(
        `Data retention is not managed by this stack (${key("dataRetention")} is not set): ` +
            `${settings.regions.map((r) => `${r} "${modes[r]}"`).join(", ")}. The policy pack's bedrock-data-retention-declared reports it.`,
    );
    return modes;
}
