/**
 * The IAM documents model invocation logging needs, narrowed to the documented minimum (Bedrock
 * user guide, "Monitor model invocation using CloudWatch Logs and Amazon S3"): Bedrock may assume
 * the log role and write the bucket only for this account's Bedrock in this region
 * (aws:SourceAccount, aws:SourceArn), and the role may only write log streams of its log group.
 */
import type { PolicyDocument } from "../../bedrock/iamDocument";

export interface LoggingPlace {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

/** Bedrock acting for this account in this region, and nothing else. */
function fromThisAccountsBedrock(place: LoggingPlace): Record<string, Record<string, string>> {
    return {
        StringEquals: { "aws:SourceAccount": place.accountId },
        ArnLike: { "aws:SourceArn": `arn:${place.partition}:bedrock:${place.region}:${place.accountId}:*` },
    };
}

/** Who may assume the log role: bedrock.amazonaws.com, for this account's Bedrock in this region. */
export function logRoleTrustPolicy(place: LoggingPlace): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "BedrockInvocationLogging",
                Effect: "Allow",
                Principal: { Service: "bedrock.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: fromThisAccountsBedrock(place),
            },
        ],
    };
}

/** What the log role may do: create streams and put events in its log group, nothing else. */
export function logRolePolicy(logGroupArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteInvocationLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroupArn}:log-stream:*`,
            },
        ],
    };
}

/** The bucket policy: Bedrock may put objects under the invocation-log prefix, for this account and region only. */
export function logBucketPolicy(place: LoggingPlace, bucketName: string, keyPrefix: string): PolicyDocument {
    const prefix = keyPrefix === "" ? "" : `${keyPrefix}/`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AmazonBedrockLogsWrite",
                Effect: "Allow",
                Principal: { Service: "bedrock.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:${place.partition}:s3:::${bucketName}/${prefix}AWSLogs/${place.accountId}/BedrockModelInvocationLogs/*`,
                Condition: fromThisAccountsBedrock(place),
            },
            {
                // The logs are prompts and answers: nobody reads or writes them over plain HTTP.
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:${place.partition}:s3:::${bucketName}`, `arn:${place.partition}:s3:::${bucketName}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
