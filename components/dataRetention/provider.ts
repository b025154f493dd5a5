/**
 * The dynamic provider behind DataRetention: the account's data-retention mode in one region.
 *
 * check refuses a mode Bedrock does not accept and a region AWS does not have, with no call;
 * create reads the mode, records it (previousMode) and sets the wanted one only if it differs;
 * read reports what Bedrock says (a change outside Pulumi shows as drift, set back by the next
 * up); delete puts previousMode back unless someone changed the mode since, which it reports and
 * leaves. Loaded by reference like ModelAccess's provider; holds no clients.
 */
import type { dynamic } from "@pulumi/pulumi";
import { DATA_RETENTION_MEANING, DataRetentionMode, SETTABLE_DATA_RETENTION_MODES, isDataRetentionMode } from "../../bedrock/dataRetention";
import { isValidRegion } from "../../bedrock/models";
import { connectBedrock } from "../modelAccess/controlPlane";
import { isUnknown } from "../modelAccess/inputs";
import { Log, withProgress } from "../modelAccess/progress";
import { withoutUndefined } from "../modelAccess/state";

export interface DataRetentionInputs {
    readonly region: string;
    /** The mode the stack declares for the region. */
    readonly mode: DataRetentionMode;
    readonly awsProfile?: string;
    /** Where progress lines go (not desired state; diff ignores it). */
    readonly resourceUrn?: string;
}

export interface DataRetentionState extends DataRetentionInputs {
    /** The mode the region had before this resource set it; put back on delete. */
    readonly previousMode: DataRetentionMode;
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

async function check(_olds: DataRetentionInputs, news: DataRetentionInputs): Promise<dynamic.CheckResult<DataRetentionInputs>> {
    const failures = dataRetentionFailures(news as unknown as Record<string, unknown>);
    return failures.length > 0 ? { failures } : { inputs: news };
}

async function diff(_id: string, olds: DataRetentionState, news: DataRetentionInputs): Promise<dynamic.DiffResult> {
    const replaces = isUnknown(news.region) || olds.region !== news.region ? ["region"] : [];
    const changes = replaces.length > 0 || isUnknown(news.mode) || olds.mode !== news.mode || olds.awsProfile !== news.awsProfile;
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
        return { id: dataRetentionId(inputs.region), outs: withoutUndefined({ ...inputs, previousMode: before, updatedAt }) };
    });
}

async function read(id: string, props?: DataRetentionState): Promise<dynamic.ReadResult<DataRetentionState>> {
    if (props === undefined || props.previousMode === undefined) {
        throw new Error(`DataRetention ${id} cannot be imported; declare it with dataRetention and let pulumi up record the region's mode.`);
    }
    return withProgress(props.resourceUrn, async (log) => {
        const current = await (await connectBedrock(props.region, props.awsProfile)).getDataRetention();
        if (current.mode !== props.mode) {
            log(`Data retention in ${props.region} is "${current.mode}", changed outside Pulumi from "${props.mode}"; the next pulumi up sets "${props.mode}" again.`);
        }
        return { id, props: withoutUndefined({ ...props, mode: current.mode, updatedAt: current.updatedAt }) };
    });
}

async function update(_id: string, olds: DataRetentionState, news: DataRetentionInputs): Promise<dynamic.UpdateResult<DataRetentionState>> {
    return withProgress(news.resourceUrn, async (log) => {
        const { updatedAt } = await ensureMode(news, log);
        return { outs: withoutUndefined({ ...news, previousMode: olds.previousMode, updatedAt }) };
    });
}

async function deleteRetention(_id: string, props: DataRetentionState): Promise<void> {
    return withProgress(props.resourceUrn, async (log) => {
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
