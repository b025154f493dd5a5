/**
 * The DataRetention resource: the account's data-retention mode in one region, which decides
 * whether an environment's prompts are kept or shared with the model provider. Its provider
 * (provider.ts) records the mode it found, refuses a region someone else configured unless told to
 * replace it, and puts the earlier mode back on destroy only when asked (restoreOnDestroy).
 */
import * as pulumi from "@pulumi/pulumi";
import type { DataRetentionMode } from "../../bedrock/dataRetention";
import { DATA_RETENTION_TYPE } from "../../policy/bedrockFacts";
import { providerByReference } from "../dynamicProvider/byReference";
import type { DataRetentionInputs, DataRetentionState } from "./provider";

/** The type token policies and tools match on (policy/bedrockFacts.ts, shared with the pack). */
export { DATA_RETENTION_TYPE };

export interface DataRetentionArgs {
    /** The region whose account-level mode this sets. Defaults to the stack's `aws:region`. */
    readonly region?: pulumi.Input<string>;
    /** `none`, `default`, `aws_review`, `provider_data_share` or `inherit`; anything else fails at preview with no call. */
    readonly mode: pulumi.Input<DataRetentionMode>;
    /** The AWS profile of every call. Defaults to the stack's `aws:profile`; without one, the standard chain. */
    readonly awsProfile?: pulumi.Input<string>;
    /** Put the earlier mode back on destroy, where nothing changed since (default false). */
    readonly restoreOnDestroy?: pulumi.Input<boolean>;
    /** Set the mode even where the region already has another configured outside this stack (default false: the preview stops). */
    readonly replaceExisting?: pulumi.Input<boolean>;
}

export class DataRetention extends pulumi.dynamic.Resource {
    declare readonly region: pulumi.Output<string>;
    /** The mode the stack declares. */
    declare readonly mode: pulumi.Output<DataRetentionMode>;
    /** The mode Bedrock reported at the last up or refresh (drift shows here, never over `mode`). */
    declare readonly observedMode: pulumi.Output<DataRetentionMode | undefined>;
    /** The mode the region had before this resource set it ("unknown" after an interrupted create). */
    declare readonly previousMode: pulumi.Output<DataRetentionMode | "unknown">;
    /** When the mode last changed (ISO 8601), as Bedrock reports it. */
    declare readonly updatedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: DataRetentionArgs, opts?: pulumi.CustomResourceOptions) {
        const props: pulumi.Inputs = {
            region: args.region ?? new pulumi.Config("aws").get("region"),
            mode: args.mode,
            awsProfile: args.awsProfile ?? new pulumi.Config("aws").get("profile"),
            restoreOnDestroy: args.restoreOnDestroy ?? false,
            replaceExisting: args.replaceExisting ?? false,
            // As ModelAccess: a plain promise, so it does not wait for the parent's children.
            resourceUrn: new Promise<string>((resolve) => pulumi.createUrn(name, DATA_RETENTION_TYPE, opts?.parent).apply(resolve)),
            previousMode: undefined,
            observedMode: undefined,
            updatedAt: undefined,
        };
        super(providerByReference<DataRetentionInputs, DataRetentionState>("dataRetention"), name, props, opts, "bedrock", "DataRetention");
    }
}
