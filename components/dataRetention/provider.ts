/**
 * The dynamic provider behind DataRetention: the account's data-retention mode in one region.
 *
 * check refuses a mode Bedrock does not accept and a region AWS does not have, with no call, and,
 * for a new declaration, a region someone already configured with another mode (another
 * environment's, or by hand) unless replaceExisting; create reads the mode, records it
 * (previousMode) and sets the wanted one only if it differs; read records what Bedrock says
 * beside the declared mode (observedMode: drift, set back by the next up), never over it;
 * delete leaves the mode as it is unless restoreOnDestroy, and then puts previousMode back only
 * if nothing changed since. Loaded by reference like ModelAccess's provider; holds no clients.
 */
import type { dynamic } from "@pulumi/pulumi";
import { DATA_RETENTION_MEANING, type DataRetentionMode, SETTABLE_DATA_RETENTION_MODES, isDataRetentionMode } from "../../bedrock/dataRetention";
import { isValidRegion } from "../../bedrock/models";
import { connectBedrock } from "../../aws/bedrock";
import { isUnknown } from "../modelAccess/inputs";
import { type Log, withProgress } from "../modelAccess/progress";
import { withoutUndefined } from "../modelAccess/state";

export interface DataRetentionInputs {
    readonly region: string;
    /** The mode the stack declares for the region. */
    readonly mode: DataRetentionMode;
    readonly awsProfile?: string;
    /** Put the earlier mode back on destroy (default false: another environment may declare the same region). */
    readonly restoreOnDestroy?: boolean;
    /** Set the mode even where the region already has another (someone else's) configured. */
    readonly replaceExisting?: boolean;
    /** Where progress lines go (not desired state; diff ignores it). */
    readonly resourceUrn?: string;
}

export interface DataRetentionState extends DataRetentionInputs {
    /** The mode the region had before this resource set it; "unknown" after an interrupted create. */
    readonly previousMode: DataRetentionMode | "unknown";
    /** The mode Bedrock reported at the last read (refresh), kept apart from the declared `mode`. */
    readonly observedMode?: DataRetentionMode;
    /** When Bedrock last recorded a change of the mode (ISO 8601), when it reports one. */
    readonly updatedAt?: string;
}

/** The resource ID: one per account and region. */
export function dataRetentionId(region: string): string {
    return `${region}/data-retention`;
}

/** Why the inputs cannot be applied, before any AWS call. */
export function dataRetentionFailures(raw: Record<string, unknown>): dynamic.CheckFailure[] {
    const failures: dynamic.CheckFailure[] = [];
    if (!isUnknown(raw.region) && (typeof raw.region !== "string" || !isValidRegion(raw.region))) {
        failures.push({ property: "region", reason: `region must be an AWS region such as ap-southeast-1, got ${JSON.stringify(raw.region)}.` });
    }
    if (!isUnknown(raw.mode) && !(isDataRetentionMode(raw.mode) && SETTABLE_DATA_RETENTION_MODES.includes(raw.mode))) {
        failures.push({
            property: "mode",
            reason:
                `mode must be one of ${SETTABLE_DATA_RETENTION_MODES.map((m) => `"${m}"`).join(", ")} (the modes Bedrock's ` +
                `PutAccountDataRetention accepts), got ${JSON.stringify(raw.mode)}.`,
        });
    }
    return failures;
}

/**
 * For a new declaration (no earlier inputs): the region's mode, when someone already configured
 * another one there (anything but "inherit", what a never-configured region reports); undefined
 * when it is free, the same, or not knowable yet.
 */
async function otherDeclaration(olds: Partial<DataRetentionInputs>, news: DataRetentionInputs): Promise<dynamic.CheckFailure | undefined> {
    if (olds.region !== undefined || news.replaceExisting === true || isUnknown(news.region) || isUnknown(news.mode)) {
        return undefined;
    }
    const current = await (await connectBedrock(news.region, news.awsProfile)).getDataRetention();
    if (current.mode === "inherit" || current.mode === news.mode) {
        return undefined;
    }
    return {
        property: "mode",
        reason:
            `${news.region} already has the data-retention mode "${current.mode}", configured outside this stack (another ` +
            `environment's dataRetention in this account, or by hand), and declaring "${news.mode}" here would override it for ` +
            `every environment in the account and region. Agree the mode with whoever set it and declare "${current.mode}", or ` +
            `set dataRetention.replaceExisting to true to take the region over.`,
    };
}

async function check(olds: Partial<DataRetentionInputs>, news: DataRetentionInputs): Promise<dynamic.CheckResult<DataRetentionInputs>> {
    const failures = dataRetentionFailures(news as unknown as Record<string, unknown>);
    if (failures.length > 0) {
        return { failures };
    }
    const taken = await otherDeclaration(olds, news);
    return taken !== undefined ? { failures: [taken] } : { inputs: news };
}

