/**
 * Model invocation logging (bedrock-model-access:invocationLogging), read field by field so each
 * problem names the field: where the logs go, how long CloudWatch keeps them, the KMS key, and
 * which kinds of data are delivered.
 */
import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { type InvocationLoggingOptions, LOG_DESTINATIONS, type LogDestination } from "../components/invocationLogging/options";
import type { KeyOf } from "./keys";

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy's retentionInDays). */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const FIELDS = ["destination", "retentionDays", "kmsKeyArn", "logText", "logImage", "logEmbedding", "logVideo", "s3KeyPrefix", "replaceExisting"];

/** invocationLogging: {} or absent for "not managed" (undefined), else the checked settings. */
export function invocationLoggingSettings(raw: unknown, problems: string[], key: KeyOf): InvocationLoggingOptions | undefined {
    const name = key("invocationLogging");
    if (raw === undefined || (typeof raw === "object" && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0)) {
        return undefined;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        problems.push(`${name} must be an object such as {"destination": "cloudwatch", "retentionDays": 90}, got ${JSON.stringify(raw)}.`);
        return undefined;
    }
    const fields = raw as Record<string, unknown>;
    for (const field of Object.keys(fields).filter((f) => !FIELDS.includes(f))) {
        problems.push(`${name} has an unknown field "${field}"; the fields are ${FIELDS.join(", ")}.`);
    }
    const destination = fields.destination;
    if (!(LOG_DESTINATIONS as readonly unknown[]).includes(destination)) {
        problems.push(
            `${name}.destination must be "cloudwatch", "s3" or "both", got ${JSON.stringify(destination)}. ` +
                "Set it with `pulumi config set --path invocationLogging.destination cloudwatch`.",
        );
        return undefined;
    }
    const flag = (field: string, fallback: boolean): boolean => {
        const value = fields[field];
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "boolean") {
            problems.push(
                `${name}.${field} must be true or false, got ${JSON.stringify(value)} (\`pulumi config set --path --type bool invocationLogging.${field} true\`).`,
            );
            return fallback;
        }
        return value;
    };
    let retentionDays: number | undefined;
    if (destination !== "s3") {
        const value = fields.retentionDays;
        if (typeof value !== "number" || !LOG_RETENTION_DAYS.includes(value)) {
            problems.push(
                `${name}.retentionDays must be one of CloudWatch Logs' retention periods (${LOG_RETENTION_DAYS.join(", ")} days), got ` +
                    `${JSON.stringify(value)}. Set it with \`pulumi config set --path --type int invocationLogging.retentionDays 90\`.`,
            );
        } else {
            retentionDays = value;
        }
    } else if (fields.retentionDays !== undefined) {
        problems.push(
            `${name}.retentionDays is set, but destination "s3" has no log group; keep the bucket's objects with an S3 lifecycle rule instead, or choose "both".`,
        );
    }
    const kmsKeyArn = fields.kmsKeyArn;
    if (kmsKeyArn !== undefined && (typeof kmsKeyArn !== "string" || !isArn(kmsKeyArn) || parseArn(kmsKeyArn).service !== "kms")) {
        problems.push(`${name}.kmsKeyArn must be a KMS key ARN such as arn:aws:kms:ap-southeast-1:123456789012:key/<id>, got ${JSON.stringify(kmsKeyArn)}.`);
    }
    const prefix = fields.s3KeyPrefix ?? "bedrock";
    if (typeof prefix !== "string" || !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix)) {
        problems.push(`${name}.s3KeyPrefix must be an S3 key prefix such as bedrock (no leading or trailing slash), got ${JSON.stringify(prefix)}.`);
    }
    const settings: InvocationLoggingOptions = {
        destination: destination as LogDestination,
        retentionDays,
        kmsKeyArn: typeof kmsKeyArn === "string" ? kmsKeyArn : undefined,
        logText: flag("logText", true),
        logImage: flag("logImage", false),
        logEmbedding: flag("logEmbedding", false),
        logVideo: flag("logVideo", false),
        s3KeyPrefix: typeof prefix === "string" ? prefix : "bedrock",
        replaceExisting: flag("replaceExisting", false),
    };
    if (!settings.logText && !settings.logImage && !settings.logEmbedding && !settings.logVideo) {
        problems.push(`${name} delivers no data (logText, logImage, logEmbedding and logVideo are all false); turn logText on, or remove invocationLogging.`);
    }
    return settings;
}
