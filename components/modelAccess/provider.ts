/**
 * The dynamic provider behind ModelAccess: access to one foundation model in one region.
 *
 * Lifecycle: check validates inputs before any AWS call; create and update share one idempotent
 * "ensure access" flow (availability, use-case form, offer, agreement, wait); read is one
 * availability call; delete leaves access in place unless revokeOnDestroy is set. The state it
 * records (state.ts), the lifecycle messages, partial-state failures, the form and the wait each
 * have a file beside it.
 *
 * The engine stores a reference to this module (components/dynamicProvider/byReference.ts) and
 * loads it in the dynamic-provider process, so it holds no clients and no module-level state.
 */
import type { dynamic } from "@pulumi/pulumi";
import { isAnthropicModel } from "../../bedrock/models";
import { type ModelAvailability, type ModelLifecycle, connectBedrock } from "../../aws/bedrock";
import { type ModelAccessInputs, checkModelAccessInputs, isUnknown, serializeUseCaseForm } from "./inputs";
import { endOfLifeProblem, legacyWarning } from "./lifecycleMessages";
import { PROVIDER_KEY, partialStateError, withProvider } from "./partialState";
import { type Log, withProgress } from "./progress";
import { type ModelAccessState, formDigest, lifecycleFields, resourceId, revokesOnDestroy, stateFrom, withoutUndefined } from "./state";
import { ensureUseCaseForm } from "./useCaseForm";
import { type WaitOutcome, requireAvailability, waitUntilAvailable } from "./wait";

export type { ModelAccessState };
export { endOfLifeProblem, legacyWarning, resourceId };
export { nextPollDelayMs } from "./wait";

/**
 * Brings access to the model to AVAILABLE, doing only what is missing: adopts an agreement that is
 * already AVAILABLE, waits for one that is PENDING (never creating a second), and otherwise
 * submits the use-case form if needed, accepts an offer and waits.
 */
