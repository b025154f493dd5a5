/**
 * The application inference profile of one environment: a tagged copy of a system-defined
 * cross-region profile (CreateInferenceProfile with modelSource.copyFrom), so Cost Explorer can
 * tell one environment's spend on the model from another's once the tags are activated.
 */
import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** CreateInferenceProfile's rules for inferenceProfileName: 1-64 characters, `^([0-9a-zA-Z][ _-]?)+$`. */
const NAME_MAX_LENGTH = 64;
const NAME_PATTERN = /^([0-9a-zA-Z][ _-]?)+$/;

/**
 * The profile's name: `<stack>-<profile ID>` with every run of other characters made one `-`, and
 * a short hash of the original when anything was replaced or cut (two IDs that differ only in
 * punctuation must not share a name; the name is unique per account and region).
 */
export function applicationProfileName(stack: string, inferenceProfileId: string): string {
    const wanted = `${stack}-${inferenceProfileId}`;
    const safe = wanted
        .replace(/[^0-9a-zA-Z]+/g, "-")
        .replace(/^-+/, "")
        .replace(/-+$/, "");
    if (safe === wanted && safe.length <= NAME_MAX_LENGTH) {
        return safe;
    }
    const hash = createHash("sha256").update(wanted).digest("hex").slice(0, 8);
    const name = `${safe.slice(0, NAME_MAX_LENGTH - hash.length - 1).replace(/-+$/, "")}-${hash}`;
    if (!NAME_PATTERN.test(name)) {
        // Only a stack name with no letter or digit at all gets here; Pulumi refuses those already.
        throw new Error(`No inference-profile name can be made from the stack "${stack}" and ${inferenceProfileId}.`);
    }
    return name;
}

export interface ApplicationProfileArgs {
    /** The environment (the stack's name): in the profile's name and its environment tag. */
    readonly stack: string;
    /** The system-defined profile it copies. */
    readonly inferenceProfileId: string;
    /** The system-defined profile's ARN in the source region (modelSource.copyFrom). */
    readonly systemProfileArn: pulumi.Input<string>;
    readonly region: string;
    /** Every tag, environment included. */
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * Declares the copy. A copy cannot change its source (CloudFormation: "Update requires:
 * Replacement"), so another system profile replaces it, with a new ARN that invoke-model-id follows.
 */
export function createApplicationProfile(name: string, args: ApplicationProfileArgs, parent: pulumi.Resource): aws.bedrock.InferenceProfile {
    const profileName = applicationProfileName(args.stack, args.inferenceProfileId);
    pulumi.log.info(
        `Usage tracking: the application inference profile ${profileName} copies ${args.inferenceProfileId} in ${args.region}; ` +
            "choosing another profile replaces it (a new ARN, which the invoke-model-id parameter and the invoke policy follow).",
        parent,
    );
    return new aws.bedrock.InferenceProfile(
        `${name}-usage`,
        {
            name: profileName,
            region: args.region,
            // CreateInferenceProfile's description pattern: one separator ( _-) at a time, after a letter, digit, : or .
            description: `Usage of ${args.inferenceProfileId} by ${args.stack}`
                .replace(/[^0-9a-zA-Z:. _-]+/g, " ")
                .replace(/[ _-]{2,}/g, " ")
                .slice(0, 200),
            modelSource: { copyFrom: args.systemProfileArn },
            tags: { ...args.tags },
        },
        { parent, replaceOnChanges: ["modelSource", "name"] },
    );
}
