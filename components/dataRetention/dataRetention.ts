/**
 * The DataRetention resource: the account's data-retention mode in one region, which decides
 * whether an environment's prompts are kept or shared with the model provider. Its provider
 * (provider.ts) records the mode it found and puts it back on destroy.
 */
import * as path from "path";
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
    /** `none`, `default`, `provider_data_share` or `inherit`; anything else fails at preview with no call. */
    readonly mode: pulumi.Input<DataRetentionMode>;
    /** The AWS profile of every call. Defaults to the stack's `aws:profile`; without one, the standard chain. */
    readonly awsProfile?: pulumi.Input<string>;
}

export class DataRetention extends pulumi.dynamic.Resource {
    declare readonly region: pulumi.Output<string>;
    /** The mode Bedrock reports (kept current by refresh). */
    declare readonly mode: pulumi.Output<DataRetentionMode>;
    /** The mode the region had before this resource set it; put back on destroy. */
    declare readonly previousMode: pulumi.Output<DataRetentionMode>;
    /** When the mode last changed (ISO 8601), as Bedrock reports it. */
    declare readonly updatedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: DataRetentionArgs, opts?: pulumi.CustomResourceOptions) {
        const props: pulumi.Inputs = {
            region: args.region ?? new pulumi.Config("aws").get("region"),
            mode: args.mode,
            awsProfile: args.awsProfile ?? new pulumi.Config("aws").get("profile"),
            // As ModelAccess: a plain promise, so it does not wait for the parent's children.
            resourceUrn: new Promise<string>((resolve) => pulumi.createUrn(name, DATA_RETENTION_TYPE, opts?.parent).apply(resolve)),
            previousMode: undefined,
            updatedAt: undefined,
        };
        super(
            providerByReference<DataRetentionInputs, DataRetentionState>(path.join(__dirname, "provider"), "dataRetentionProvider"),
            name,
            props,
            opts,
            "bedrock",
            "DataRetention",
        );
    }
}