async function ensureAccess(inputs: ModelAccessInputs, previous: ModelAccessState | undefined, log: Log): Promise<ModelAccessState> {
    const bedrock = await connectBedrock(inputs.region, inputs.awsProfile);
    const lifecycle = await bedrock.getLifecycle(inputs.modelId);
    const retired = endOfLifeProblem(inputs.modelId, inputs.region, lifecycle);
    if (retired !== undefined) {
        throw new Error(retired);
    }
    const warning = legacyWarning(inputs.modelId, inputs.region, lifecycle);
    if (warning !== undefined) {
        log(warning);
    }
    const availability = await requireAvailability(bedrock, inputs.modelId);
    const history = {
        offerId: previous?.offerId,
        accessAvailableAt: previous?.accessAvailableAt,
        agreementCreated: previous?.agreementCreated ?? false,
        useCaseFormSubmitted: previous?.useCaseFormSubmitted ?? false,
        ...lifecycleFields(lifecycle),
    };
    const subject = `${inputs.modelId} in ${inputs.region}`;

    if (availability.agreementStatus === "AVAILABLE") {
        if (previous === undefined) {
            log(`Access to ${subject} is already AVAILABLE; adopting it without creating an agreement.`);
        }
        return stateFrom(inputs, availability, history);
    }

    if (availability.agreementStatus !== "PENDING") {
        if (availability.agreementStatus === "ERROR") {
            log(`The earlier agreement for ${subject} failed (${availability.agreementErrorMessage ?? "no message"}); requesting access again.`);
        }
        if (await ensureUseCaseForm(bedrock, inputs, log)) {
            history.useCaseFormSubmitted = true;
        }
        const offers = await bedrock.listOffers(inputs.modelId, inputs.offerType);
        if (offers.length === 0) {
            throw new Error(
                `Bedrock lists no ${inputs.offerType} offer for ${subject}` +
                    (inputs.offerType === "PUBLIC"
                        ? `; if your account has a private offer, declare ModelAccess with the input offerType "ALL" (the stack takes public offers; it has no key for this).`
                        : "."),
            );
        }
        const offer = offers[0];
        const created = await bedrock.createAgreement(inputs.modelId, offer.offerToken);
        history.offerId = offer.offerId;
        // This resource asked for the agreement, so it is its own, also when the answer to its
        // request was lost and the SDK's retry met the agreement it had made (ConflictException).
        history.agreementCreated = true;
        log(
            created === "created"
                ? `Requested access to ${subject} (offer ${offer.offerId ?? "unnamed"}).`
                : `Requested access to ${subject}; Bedrock answered that the agreement already exists (the answer to an earlier attempt was lost), so it is recorded as this resource's own. Waiting for it.`,
        );
    } else {
        log(`An agreement for ${subject} is already PENDING; waiting for it instead of creating another.`);
    }

    // The agreement exists from here on: every failure records the resource so the next up resumes.
    const pending: ModelAvailability = { ...availability, agreementStatus: "PENDING", agreementErrorMessage: undefined };
    let result: WaitOutcome;
    try {
        result = await waitUntilAvailable(bedrock, inputs, pending, log);
    } catch (err) {
        const message = `${(err as Error).message} The agreement for ${subject} was requested and is recorded; run pulumi up again to resume.`;
        throw partialStateError(stateFrom(inputs, pending, history), message);
    }
    const state = stateFrom(inputs, result.availability, history);
    if (result.outcome === "error") {
        throw partialStateError(
            state,
            `Bedrock could not grant access to ${subject}: ${result.availability.agreementErrorMessage ?? `agreement ${result.availability.agreementStatus}`}. ` +
                `Fix the cause (often Marketplace permissions or payment method), then run pulumi up again to retry.`,
        );
    }
    if (result.outcome === "timeout") {
        throw partialStateError(
            state,
            `Access to ${subject} is still ${result.availability.agreementStatus} after ${result.waitedSeconds}s (accessWaitTimeoutSeconds). ` +
                `The agreement is recorded in the stack; run pulumi up again to keep waiting (no second agreement is created), or raise accessWaitTimeoutSeconds.`,
        );
    }
    return state;
}

function changed(olds: Record<string, unknown>, news: Record<string, unknown>, key: string): boolean {
    return isUnknown(news[key]) || olds[key] !== news[key];
}

async function check(olds: ModelAccessInputs, news: ModelAccessInputs): Promise<dynamic.CheckResult<ModelAccessInputs>> {
    // The engine sends whatever the program passed: validate it as untyped data.
    const { inputs, failures } = checkModelAccessInputs(news as unknown as Record<string, unknown>);
    if (failures.length > 0) {
        return { failures };
    }
    const checked = inputs as unknown as ModelAccessInputs;
    // A new model or region (not an unchanged resource, whose preview makes no request): refuse a
    // retired model at preview, with one read.
    const isNew = olds.modelId !== checked.modelId || olds.region !== checked.region;
    if (isNew && !isUnknown(checked.modelId) && !isUnknown(checked.region) && !isUnknown(checked.awsProfile)) {
        let lifecycle: ModelLifecycle | undefined;
        try {
            lifecycle = await (await connectBedrock(checked.region, checked.awsProfile)).getLifecycle(checked.modelId);
        } catch {
            // Not readable now (permissions, network): create reads it again and reports the cause.
        }
        const retired = endOfLifeProblem(checked.modelId, checked.region, lifecycle);
        if (retired !== undefined) {
            return { failures: [{ property: "modelId", reason: retired }] };
        }
    }
    return { inputs: checked };
}

