/**
 * The InferenceProfileAccess component: one system-defined cross-region inference profile made
 * usable end to end (model access, the live profile lookup, the invoke policy, verification).
 */
import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { type ApiKeyPolicy, DEFAULT_INFERENCE_ENDPOINTS, type InferenceEndpoint } from "../../bedrock/endpoints";
import { type InferenceProfileRef, foundationModelArnRegion } from "../../bedrock/inferenceProfiles";
import { createApplicationProfile } from "./applicationProfile";
import { invokePolicyDocument } from "./invokePolicy";
import { ModelAccess } from "../modelAccess/modelAccess";
import type { UseCaseForm } from "../modelAccess/inputs";
import { VERIFY_DIR, verificationScript } from "../verificationCommand";

export interface InferenceProfileAccessArgs {
    /**
     * The system-defined cross-region inference profile, parsed and checked against `region` once
     * by the caller: `resolveInferenceProfile("apac.anthropic.claude-sonnet-4-20250514-v1:0", region)`
     * (the stack's settings parse their configuration into this form).
     */
    readonly inferenceProfileId: InferenceProfileRef;
    /** The source region the application calls the profile from; must fit the profile's geography. */
    readonly region: string;
    /** Anthropic's use-case form, for accounts that have not submitted it (kept secret). */
    readonly useCaseForm?: pulumi.Input<UseCaseForm>;
    /** Further regions to enable model access in, for opt-in regions that need their own agreement. */
    readonly extraModelAccessRegions?: readonly string[];
    /** Grant bedrock:InvokeModelWithResponseStream as well as bedrock:InvokeModel. Default true. */
    readonly allowStreaming?: boolean;
    /** Existing IAM role names to attach the invoke policy to. */
    readonly invokeRoleNames?: readonly pulumi.Input<string>[];
    /** Delete the model agreements when this component is destroyed. Default false. */
    readonly revokeOnDestroy?: boolean;
    /** How long to wait for model access, in seconds. Default 900. */
    readonly accessWaitTimeoutSeconds?: number;
    /** Check with the deployer's credentials, after deploying, that the profile is ACTIVE and access AVAILABLE. Default true. */
    readonly verifyAccess?: boolean;
    /**
     * Model access declared by the caller, one per region (the source region first), shared by
     * every profile of the same model. Without it the component declares its own.
     */
    readonly modelAccess?: readonly ModelAccess[];
    /** The AWS profile the verification step (and model access it declares) uses; default: the stack's aws:profile. */
    readonly awsProfile?: string;
    /** Names of SSM parameters (in the source region) the invoke policy also lets the application read. */
    readonly readableParameterNames?: readonly string[];
    /**
     * Prove access after deploying with one real call per endpoint (Converse through the profile;
     * a Messages request on bedrock-mantle), each a one-token answer. Default false.
     */
    readonly verifyInvoke?: boolean;
    /** The endpoints the application calls: "runtime" (default) and/or "mantle". Each is granted and proven. */
    readonly inferenceEndpoints?: readonly InferenceEndpoint[];
    /** Which Bedrock API keys the application may use: "none" (default), "short-term" or "any". */
    readonly apiKeys?: ApiKeyPolicy;
    /**
     * The environment's Bedrock project (MantleProject), with "mantle" among the endpoints: the
     * bedrock-mantle grant names it alone, and the verification's Messages call runs in it.
     * Without one, the grant is on every project of the account in the region.
     */
    readonly mantleProject?: { readonly projectId: pulumi.Input<string>; readonly mantleArn: pulumi.Input<string> };
    /**
     * Track usage per environment: an application inference profile copying the system profile,
     * with these tags, which the application calls (granted, published as invokeModelId, proven).
     */
    readonly usageTracking?: {
        /** The environment as names carry it (the stack's name; the project's before it outside this project), in the application profile's name. */
        readonly stack: string;
        /** Every tag of the application profile, environment included. */
        readonly tags: Readonly<Record<string, string>>;
    };
}

export const INFERENCE_PROFILE_ACCESS_TYPE = "bedrock-model-access:index:InferenceProfileAccess";

/** IAM path of the invoke policies, so the deployer's IAM permissions can be scoped to it. */
export const INVOKE_POLICY_PATH = "/bedrock-model-access/";

/**
 * Everything an application needs to call a model through one system-defined cross-region
 * inference profile: access to the model, the profile's ID, ARN and destination regions, and a
 * least-privilege IAM policy that allows the model only through that profile.
 */
