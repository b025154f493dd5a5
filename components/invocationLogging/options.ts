/**
 * What one region's model invocation logging is made of (the InvocationLogging component's
 * options): where the logs go, how long CloudWatch keeps them, the KMS key, and which kinds of
 * data are delivered. The component owns the type; settings/invocationLogging.ts reads it from
 * the configuration.
 */

export const LOG_DESTINATIONS = ["cloudwatch", "s3", "both"] as const;
export type LogDestination = (typeof LOG_DESTINATIONS)[number];

export interface InvocationLoggingOptions {
    readonly destination: LogDestination;
    /** CloudWatch Logs retention (destination cloudwatch or both). */
    readonly retentionDays?: number;
    /** A KMS key for the log group and the bucket; none: AWS-owned encryption. */
    readonly kmsKeyArn?: string;
    readonly logText: boolean;
    readonly logImage: boolean;
    readonly logEmbedding: boolean;
    readonly logVideo: boolean;
    /** Key prefix of the objects in the bucket (destination s3 or both). */
    readonly s3KeyPrefix: string;
    /** Replace a configuration the account already has in a region, instead of stopping the preview. */
    readonly replaceExisting: boolean;
}