async function diff(_id: string, olds: ModelAccessState, news: ModelAccessInputs): Promise<dynamic.DiffResult> {
    const o = olds as unknown as Record<string, unknown>;
    const n = news as unknown as Record<string, unknown>;
    const replaces = ["modelId", "region"].filter((key) => changed(o, n, key));
    const settingsChanged = ["offerType", "revokeOnDestroy", "accessWaitTimeoutSeconds", "awsProfile"].some((key) => changed(o, n, key));
    const formChanged = isUnknown(news.useCaseForm) || formDigest(news.useCaseForm) !== olds.useCaseFormDigest;
    // An agreement left PENDING or ERROR by an earlier run is finished by the next update.
    const unfinished = olds.agreementStatus !== "AVAILABLE";
    // A stored provider other than today's (a stack deployed when the state carried the provider's
    // code) is moved to today's by an in-place update with no AWS call, so that refresh and delete
    // run the checkout's provider from then on.
    const providerMoved = !isUnknown(n[PROVIDER_KEY]) && o[PROVIDER_KEY] !== n[PROVIDER_KEY];
    return {
        changes: replaces.length > 0 || settingsChanged || formChanged || unfinished || providerMoved,
        replaces,
        deleteBeforeReplace: false,
    };
}

async function create(inputs: ModelAccessInputs): Promise<dynamic.CreateResult<ModelAccessState>> {
    try {
        const state = await withProgress(inputs.resourceUrn, (log) => ensureAccess(inputs, undefined, log));
        return { id: resourceId(inputs.region, inputs.modelId), outs: state };
    } catch (err) {
        throw withProvider(err, inputs);
    }
}

async function read(id: string, props?: ModelAccessState): Promise<dynamic.ReadResult<ModelAccessState>> {
    if (props === undefined) {
        throw new Error(`ModelAccess ${id} cannot be imported; declare it and let pulumi up adopt existing access.`);
    }
    if (props.agreementStatus === undefined) {
        // Only inputs: the engine is importing this resource's own create, interrupted before it
        // returned (`pulumi refresh --import-pending-creates`, what `npm run deploy -- <env> refresh` runs).
        const inputs = props as unknown as ModelAccessInputs;
        return withProgress(inputs.resourceUrn, (log) => resumedCreate(id, inputs, log));
    }
    return withProgress(props.resourceUrn, (log) => refreshed(id, props, log));
}

/**
 * The state of a create that was interrupted (the runner or the machine stopped while it waited):
 * an agreement Bedrock now has for the model is the one this resource requested, so it is
 * recorded as its own and revoked on destroy with revokeOnDestroy. Without one, the resource is
 * dropped and the next up creates it.
 */
async function resumedCreate(id: string, inputs: ModelAccessInputs, log: Log): Promise<dynamic.ReadResult<ModelAccessState>> {
    const bedrock = await connectBedrock(inputs.region, inputs.awsProfile);
    const availability = await bedrock.getAvailability(inputs.modelId);
    const subject = `${inputs.modelId} in ${inputs.region}`;
    if (availability === undefined || availability.agreementStatus === "NOT_AVAILABLE") {
        log(`The interrupted create of access to ${subject} left no agreement; the next pulumi up requests it.`);
        return {};
    }
    const lifecycle = await bedrock.getLifecycle(inputs.modelId);
    log(
        `Recorded the agreement for ${subject} (${availability.agreementStatus}) that this resource requested before it was ` +
            `interrupted, as its own${availability.agreementStatus === "AVAILABLE" ? "" : "; the next pulumi up waits for it"}.`,
    );
    const state = stateFrom(inputs, availability, { agreementCreated: true, useCaseFormSubmitted: false, ...lifecycleFields(lifecycle) });
    return { id, props: state };
}

