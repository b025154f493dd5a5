/**
 * The dynamic provider behind ModelAccess: access to one foundation model in one region.
 *
 * Lifecycle: check validates inputs before any AWS call; create and update share one idempotent
 * "ensure access" flow (availability, use-case form, offer, agreement, wait); read is one
 * availability call; delete leaves access in place unless revokeOnDestroy is set.
 *
 * Pulumi serializes this object into the stack state and runs it in the dynamic-provider
 * process, so it holds no clients and no module-level state, only functions.
 */
import type { dynamic } from "@pulumi/pulumi";
import { createHash } from "crypto";
import { isAnthropicModel } from "../../bedrock/models";
import { AgreementStatus, BedrockControlPlane, ModelAvailability, ModelLifecycle, connectBedrock } from "./controlPlane";
import { ModelAccessInputs, UseCaseForm, checkModelAccessInputs, isUnknown, serializeUseCaseForm } from "./inputs";
import { progressLog } from "./progress";

/**
 * The names an earlier version recorded the two settings under (before they took the stack's
 * key names): state written then still carries them until its next update.
 */
interface LegacySettingNames {
    readonly revokeOnDelete?: boolean;
    readonly waitTimeoutSeconds?: number;
}

/** Whether delete revokes, from state of this version or an earlier one. */
function revokesOnDestroy(props: ModelAccessState): boolean {
    return props.revokeOnDestroy ?? (props as LegacySettingNames).revokeOnDelete ?? false;
}

/** What the resource records in state (its outputs). Never the use-case form itself. */
export interface ModelAccessState {
    readonly modelId: string;
    readonly region: string;
    readonly offerType: ModelAccessInputs["offerType"];
    readonly revokeOnDestroy: boolean;
    readonly accessWaitTimeoutSeconds: number;
    /** The AWS profile the resource's calls use (refresh and delete use it too). */
    readonly awsProfile?: string;
    readonly agreementStatus: AgreementStatus;
    readonly agreementErrorMessage?: string;
    readonly authorizationStatus: ModelAvailability["authorizationStatus"];
    readonly entitlementAvailability: ModelAvailability["entitlementAvailability"];
    readonly regionAvailability: ModelAvailability["regionAvailability"];
    /** The offer accepted when this resource created the agreement. */
    readonly offerId?: string;
    /** When this resource first saw access AVAILABLE (ISO 8601). */
    readonly accessAvailableAt?: string;
    /** true when this resource created the agreement; false when it adopted one that existed. */
    readonly agreementCreated: boolean;
    /** true when this resource submitted Anthropic's use-case form. */
    readonly useCaseFormSubmitted: boolean;
    /** SHA-256 of the form given as input (a secret output), so a changed form shows as a diff. */
    readonly useCaseFormDigest?: string;
    /** The model's lifecycle in the region: ACTIVE or LEGACY (kept current by refresh). */
    readonly lifecycleStatus?: ModelLifecycle["status"];
    /** When the model became Legacy in the region (ISO 8601), when Bedrock reports it. */
    readonly legacyTime?: string;
    /** When the model reaches (or reached) its end of life in the region (ISO 8601), when reported. */
    readonly endOfLifeTime?: string;
    /** The resource's URN, so refresh and delete show their lines under it too. */
    readonly resourceUrn?: string;
}

/** The command that lists what to use instead, for messages. */
function modelsCommand(region: string, modelId: string): string {
    return `npm run models -- --region ${region} --provider ${modelId.split(".")[0]}`;
}

/** Why the model cannot be enabled because its end of life has passed in the region, or undefined. */
export function endOfLifeProblem(modelId: string, region: string, lifecycle: ModelLifecycle | undefined, now = Date.now()): string | undefined {
    const eol = lifecycle?.endOfLifeTime;
    if (eol === undefined || Date.parse(eol) > now) {
        return undefined;
    }
    return (
        `${modelId} reached its end of life in ${region} on ${eol.slice(0, 10)}: Bedrock no longer serves it, so it cannot be ` +
        `enabled or invoked. List what to use instead with \`${modelsCommand(region, modelId)}\` and move the environment's ` +
        `inferenceProfiles to an Active model (README, "Moving to the next model"). Nothing was created.`
    );
}

/** The warning line for a Legacy model still before its end of life, or undefined. */
export function legacyWarning(modelId: string, region: string, lifecycle: ModelLifecycle | undefined): string | undefined {
    if (lifecycle?.status !== "LEGACY") {
        return undefined;
    }
    return (
        `Warning: ${modelId} is Legacy in ${region}${lifecycle.legacyTime ? ` since ${lifecycle.legacyTime.slice(0, 10)}` : ""}` +
        `${lifecycle.endOfLifeTime ? `; its end of life is ${lifecycle.endOfLifeTime.slice(0, 10)}` : ""}. New customers cannot use ` +
        `Legacy models; plan the move with \`${modelsCommand(region, modelId)}\`.`
    );
}

