/**
 * The MantleModelAccess component: one model served only on bedrock-mantle (no inference profile,
 * such as Claude Mythos 5) made usable end to end in one Region: the invoke policy for that model
 * there, its attachments, and the verification (and, with verifyInvoke, one Messages call).
 */
import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { ApiKeyPolicy } from "../../bedrock/endpoints";
import { INVOKE_POLICY_PATH } from "../inferenceProfileAccess/inferenceProfileAccess";
import { mantleOnlyPolicyDocument } from "../inferenceProfileAccess/invokePolicy";
import type { ModelAccess } from "../modelAccess/modelAccess";
import { VERIFY_DIR, verificationScript } from "../verificationCommand";

export interface MantleModelAccessArgs {
    /** The bare model ID bedrock-mantle serves, e.g. anthropic.claude-mythos-5. */
    readonly modelId: string;
    /** The Region the application calls bedrock-mantle in (bedrock-mantle has no cross-Region routing). */
    readonly region: string;
    /** The model's access in that Region, declared by the caller. */
    readonly modelAccess: ModelAccess;
    /** Existing IAM role names to attach the invoke policy to. */
    readonly invokeRoleNames?: readonly pulumi.Input<string>[];
    /** Which Bedrock API keys the application may use on bedrock-mantle: "none" (default), "short-term" or "any". */
    readonly apiKeys?: ApiKeyPolicy;
    /** Names of SSM parameters (in the Region) the invoke policy also lets the application read. */
    readonly readableParameterNames?: readonly string[];
    /** Check after deploying that access is AVAILABLE. Default true. */
    readonly verifyAccess?: boolean;
    /** Prove access after deploying with one Messages call on bedrock-mantle (a one-token answer). Default false. */
    readonly verifyInvoke?: boolean;
    /** The AWS profile the verification runs as; default: the stack's aws:profile. */
    readonly awsProfile?: string;
    /** The environment's Bedrock project: the grant names it alone and the proof runs in it; without one, every project of the account in the Region. */
    readonly mantleProject?: { readonly projectId: pulumi.Input<string>; readonly mantleArn: pulumi.Input<string> };
}

export const MANTLE_MODEL_ACCESS_TYPE = "bedrock-model-access:index:MantleModelAccess";

/** Access to one model on bedrock-mantle only, with a least-privilege policy for exactly that model in that Region. */
export class MantleModelAccess extends pulumi.ComponentResource {
    readonly modelId: pulumi.Output<string>;
    readonly invokePolicyArn: pulumi.Output<string>;
    /** The invoke policy document as JSON. */
    readonly invokePolicyDocument: pulumi.Output<string>;

    constructor(name: string, args: MantleModelAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super(MANTLE_MODEL_ACCESS_TYPE, name, {}, opts);
        this.modelId = pulumi.output(args.modelId);
        const policy = this.createInvokePolicy(name, args);
        this.invokePolicyArn = policy.arn;
        this.invokePolicyDocument = policy.policy;
        const attachments = this.attachToRoles(name, args, policy);
        if (args.verifyAccess ?? true) {
            this.createVerification(name, args, [policy, args.modelAccess, ...attachments]);
        }
        this.registerOutputs({ modelId: this.modelId, invokePolicyArn: this.invokePolicyArn });
    }

    /** The model on bedrock-mantle in the Region only; made after access exists, so no application holds a grant it cannot use. */
    private createInvokePolicy(name: string, args: MantleModelAccessArgs): aws.iam.Policy {
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const document = pulumi.all([partition, accountId, args.mantleProject?.mantleArn]).apply(([p, account, projectArn]) =>
            JSON.stringify(
                mantleOnlyPolicyDocument({
                    partition: p,
                    sourceRegion: args.region,
                    accountId: account,
                    modelId: args.modelId,
                    mantleProjectArn: projectArn,
                    apiKeys: args.apiKeys,
                    readableParameterArns: (args.readableParameterNames ?? []).map((n) => `arn:${p}:ssm:${args.region}:${account}:parameter${n}`),
                }),
            ),
        );
        return new aws.iam.Policy(
            `${name}-invoke`,
            { path: INVOKE_POLICY_PATH, description: `Invoke ${args.modelId} only, on bedrock-mantle in ${args.region}`, policy: document },
            { parent: this, dependsOn: [args.modelAccess] },
        );
    }

    private attachToRoles(name: string, args: MantleModelAccessArgs, policy: aws.iam.Policy): aws.iam.RolePolicyAttachment[] {
        return (args.invokeRoleNames ?? []).map(
            (role, i) =>
                new aws.iam.RolePolicyAttachment(`${name}-invoke-${typeof role === "string" ? role : i}`, { role, policyArn: policy.arn }, { parent: this }),
        );
    }

    /** The project's verification, on bedrock-mantle only: access AVAILABLE, and with verifyInvoke one Messages call. */
    private createVerification(name: string, args: MantleModelAccessArgs, after: pulumi.Resource[]): void {
        const flags = [`--region ${args.region}`, `--model ${args.modelId}`, "--endpoint mantle", ...(args.verifyInvoke ? ["--invoke"] : [])];
        const script = verificationScript(flags, args.awsProfile);
        const project = args.mantleProject;
        new command.local.Command(
            `${name}-verify`,
            {
                create: project === undefined ? script : pulumi.interpolate`${script} --mantle-project ${project.projectId}`,
                dir: VERIFY_DIR,
                triggers: [args.modelId, args.region, ...(args.verifyInvoke ? ["invoke"] : []), ...(project === undefined ? [] : [project.projectId])],
            },
            { parent: this, dependsOn: after },
        );
    }
}