async function diff(_id: string, olds: DataRetentionState, news: DataRetentionInputs): Promise<dynamic.DiffResult> {
    const replaces = isUnknown(news.region) || olds.region !== news.region ? ["region"] : [];
    // Drift a refresh saw (observedMode) is a change too: the next up sets the declared mode again.
    const drifted = olds.observedMode !== undefined && olds.observedMode !== news.mode;
    const changes =
        replaces.length > 0 ||
        isUnknown(news.mode) ||
        olds.mode !== news.mode ||
        drifted ||
        olds.awsProfile !== news.awsProfile ||
        (olds.restoreOnDestroy ?? false) !== (news.restoreOnDestroy ?? false);
    return { changes, replaces, deleteBeforeReplace: true };
}

/** Sets the wanted mode when the region has another; returns what Bedrock reports after. */
async function ensureMode(inputs: DataRetentionInputs, log: Log): Promise<{ before: DataRetentionMode; updatedAt?: string }> {
    const bedrock = await connectBedrock(inputs.region, inputs.awsProfile);
    const current = await bedrock.getDataRetention();
    if (current.mode === inputs.mode) {
        log(`Data retention in ${inputs.region} is already "${inputs.mode}" (${DATA_RETENTION_MEANING[inputs.mode]}); nothing to set.`);
        return { before: current.mode, updatedAt: current.updatedAt };
    }
    const after = await bedrock.putDataRetention(inputs.mode);
    log(`Set data retention in ${inputs.region} from "${current.mode}" to "${inputs.mode}" (${DATA_RETENTION_MEANING[inputs.mode]}).`);
    return { before: current.mode, updatedAt: after.updatedAt };
}

async function create(inputs: DataRetentionInputs): Promise<dynamic.CreateResult<DataRetentionState>> {
    return withProgress(inputs.resourceUrn, async (log) => {
        const { before, updatedAt } = await ensureMode(inputs, log);
        return { id: dataRetentionId(inputs.region), outs: withoutUndefined({ ...inputs, previousMode: before, observedMode: inputs.mode, updatedAt }) };
    });
}

async function read(id: string, props?: DataRetentionState): Promise<dynamic.ReadResult<DataRetentionState>> {
    if (props === undefined || props.region === undefined || props.mode === undefined) {
        throw new Error(`DataRetention ${id} cannot be imported; declare it with dataRetention and let pulumi up record the region's mode.`);
    }
    return withProgress(props.resourceUrn, async (log) => {
        const current = await (await connectBedrock(props.region, props.awsProfile)).getDataRetention();
        // A create the runner kept after an interruption (runner/pendingCreates.ts) never recorded the earlier mode.
        const previousMode = props.previousMode ?? "unknown";
        if (current.mode !== props.mode) {
            log(
                `Data retention in ${props.region} is "${current.mode}", changed outside Pulumi from "${props.mode}"; the next pulumi up sets "${props.mode}" again.`,
            );
        }
        // The declared mode stays as declared: destroy compares the region with it, not with what refresh saw.
        return { id, props: withoutUndefined({ ...props, previousMode, observedMode: current.mode, updatedAt: current.updatedAt }) };
    });
}

async function update(_id: string, olds: DataRetentionState, news: DataRetentionInputs): Promise<dynamic.UpdateResult<DataRetentionState>> {
    return withProgress(news.resourceUrn, async (log) => {
        const { updatedAt } = await ensureMode(news, log);
        return { outs: withoutUndefined({ ...news, previousMode: olds.previousMode, observedMode: news.mode, updatedAt }) };
    });
}

async function deleteRetention(_id: string, props: DataRetentionState): Promise<void> {
    return withProgress(props.resourceUrn, async (log) => {
        if (props.restoreOnDestroy !== true) {
            log(
                `Leaving data retention in ${props.region} at its current mode: restoring "${props.previousMode}" on destroy is ` +
                    "opt-in (dataRetention.restoreOnDestroy), since another environment in this account and region may declare the same mode.",
            );
            return;
        }
        if (props.previousMode === "unknown") {
            log(`Leaving data retention in ${props.region} as it is: the mode before this stack was not recorded (its create was interrupted).`);
            return;
        }
        const bedrock = await connectBedrock(props.region, props.awsProfile);
        const current = await bedrock.getDataRetention();
        if (current.mode !== props.mode) {
            log(
                `Leaving data retention in ${props.region} at "${current.mode}": it was changed outside Pulumi since this stack ` +
                    `set "${props.mode}", so putting back "${props.previousMode}" would undo someone else's choice.`,
            );
            return;
        }
        if (current.mode === props.previousMode) {
            log(`Data retention in ${props.region} stays "${current.mode}", as it was before this stack.`);
            return;
        }
        await bedrock.putDataRetention(props.previousMode);
        log(`Put data retention in ${props.region} back to "${props.previousMode}", as it was before this stack set "${props.mode}".`);
    });
}

/** The provider object; DataRetention stores a reference to it (components/dynamicProvider/byReference.ts). */
export const dataRetentionProvider: dynamic.ResourceProvider<DataRetentionInputs, DataRetentionState> = {
    check,
    diff,
    create,
    read,
    update,
    delete: deleteRetention,
};
