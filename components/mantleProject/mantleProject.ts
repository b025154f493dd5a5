/**
 * The MantleProject resource: the Bedrock project an environment's bedrock-mantle calls run in
 * (the same resource as an Anthropic-compatible "workspace"), tagged like the environment's
 * application profiles and with the environment's data-retention mode, so IAM can name it
 * instead of every project of the account. Its provider (provider.ts) adopts it by name and
 * environment tag, and archives it on destroy.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DataRetentionMode } from "../../bedrock/dataRetention";
import { MANTLE_PROJECT_TYPE } from "../../policy/bedrockFacts";
import { providerByReference } from "../dynamicProvider/byReference";
import type { MantleProjectInputs, MantleProjectState } from "./provider";

export { MANTLE_PROJECT_TYPE };

export interface MantleProjectArgs {
    /** The project's name; an active project of this name tagged for the environment is adopted. */
    readonly name: pulumi.Input<string>;
    /** The region of the project (bedrock-mantle's calls in this region only). */
    readonly region: pulumi.Input<string>;
    /** The project's tags, `environment` required (the environment it belongs to, the adoption key). */
    readonly tags: pulumi.Input<Record<string, string>>;
    /** The project-level data-retention mode (default `inherit`: the account's mode). */
    readonly dataRetentionMode?: pulumi.Input<DataRetentionMode>;
    /** The AWS profile of every call. Defaults to the stack's `aws:profile`; without one, the standard chain. */
    readonly awsProfile?: pulumi.Input<string>;
}

export class MantleProject extends pulumi.dynamic.Resource {
    /** `proj_...`: what the backend sends in the anthropic-workspace header. */
    declare readonly projectId: pulumi.Output<string>;
    declare readonly arn: pulumi.Output<string>;
    /** arn:<partition>:bedrock-mantle:<region>:<account>:project/<id>: what IAM grants name. */
    declare readonly mantleArn: pulumi.Output<string>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: MantleProjectArgs, opts?: pulumi.CustomResourceOptions) {
        const props: pulumi.Inputs = {
            name: args.name,
            region: args.region,
            tags: args.tags,
            dataRetentionMode: args.dataRetentionMode ?? "inherit",
            awsProfile: args.awsProfile ?? new pulumi.Config("aws").get("profile"),
            resourceUrn: new Promise<string>((resolve) => pulumi.createUrn(name, MANTLE_PROJECT_TYPE, opts?.parent).apply(resolve)),
            projectId: undefined,
            arn: undefined,
            mantleArn: undefined,
            adopted: undefined,
            observedTags: undefined,
            observedMode: undefined,
        };
        super(providerByReference<MantleProjectInputs, MantleProjectState>("mantleProject"), name, props, opts, "bedrock", "MantleProject");
    }
}