function lifecycleFields(lifecycle: ModelLifecycle | undefined): Pick<ModelAccessState, "lifecycleStatus" | "legacyTime" | "endOfLifeTime"> {
    return { lifecycleStatus: lifecycle?.status, legacyTime: lifecycle?.legacyTime, endOfLifeTime: lifecycle?.endOfLifeTime };
}

/** An error that still records the resource: the engine stores id and properties, and the next up resumes. */
interface PartialStateError extends Error {
    readonly id: string;
    readonly properties: ModelAccessState;
    readonly reasons: string[];
}

type Log = (line: string) => void;

export function resourceId(region: string, modelId: string): string {
    return `${region}/${modelId}`;
}

function formDigest(form: UseCaseForm | undefined): string | undefined {
    return form === undefined ? undefined : createHash("sha256").update(serializeUseCaseForm(form)).digest("hex");
}

/** Milliseconds to wait before the next availability poll: 10% of the time waited so far, 0.5 s to 10 s, so access is seen at most ~10% late. */
export function nextPollDelayMs(elapsedMs: number): number {
    return Math.min(10_000, Math.max(500, Math.round(elapsedMs * 0.1)));
}

const PROGRESS_INTERVAL_MS = 20_000;

function stateFrom(
    inputs: ModelAccessInputs,
    availability: ModelAvailability,
    history: Pick<ModelAccessState, "offerId" | "accessAvailableAt" | "agreementCreated" | "useCaseFormSubmitted" | "lifecycleStatus" | "legacyTime" | "endOfLifeTime">,
): ModelAccessState {
    const state: ModelAccessState = {
        modelId: inputs.modelId,
        region: inputs.region,
        offerType: inputs.offerType,
        revokeOnDestroy: inputs.revokeOnDestroy,
        accessWaitTimeoutSeconds: inputs.accessWaitTimeoutSeconds,
        awsProfile: inputs.awsProfile,
        agreementStatus: availability.agreementStatus,
        agreementErrorMessage: availability.agreementErrorMessage,
        authorizationStatus: availability.authorizationStatus,
        entitlementAvailability: availability.entitlementAvailability,
        regionAvailability: availability.regionAvailability,
        offerId: history.offerId,
        accessAvailableAt:
            history.accessAvailableAt ?? (availability.agreementStatus === "AVAILABLE" ? new Date().toISOString() : undefined),
        agreementCreated: history.agreementCreated,
        useCaseFormSubmitted: history.useCaseFormSubmitted,
        useCaseFormDigest: formDigest(inputs.useCaseForm),
        lifecycleStatus: history.lifecycleStatus,
        legacyTime: history.legacyTime,
        endOfLifeTime: history.endOfLifeTime,
        resourceUrn: inputs.resourceUrn,
    };
    return withoutUndefined(state);
}

/** State goes through protobuf Structs, which have no `undefined`. */
function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The key under which the dynamic-provider host keeps the serialized provider in a resource's
 * state. The host adds it to what create and update return, but not to the properties of a
 * partial-state error; without it the engine cannot load the provider again, and refresh and
 * destroy fail ("code must be a string").
 */
const PROVIDER_KEY = "__provider";

function partialStateError(state: ModelAccessState, message: string): PartialStateError {
    return Object.assign(new Error(message), {
        id: resourceId(state.region, state.modelId),
        properties: state,
        reasons: [message],
    });
}

/** Copies the serialized provider from the inputs into a partial-state error's properties. */
function withProvider(err: unknown, inputs: ModelAccessInputs): unknown {
    const partial = err as Partial<PartialStateError>;
    const provider = (inputs as unknown as Record<string, unknown>)[PROVIDER_KEY];
    if (partial.id === undefined || partial.properties === undefined || provider === undefined) {
        return err;
    }
    return Object.assign(partial, { properties: { ...partial.properties, [PROVIDER_KEY]: provider } });
}

async function requireAvailability(bedrock: BedrockControlPlane, modelId: string): Promise<ModelAvailability> {
    const availability = await bedrock.getAvailability(modelId);
    if (availability === undefined) {
        throw new Error(
            `Bedrock does not know the model ${modelId} in ${bedrock.region}. Check the ID with ` +
                `\`aws bedrock list-foundation-models --region ${bedrock.region}\`.`,
        );
    }
    if (availability.regionAvailability !== "AVAILABLE") {
        throw new Error(
            `${modelId} is not offered in ${bedrock.region}. Enable it in a region that offers it, or call it ` +
                `through a cross-region inference profile whose source region offers it.`,
        );
    }
    return availability;
}

