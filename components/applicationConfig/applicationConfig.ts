/**
 * The ApplicationConfig component: the runbook's last step, "copy the inference profile ID into
 * the backend's configuration", as SSM parameters under one prefix that the backend reads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InferenceEndpoint } from "../../bedrock/endpoints";
import {
    APPLICATION_PARAMETERS,
    type ApplicationParameter,
    type ParameterChoice,
    applicationParameterNames,
    applicationParameters,
    parameterPrefixProblem,
} from "./parameterNames";

export { APPLICATION_PARAMETERS, applicationParameterNames, applicationParameters, parameterPrefixProblem } from "./parameterNames";
export type { ApplicationParameter, ParameterChoice } from "./parameterNames";

export interface ApplicationConfigArgs {
    /** The path prefix, e.g. /chat-backend/dev/bedrock. */
    readonly prefix: string;
    readonly inferenceProfileId: pulumi.Input<string>;
    readonly inferenceProfileArn: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly modelId: pulumi.Input<string>;
    /** The endpoints the application calls; with "mantle", mantle-model-id and mantle-base-url are written too. */
    readonly endpoints?: readonly InferenceEndpoint[];
    /** The model ID bedrock-mantle takes (with "mantle"). */
    readonly mantleModelId?: pulumi.Input<string>;
    /** The bedrock-mantle base URL (with "mantle"). */
    readonly mantleBaseUrl?: pulumi.Input<string>;
    /** The environment's Bedrock project ID (with "mantle"): the anthropic-workspace header's value. */
    readonly mantleProjectId?: pulumi.Input<string>;
    /** The application inference profile's ARN (usage tracking): written as invoke-model-id. */
    readonly invokeModelId?: pulumi.Input<string>;
    /** Models served only on bedrock-mantle: written, comma-separated, as mantle-only-model-ids. */
    readonly mantleOnlyModelIds?: readonly string[];
}

export class ApplicationConfig extends pulumi.ComponentResource {
    /** Parameter name -> full SSM parameter name. */
    readonly parameterNames: Partial<Record<ApplicationParameter, string>>;
    /** The ARNs of the parameters, for the read permission of the application's roles. */
    readonly parameterArns: pulumi.Output<string[]>;

    constructor(name: string, args: ApplicationConfigArgs, opts?: pulumi.ComponentResourceOptions) {
        const problem = parameterPrefixProblem(args.prefix);
        if (problem !== undefined) {
            throw new Error(`ApplicationConfig: ${problem}`);
        }
        super("bedrock-model-access:index:ApplicationConfig", name, {}, opts);
        const choice: ParameterChoice = {
            endpoints: args.endpoints,
            usageTracking: args.invokeModelId !== undefined,
            mantleOnlyModels: (args.mantleOnlyModelIds ?? []).length > 0,
        };
        const keys = applicationParameters(choice);
        const values: Record<ApplicationParameter, pulumi.Input<string> | undefined> = {
            "inference-profile-id": args.inferenceProfileId,
            "inference-profile-arn": args.inferenceProfileArn,
            region: args.region,
            "model-id": args.modelId,
            "mantle-model-id": args.mantleModelId,
            "mantle-base-url": args.mantleBaseUrl,
            "mantle-project-id": args.mantleProjectId,
            "invoke-model-id": args.invokeModelId,
            "mantle-only-model-ids": args.mantleOnlyModelIds?.join(","),
        };
        const missing = keys.filter((k) => values[k] === undefined);
        if (missing.length > 0) {
            throw new Error(`ApplicationConfig: ${missing.join(", ")} must be given when the endpoints include mantle.`);
        }
        const names = applicationParameterNames(args.prefix, choice);
        const parameters = keys.map((key) => {
            return new aws.ssm.Parameter(
                `${name}-${key}`,
                // insecureValue: these are not secrets, and @pulumi/aws would otherwise hide them in every diff.
                { name: names[key], type: "String", insecureValue: values[key], description: APPLICATION_PARAMETERS[key] },
                { parent: this },
            );
        });
        this.parameterNames = names;
        this.parameterArns = pulumi.all(parameters.map((p) => p.arn));
        this.registerOutputs({ parameterNames: this.parameterNames, parameterArns: this.parameterArns });
    }
}