async function refreshed(id: string, props: ModelAccessState, log: Log): Promise<dynamic.ReadResult<ModelAccessState>> {
    const bedrock = await connectBedrock(props.region, props.awsProfile);
    const availability = await bedrock.getAvailability(props.modelId);
    if (availability === undefined || availability.agreementStatus === "NOT_AVAILABLE") {
        log(`Access to ${props.modelId} in ${props.region} is gone (revoked outside Pulumi); the next pulumi up restores it.`);
        return {};
    }
    // A refresh updates what Bedrock reports and keeps everything else this resource recorded.
    const lifecycle = await bedrock.getLifecycle(props.modelId);
    const state: ModelAccessState = {
        ...props,
        ...lifecycleFields(lifecycle),
        agreementStatus: availability.agreementStatus,
        agreementErrorMessage: availability.agreementErrorMessage,
        authorizationStatus: availability.authorizationStatus,
        entitlementAvailability: availability.entitlementAvailability,
        regionAvailability: availability.regionAvailability,
        accessAvailableAt: props.accessAvailableAt ?? (availability.agreementStatus === "AVAILABLE" ? new Date().toISOString() : undefined),
    };
    return { id, props: withoutUndefined(state) };
}

async function update(_id: string, olds: ModelAccessState, news: ModelAccessInputs): Promise<dynamic.UpdateResult<ModelAccessState>> {
    if (olds.agreementStatus !== "AVAILABLE") {
        try {
            return { outs: await withProgress(news.resourceUrn, (log) => ensureAccess(news, olds, log)) };
        } catch (err) {
            throw withProvider(err, news);
        }
    }
    return withProgress(news.resourceUrn, (log) => updateSettings(olds, news, log));
}

async function updateSettings(olds: ModelAccessState, news: ModelAccessInputs, log: Log): Promise<dynamic.UpdateResult<ModelAccessState>> {
    let useCaseFormSubmitted = olds.useCaseFormSubmitted;
    const digest = formDigest(news.useCaseForm);
    if (news.useCaseForm !== undefined && digest !== olds.useCaseFormDigest && isAnthropicModel(news.modelId)) {
        const bedrock = await connectBedrock(news.region, news.awsProfile);
        await bedrock.putUseCaseForm(serializeUseCaseForm(news.useCaseForm));
        log(`Submitted the changed use-case form in ${news.region}.`);
        useCaseFormSubmitted = true;
    }
    const availability: ModelAvailability = olds;
    return { outs: stateFrom(news, availability, { ...olds, useCaseFormSubmitted }) };
}

/** What revoking means on today's Bedrock, said whenever an agreement is deleted. */
const REVOKE_NOTE =
    "Note: AWS documents that deleting an agreement does not stop later use (the next invocation re-creates it); " +
    "the model allow-list guardrail (bedrock-model-access:modelGuardrail) is what blocks use.";

async function deleteAccess(_id: string, props: ModelAccessState): Promise<void> {
    return withProgress(props.resourceUrn, (log) => revoke(props, log));
}

async function revoke(props: ModelAccessState, log: Log): Promise<void> {
    const subject = `${props.modelId} in ${props.region}`;
    if (!revokesOnDestroy(props)) {
        log(`Leaving access to ${subject} in place: model access is account-wide and other workloads may use it. Set revokeOnDestroy to remove it on destroy.`);
        return;
    }
    if (!props.agreementCreated) {
        // Adopted access belongs to whoever created it: another stack, a workload, the console.
        log(
            `Leaving access to ${subject} in place although revokeOnDestroy is set: it existed before this resource ` +
                `adopted it (agreementCreated false), so another stack or workload in the account may rely on it.`,
        );
        return;
    }
    const bedrock = await connectBedrock(props.region, props.awsProfile);
    const result = await bedrock.deleteAgreement(props.modelId);
    log(
        result === "deleted"
            ? `Revoked access to ${subject}. It is account-wide: another stack in the account that adopted it loses it too, and learns so at its next refresh. ${REVOKE_NOTE}`
            : `No agreement for ${subject} was left to revoke. ${REVOKE_NOTE}`,
    );
}

/** The provider object that Pulumi serializes; see ModelAccess for the resource. */
export const modelAccessProvider: dynamic.ResourceProvider<ModelAccessInputs, ModelAccessState> = {
    check,
    diff,
    create,
    read,
    update,
    delete: deleteAccess,
};