/**
 * Anthropic's use-case form must be on the account before an Anthropic agreement can be made.
 * It is personal data, submitted once per account and region: when several ModelAccess resources
 * of one region are created at once (the engine's parallelism), the first checks and submits and
 * the others wait for its answer. The engine runs every ModelAccess of a stack in one
 * dynamic-provider process, whose global object holds the pending checks (a module-level value
 * would be copied into each resource's serialized provider, not shared).
 * Returns true for the one resource that submitted the form.
 */
async function ensureUseCaseForm(bedrock: BedrockControlPlane, inputs: ModelAccessInputs, log: Log): Promise<boolean> {
    if (!isAnthropicModel(inputs.modelId)) {
        return false;
    }
    const holder = global as unknown as { bedrockModelAccessForms?: Map<string, Promise<void>> };
    const pending = (holder.bedrockModelAccessForms ??= new Map<string, Promise<void>>());
    const key = bedrock.region;
    const earlier = pending.get(key);
    if (earlier !== undefined) {
        await earlier;
        return false;
    }
    let submitted = false;
    const check = (async () => {
        submitted = await submitUseCaseFormIfMissing(bedrock, inputs, log);
    })();
    pending.set(key, check);
    try {
        await check;
    } finally {
        // Kept only while it runs: a later update checks the account afresh.
        pending.delete(key);
    }
    return submitted;
}

async function submitUseCaseFormIfMissing(bedrock: BedrockControlPlane, inputs: ModelAccessInputs, log: Log): Promise<boolean> {
    if (await bedrock.hasUseCaseForm()) {
        return false;
    }
    if (inputs.useCaseForm === undefined) {
        throw new Error(
            `Anthropic requires its use-case form before ${inputs.modelId} can be enabled, and this account ` +
                `has none in ${bedrock.region}. Supply it as secret configuration, for example ` +
                `\`pulumi config set --secret --path useCaseForm.companyName "Example Corp"\` (and companyWebsite, ` +
                `intendedUsers, industryOption, useCases; see the README), then run pulumi up again.`,
        );
    }
    await bedrock.putUseCaseForm(serializeUseCaseForm(inputs.useCaseForm));
    log(`Submitted Anthropic's use-case form in ${bedrock.region}.`);
    return true;
}

type WaitOutcome =
    | { readonly outcome: "available" | "error"; readonly availability: ModelAvailability }
    | { readonly outcome: "timeout"; readonly availability: ModelAvailability; readonly waitedSeconds: number };

async function waitUntilAvailable(
    bedrock: BedrockControlPlane,
    inputs: ModelAccessInputs,
    initial: ModelAvailability,
    log: Log,
): Promise<WaitOutcome> {
    const subject = `${inputs.modelId} in ${inputs.region}`;
    const started = Date.now();
    const deadline = started + inputs.accessWaitTimeoutSeconds * 1000;
    let availability = initial;
    let lastProgress = started;
    log(`Waiting for access to ${subject} (agreement ${availability.agreementStatus}; timeout ${inputs.accessWaitTimeoutSeconds}s).`);
    for (;;) {
        const now = Date.now();
        if (now >= deadline) {
            return { outcome: "timeout", availability, waitedSeconds: Math.round((now - started) / 1000) };
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(nextPollDelayMs(now - started), deadline - now)));
        availability = await requireAvailability(bedrock, inputs.modelId);
        if (availability.agreementStatus === "AVAILABLE") {
            log(`Access to ${subject} is AVAILABLE after ${Math.round((Date.now() - started) / 1000)}s.`);
            return { outcome: "available", availability };
        }
        if (availability.agreementStatus === "ERROR" || availability.agreementStatus === "NOT_AVAILABLE") {
            return { outcome: "error", availability };
        }
        if (Date.now() - lastProgress >= PROGRESS_INTERVAL_MS) {
            lastProgress = Date.now();
            log(`Still waiting for access to ${subject}: agreement ${availability.agreementStatus} after ${Math.round((lastProgress - started) / 1000)}s of ${inputs.accessWaitTimeoutSeconds}s.`);
        }
    }
}

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
                    (inputs.offerType === "PUBLIC" ? `; if your account has a private offer, set offerType to "ALL".` : "."),
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

/** Runs an operation with a progress log for its resource, every line delivered before it returns. */
async function withProgress<T>(urn: string | undefined, operation: (log: Log) => Promise<T>): Promise<T> {
    const progress = progressLog(urn);
    try {
        return await operation((line) => progress.line(line));
    } finally {
        await progress.flush();
    }
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
