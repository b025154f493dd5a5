/**
 * Pending creates after an interrupted run (a killed runner or machine): the engine records each
 * create it started and never saw finish. The runner's refresh clears them so the stack can be
 * updated again, but a ModelAccess whose create was interrupted may already have made its
 * agreement, and dropping the record would make the next up adopt that agreement as someone
 * else's (never revoked on destroy). Those are kept instead: moved into the state with the ID the
 * provider gives them (region/model), which is what `pulumi refresh --import-pending-creates` does
 * and which the Automation API has no option for. The refresh then reads each back; the provider
 * records an agreement it finds as its own (components/modelAccess/provider.ts, resumedCreate).
 * A DataRetention create is kept the same way (ID region/data-retention): dropped, the next up
 * would record the mode the interrupted create set as the region's earlier one; kept, its read
 * records the earlier mode as "unknown", and destroy never puts back a mode it did not see.
 */
import type { Deployment } from "@pulumi/pulumi/automation";
import { MODEL_ACCESS_TYPE } from "../components/modelAccess/modelAccess";
import { resourceId } from "../components/modelAccess/provider";
import { DATA_RETENTION_TYPE } from "../policy/bedrockFacts";
import { dataRetentionId } from "../components/dataRetention/provider";

interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
    readonly [key: string]: unknown;
}

interface PendingOperation {
    readonly resource: StateResource;
    readonly type: string;
}

interface CheckpointV3 {
    readonly resources?: StateResource[];
    readonly pending_operations?: PendingOperation[];
    readonly [key: string]: unknown;
}

/** The ID the provider gives a resource of a kept type, from its inputs; undefined for other resources. */
function keptId(resource: StateResource): string | undefined {
    const region = resource.inputs?.region;
    if (typeof region !== "string") {
        return undefined;
    }
    if (resource.type === MODEL_ACCESS_TYPE && typeof resource.inputs?.modelId === "string") {
        return resourceId(region, resource.inputs.modelId);
    }
    return resource.type === DATA_RETENTION_TYPE ? dataRetentionId(region) : undefined;
}

/**
 * The deployment with every pending ModelAccess and DataRetention create moved into its
 * resources (ID set, no outputs yet), and the URNs moved; undefined when there is none. Other
 * pending operations stay, for the refresh to clear.
 */
export function keepPendingCreates(exported: Deployment): { deployment: Deployment; urns: string[] } | undefined {
    const checkpoint = exported.deployment as CheckpointV3;
    const pending = checkpoint.pending_operations ?? [];
    const kept = pending.filter((op) => op.type === "creating" && keptId(op.resource) !== undefined);
    if (kept.length === 0) {
        return undefined;
    }
    const resources = [...(checkpoint.resources ?? []), ...kept.map((op) => ({ ...op.resource, id: keptId(op.resource)!, outputs: {} }))];
    return {
        deployment: {
            ...exported,
            deployment: { ...checkpoint, resources, pending_operations: pending.filter((op) => !kept.includes(op)) },
        },
        urns: kept.map((op) => op.resource.urn),
    };
}
