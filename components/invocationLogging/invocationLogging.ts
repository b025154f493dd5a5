/**
 * The InvocationLogging component: model invocation logging for one account and region
 * (aws.bedrockmodel.InvocationLoggingConfiguration) with what it needs, nothing broader than the
 * documented minimum: a log group with retention and a role only Bedrock may assume (CloudWatch),
 * and a private, encrypted bucket only Bedrock may write (S3).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InvocationLoggingOptions } from "./options";
import { type LoggingPlace, logBucketPolicy, logRolePolicy, logRoleTrustPolicy } from "./loggingDocuments";

export const INVOCATION_LOGGING_TYPE = "bedrock-model-access:index:InvocationLogging";

export interface InvocationLoggingArgs {
    /** The region whose Bedrock calls are logged (one configuration per account and region). */
    readonly region: string;
    /** Where the logs go, how long they are kept, the KMS key and what is delivered. */
    readonly settings: InvocationLoggingOptions;
    /** The log group's name (destination cloudwatch or both). */
    readonly logGroupName: string;
    /** What the bucket's name starts with (destination s3 or both; S3 allows at most 37 characters). */
    readonly bucketPrefix: string;
}

export class InvocationLogging extends pulumi.ComponentResource {
    /** The region whose calls are logged. */
    readonly region: string;
    /** The log group's name, when CloudWatch is a destination. */
    readonly logGroupName?: pulumi.Output<string>;
    /** The bucket's name, when S3 is a destination. */
    readonly bucketName?: pulumi.Output<string>;
    /** The role Bedrock assumes to write the log group. */
    readonly roleArn?: pulumi.Output<string>;

    constructor(name: string, args: InvocationLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super(INVOCATION_LOGGING_TYPE, name, {}, opts);
        const { region, settings } = args;
        this.region = region;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const place = pulumi.all([partition, accountId]).apply(([p, a]): LoggingPlace => ({ partition: p, region, accountId: a }));

        const cloudwatch = settings.destination === "s3" ? undefined : createCloudWatchDestination(this, name, args, place);
        const s3 = settings.destination === "cloudwatch" ? undefined : createS3Destination(this, name, args, place);

        new aws.bedrockmodel.InvocationLoggingConfiguration(
            `${name}-configuration`,
            {
                region,
                loggingConfig: {
                    textDataDeliveryEnabled: settings.logText,
                    imageDataDeliveryEnabled: settings.logImage,
                    embeddingDataDeliveryEnabled: settings.logEmbedding,
                    videoDataDeliveryEnabled: settings.logVideo,
                    cloudwatchConfig: cloudwatch && { logGroupName: cloudwatch.logGroup.name, roleArn: cloudwatch.role.arn },
                    s3Config: s3 && { bucketName: s3.bucket.id, keyPrefix: settings.s3KeyPrefix },
                },
            },
            // Bedrock checks the destinations when the configuration is put: they come first.
            { parent: this, dependsOn: [...(cloudwatch?.ready ?? []), ...(s3?.ready ?? [])] },
        );
        this.logGroupName = cloudwatch?.logGroup.name;
        this.roleArn = cloudwatch?.role.arn;
        this.bucketName = s3?.bucket.id;
        this.registerOutputs({ logGroupName: this.logGroupName, bucketName: this.bucketName, roleArn: this.roleArn });
    }
}

function createCloudWatchDestination(parent: pulumi.Resource, name: string, args: InvocationLoggingArgs, place: pulumi.Output<LoggingPlace>) {
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-log-group`,
        { region: args.region, name: args.logGroupName, retentionInDays: args.settings.retentionDays, kmsKeyId: args.settings.kmsKeyArn },
        { parent },
    );
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            path: "/bedrock-model-access/",
            description: `Bedrock writes model invocation logs to ${args.logGroupName} in ${args.region}`,
            assumeRolePolicy: place.apply((p) => JSON.stringify(logRoleTrustPolicy(p))),
        },
        { parent },
    );
    // The log group's ARN built from its name, not read from it: known at preview, so that the
    // policy pack can read this document then (the group's own arn output is not known yet).
    const logGroupArn = place.apply((p) => `arn:${p.partition}:logs:${p.region}:${p.accountId}:log-group:${args.logGroupName}`);
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-role-policy`,
        { role: role.name, policy: logGroupArn.apply((arn) => JSON.stringify(logRolePolicy(arn))) },
        { parent, dependsOn: [logGroup] },
    );
    return { logGroup, role, ready: [logGroup, role, rolePolicy] };
}

function createS3Destination(parent: pulumi.Resource, name: string, args: InvocationLoggingArgs, place: pulumi.Output<LoggingPlace>) {
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { region: args.region, bucketPrefix: args.bucketPrefix }, { parent });
    // ACLs off (the bucket owner owns every object), no public access, default encryption.
    const ownership = new aws.s3.BucketOwnershipControls(
        `${name}-bucket-ownership`,
        { region: args.region, bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { parent },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-bucket-public-access`,
        { region: args.region, bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        { parent },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-bucket-encryption`,
        {
            region: args.region,
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault:
                        args.settings.kmsKeyArn === undefined
                            ? { sseAlgorithm: "AES256" }
                            : { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.settings.kmsKeyArn },
                    bucketKeyEnabled: args.settings.kmsKeyArn !== undefined,
                },
            ],
        },
        { parent },
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-bucket-policy`,
        {
            region: args.region,
            bucket: bucket.id,
            policy: pulumi.all([place, bucket.id]).apply(([p, id]) => JSON.stringify(logBucketPolicy(p, id, args.settings.s3KeyPrefix))),
        },
        // The public-access block first: a policy put before it could not be refused as public.
        { parent, dependsOn: [publicAccess] },
    );
    return { bucket, ready: [bucket, ownership, publicAccess, encryption, policy] };
}
