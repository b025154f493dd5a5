/**
 * The dynamic provider behind ProgramEnrollment: the account's enrollment in one trusted-access
 * program, which the stack sets to `enabled` only because its configuration accepts the program's
 * terms (acceptedTrustedAccessPrograms). create records the enrollment it found (previousOptIn)
 * and enables it where it is not; read reports drift (observedOptIn) and never overwrites it;
 * delete leaves the enrollment as it is unless restoreOnDestroy, and then puts back only what this
 * stack changed (an enrollment that was already enabled is never opted out).
 */
import type { dynamic } from "@pulumi/pulumi";
import { getAccountEnrollment, putAccountEnrollment } from "../../aws/trustedAccess";
import { isValidRegion } from "../../bedrock/models";
import { type TrustedAccessOptIn, programIdProblem } from "../../bedrock/trustedAccess";
import { isUnknown } from "../modelAccess/inputs";
import { type Log, withProgress } from "../modelAccess/progress";
import { withoutUndefined } from "../modelAccess/state";

export interface ProgramEnrollmentInputs {
    readonly programId: string;
    /** The program's display name, for messages. */
    readonly programName: string;
    readonly region: string;
    readonly awsProfile?: string;
    /** Put the enrollment found back on destroy (the stack's revokeOnDestroy). */
    readonly restoreOnDestroy?: boolean;
    readonly resourceUrn?: string;
}

export interface ProgramEnrollmentState extends ProgramEnrollmentInputs {
    /** The account's stored enrollment before this resource enabled it ("unknown" after an interrupted create). */
    readonly previousOptIn: TrustedAccessOptIn | "unknown";
    /** The enrollment Bedrock reported at the last up or refresh. */
    readonly observedOptIn?: TrustedAccessOptIn;
}

/** Why the inputs cannot be applied, before any AWS call. */
export function programEnrollmentFailures(raw: Record<string, unknown>): dynamic.CheckFailure[] {
    const failures: dynamic.CheckFailure[] = [];
    if (!isUnknown(raw.programId)) {
        const problem = typeof raw.programId === "string" ? programIdProblem(raw.programId, "programId") : "programId must be a string.";
        if (problem !== undefined) {
            failures.push({ property: "programId", reason: problem });
        }
    }
    if (!isUnknown(raw.region) && (typeof raw.region !== "string" || !isValidRegion(raw.region))) {
        failures.push({ property: "region", reason: `region must be an AWS region such as us-east-1, got ${JSON.stringify(raw.region)}.` });
    }
    return failures;
}

async function check(_olds: Partial<ProgramEnrollmentInputs>, news: ProgramEnrollmentInputs): Promise<dynamic.CheckResult<ProgramEnrollmentInputs>> {
    const failures = programEnrollmentFailures(news as unknown as Record<string, unknown>);
    return failures.length > 0 ? { failures } : { inputs: news };
}

async function diff(_id: string, olds: ProgramEnrollmentState, news: ProgramEnrollmentInputs): Promise<dynamic.DiffResult> {
    const replaces = ["programId", "region"].filter(
        (k) =>
            isUnknown((news as unknown as Record<string, unknown>)[k]) ||
            (olds as unknown as Record<string, unknown>)[k] !== (news as unknown as Record<string, unknown>)[k],
    );
    // Drift a refresh saw: the next up enables it again (the stack's configuration still accepts the terms).
    const drifted = olds.observedOptIn !== undefined && olds.observedOptIn !== "enabled";
    const changes =
        replaces.length > 0 || drifted || olds.awsProfile !== news.awsProfile || (olds.restoreOnDestroy ?? false) !== (news.restoreOnDestroy ?? false);
    return { changes, replaces, deleteBeforeReplace: true };
}

async function ensureEnabled(inputs: ProgramEnrollmentInputs, log: Log): Promise<TrustedAccessOptIn> {
    const before = await getAccountEnrollment(inputs.region, inputs.awsProfile, inputs.programId);
    if (before === "enabled") {
        log(`This account is already enrolled in ${inputs.programName} (${inputs.programId}); nothing to set.`);
        return before;
    }
    await putAccountEnrollment(inputs.region, inputs.awsProfile, inputs.programId, "enabled");
    log(
        `Enrolled this account in ${inputs.programName} (${inputs.programId}), accepting its terms, as acceptedTrustedAccessPrograms says (it was "${before}").`,
    );
    return before;
}

async function create(inputs: ProgramEnrollmentInputs): Promise<dynamic.CreateResult<ProgramEnrollmentState>> {
    return withProgress(inputs.resourceUrn, async (log) => {
        const before = await ensureEnabled(inputs, log);
        return { id: `${inputs.region}/${inputs.programId}`, outs: withoutUndefined({ ...inputs, previousOptIn: before, observedOptIn: "enabled" as const }) };
    });
}

async function read(id: string, props?: ProgramEnrollmentState): Promise<dynamic.ReadResult<ProgramEnrollmentState>> {
    if (props === undefined || props.programId === undefined) {
        throw new Error(`ProgramEnrollment ${id} cannot be imported; list the program in acceptedTrustedAccessPrograms and let pulumi up record it.`);
    }
    return withProgress(props.resourceUrn, async (log) => {
        const current = await getAccountEnrollment(props.region, props.awsProfile, props.programId);
        if (current !== "enabled") {
            log(
                `This account's enrollment in ${props.programName} (${props.programId}) is "${current}", changed outside Pulumi; the next pulumi up enables it again.`,
            );
        }
        return { id, props: withoutUndefined({ ...props, previousOptIn: props.previousOptIn ?? "unknown", observedOptIn: current }) };
    });
}

async function update(_id: string, olds: ProgramEnrollmentState, news: ProgramEnrollmentInputs): Promise<dynamic.UpdateResult<ProgramEnrollmentState>> {
    return withProgress(news.resourceUrn, async (log) => {
        await ensureEnabled(news, log);
        return { outs: withoutUndefined({ ...news, previousOptIn: olds.previousOptIn, observedOptIn: "enabled" as const }) };
    });
}

async function deleteEnrollment(_id: string, props: ProgramEnrollmentState): Promise<void> {
    return withProgress(props.resourceUrn, async (log) => {
        const subject = `${props.programName} (${props.programId})`;
        if (props.restoreOnDestroy !== true) {
            log(`Leaving this account enrolled in ${subject}: putting the enrollment back on destroy is opt-in (revokeOnDestroy).`);
            return;
        }
        if (props.previousOptIn === "enabled" || props.previousOptIn === "unknown") {
            log(
                `Leaving this account's enrollment in ${subject} as it is: it was ${props.previousOptIn === "enabled" ? "enabled before this stack" : "not recorded before this stack (an interrupted create)"}.`,
            );
            return;
        }
        const current = await getAccountEnrollment(props.region, props.awsProfile, props.programId);
        if (current !== "enabled") {
            log(`Leaving this account's enrollment in ${subject} at "${current}": it was changed outside Pulumi since this stack enabled it.`);
            return;
        }
        await putAccountEnrollment(props.region, props.awsProfile, props.programId, props.previousOptIn);
        log(`Put this account's enrollment in ${subject} back to "${props.previousOptIn}", as it was before this stack enabled it.`);
    });
}

/** The provider object; ProgramEnrollment stores a reference to it (components/dynamicProvider/byReference.ts). */
export const programEnrollmentProvider: dynamic.ResourceProvider<ProgramEnrollmentInputs, ProgramEnrollmentState> = {
    check,
    diff,
    create,
    read,
    update,
    delete: deleteEnrollment,
};