export class InferenceProfileAccess extends pulumi.ComponentResource {
    /** The profile ID the application passes as modelId to InvokeModel / Converse. */
    readonly inferenceProfileId: pulumi.Output<string>;
    readonly inferenceProfileArn: pulumi.Output<string>;
    /** The foundation model behind the profile. */
    readonly modelId: pulumi.Output<string>;
    /** The regions the profile routes requests to, as Bedrock lists them now. */
    readonly destinationRegions: pulumi.Output<string[]>;
    readonly invokePolicyArn: pulumi.Output<string>;
    /** The application inference profile's ARN (usage tracking); undefined without it. */
    readonly applicationProfileArn?: pulumi.Output<string>;
    /** What the application passes as modelId: the application profile's ARN with usage tracking, else the profile ID. */
    readonly invokeModelId: pulumi.Output<string>;
    /** The invoke policy document as JSON. */
    readonly invokePolicyDocument: pulumi.Output<string>;
    /** Model access, one per region (the source region first). */
    readonly modelAccess: ModelAccess[];

    constructor(name: string, args: InferenceProfileAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const profile = args.inferenceProfileId;
        super(INFERENCE_PROFILE_ACCESS_TYPE, name, {}, opts);

        const endpoints = args.inferenceEndpoints ?? DEFAULT_INFERENCE_ENDPOINTS;
        if (endpoints.length === 0) {
            throw new Error('InferenceProfileAccess: inferenceEndpoints is empty; give "runtime", "mantle" or both.');
        }
        const accessRegions = [args.region, ...(args.extraModelAccessRegions ?? []).filter((r) => r !== args.region)];
        this.modelAccess =
            args.modelAccess !== undefined
                ? [...args.modelAccess]
                : accessRegions.map(
                      (region, i) =>
                          new ModelAccess(
                              i === 0 ? `${name}-model-access` : `${name}-model-access-${region}`,
                              {
                                  modelId: profile.modelId,
                                  region,
                                  useCaseForm: args.useCaseForm,
                                  revokeOnDestroy: args.revokeOnDestroy ?? false,
                                  accessWaitTimeoutSeconds: args.accessWaitTimeoutSeconds,
                                  awsProfile: args.awsProfile,
                              },
                              { parent: this },
                          ),
                  );

        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        // Looked up in the component's own region, not the provider's: a profile's ARN is per source region.
        const lookup = aws.bedrock.getInferenceProfileOutput({ inferenceProfileId: profile.inferenceProfileId, region: args.region }, { parent: this });
        const expectedArn = pulumi.interpolate`arn:${partition}:bedrock:${args.region}:${accountId}:inference-profile/${profile.inferenceProfileId}`;

        const checked = pulumi.all([lookup, expectedArn]).apply(([found, arn]) => {
            if (found.type !== "SYSTEM_DEFINED") {
                throw new Error(
                    `Inference profile ${profile.inferenceProfileId} is of type ${found.type}; this component takes SYSTEM_DEFINED cross-region profiles.`,
                );
            }
            if (found.status !== "ACTIVE") {
                throw new Error(`Inference profile ${profile.inferenceProfileId} in ${args.region} is ${found.status}, not ACTIVE.`);
            }
            if (found.inferenceProfileArn && found.inferenceProfileArn !== arn) {
                throw new Error(`Bedrock reports the profile ARN ${found.inferenceProfileArn}, expected ${arn}; check the stack's region and account.`);
            }
            const regions = found.models.map((m) => {
                const parsed = foundationModelArnRegion(m.modelArn);
                if (parsed === undefined || parsed.modelId !== profile.modelId) {
                    throw new Error(`Inference profile ${profile.inferenceProfileId} routes to ${m.modelArn}, not to ${profile.modelId}.`);
                }
                return parsed.region;
            });
            const destinationRegions = [...new Set(regions.filter((r) => r !== ""))].sort();
            if (destinationRegions.length === 0 && !profile.isGlobal) {
                throw new Error(`Inference profile ${profile.inferenceProfileId} lists no destination regions.`);
            }
            return { arn, destinationRegions };
        });

        this.inferenceProfileId = pulumi.output(profile.inferenceProfileId);
        this.inferenceProfileArn = checked.arn;
        this.modelId = pulumi.output(profile.modelId);
        this.destinationRegions = checked.destinationRegions;
        const usage =
            args.usageTracking === undefined
                ? undefined
                : createApplicationProfile(
                      name,
                      {
                          stack: args.usageTracking.stack,
                          inferenceProfileId: profile.inferenceProfileId,
                          systemProfileArn: checked.arn,
                          region: args.region,
                          tags: args.usageTracking.tags,
                      },
                      this,
                  );
        this.applicationProfileArn = usage?.arn;
        this.invokeModelId = usage?.arn ?? this.inferenceProfileId;
        const applicationProfileArn: pulumi.Output<string | undefined> = usage?.arn ?? pulumi.output(undefined);
        const mantleProjectArn: pulumi.Output<string | undefined> = endpoints.includes("mantle")
            ? pulumi.output(args.mantleProject?.mantleArn)
            : pulumi.output(undefined);
        this.invokePolicyDocument = pulumi
            .all([partition, accountId, checked, applicationProfileArn, mantleProjectArn])
            .apply(([p, account, c, appArn, projectArn]) =>
                JSON.stringify(
                    invokePolicyDocument({
                        partition: p,
                        sourceRegion: args.region,
                        inferenceProfileArn: c.arn,
                        modelId: profile.modelId,
                        destinationRegions: c.destinationRegions,
                        isGlobal: profile.isGlobal,
                        allowStreaming: args.allowStreaming ?? true,
                        readableParameterArns: (args.readableParameterNames ?? []).map((n) => `arn:${p}:ssm:${args.region}:${account}:parameter${n}`),
                        endpoints,
                        apiKeys: args.apiKeys,
                        accountId: account,
                        applicationProfileArn: appArn,
                        mantleProjectArn: projectArn,
                    }),
                ),
            );

        // No application gets a policy for a model it cannot use yet.
        const policy = new aws.iam.Policy(
            `${name}-invoke`,
            {
                path: INVOKE_POLICY_PATH,
                description: endpoints.includes("runtime")
                    ? `Invoke ${profile.modelId} only through the inference profile ${profile.inferenceProfileId}${endpoints.includes("mantle") ? " and on bedrock-mantle" : ""}`
                    : `Invoke ${profile.modelId} only, on bedrock-mantle`,
                policy: this.invokePolicyDocument,
            },
            { parent: this, dependsOn: this.modelAccess },
        );
        this.invokePolicyArn = policy.arn;

        // A role given as an output of another resource is named by its position (its name is not known yet).
        const attachments = (args.invokeRoleNames ?? []).map(
            (role, i) =>
                new aws.iam.RolePolicyAttachment(`${name}-invoke-${typeof role === "string" ? role : i}`, { role, policyArn: policy.arn }, { parent: this }),
        );

        if (args.verifyAccess ?? true) {
            const flags = [
                `--region ${args.region}`,
                `--profile ${profile.inferenceProfileId}`,
                `--model ${profile.modelId}`,
                ...accessRegions.slice(1).map((r) => `--access-region ${r}`),
            ];
            if (endpoints.join() !== DEFAULT_INFERENCE_ENDPOINTS.join()) {
                // Without --endpoint the check proves the runtime alone: stacks deployed before keep their command.
                flags.push(...endpoints.map((e) => `--endpoint ${e}`));
            }
            if (args.verifyInvoke ?? false) {
                flags.push("--invoke");
            }
            const script = verificationScript(flags, args.awsProfile);
            // bedrock-mantle's proof runs in the environment's project, as the backend's calls do.
            const project = endpoints.includes("mantle") ? args.mantleProject : undefined;
            const withProject = project === undefined ? pulumi.output(script) : pulumi.interpolate`${script} --mantle-project ${project.projectId}`;
            new command.local.Command(
                `${name}-verify`,
                {
                    // With usage tracking the proof goes through the application profile, as the backend's calls do.
                    create: usage === undefined ? withProject : pulumi.interpolate`${withProject} --invoke-model-id ${usage.arn}`,
                    dir: VERIFY_DIR,
                    // Runs again when the profile, the model or the access regions change.
                    triggers: [
                        profile.inferenceProfileId,
                        profile.modelId,
                        ...accessRegions,
                        ...(args.verifyInvoke ? ["invoke"] : []),
                        // A new endpoint is proven when it is added; the runtime-only default keeps today's triggers.
                        ...endpoints.filter((e) => e !== "runtime"),
                        ...(usage === undefined ? [] : [usage.arn]),
                        ...(project === undefined ? [] : [project.projectId]),
                    ],
                },
                { parent: this, dependsOn: [policy, ...this.modelAccess, ...attachments, ...(usage === undefined ? [] : [usage])] },
            );
        }

        this.registerOutputs({
            inferenceProfileId: this.inferenceProfileId,
            inferenceProfileArn: this.inferenceProfileArn,
            modelId: this.modelId,
            destinationRegions: this.destinationRegions,
            invokePolicyArn: this.invokePolicyArn,
            // Without usage tracking the component's state stays as it was.
            ...(usage === undefined ? {} : { applicationProfileArn: usage.arn, invokeModelId: this.invokeModelId }),
        });
    }
}
