/**
 * Model invocation logging (AWS's sample AI/ML security assessment, check BR-04): a stack that
 * enables model access in a region declares invocation logging there, with text logging on, a log
 * group retention within the reviewers' bounds and, when they require it, a KMS key. And since
 * invocation logging covers bedrock-runtime only, a stack that grants bedrock-mantle hears so.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isModelAccessType } from "./bedrockIds";
import { DEFAULT_INVOCATION_LOGGING, type InvocationLoggingConfig, invocationLoggingSchema, withDefaults } from "./config";
import { documentsOf, known } from "./iamDocumentPaths";
import { allowsAction } from "./iamJudging";
import { parseDocument } from "./iamStatements";

const LOGGING_TYPE = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration";
const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";
const BUCKET_ENCRYPTION_TYPE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

/** The region a resource acts in: its own `region` input, else its provider's. */
function regionOf(resource: PolicyResource): string | undefined {
    const own = known(() => resource.props.region);
    if (typeof own === "string" && own !== "") {
        return own;
    }
    const fromProvider = known(() => resource.provider?.props.region);
    return typeof fromProvider === "string" ? fromProvider : undefined;
}

/** The resources a property of `holder` depends on, of one type. */
function dependencies(holder: PolicyResource, property: string, all: readonly PolicyResource[], type: string): PolicyResource[] {
    const urns = (holder.propertyDependencies[property] ?? []).map((d) => d.urn);
    return all.filter((r) => r.type === type && urns.includes(r.urn));
}

/** The log groups a logging configuration writes: by dependency of its loggingConfig, or by the group name it names. */
function logGroupsOf(configuration: PolicyResource, all: readonly PolicyResource[]): PolicyResource[] {
    const groupName = known(() => (configuration.props.loggingConfig as LoggingConfig | undefined)?.cloudwatchConfig?.logGroupName);
    return [
        ...dependencies(configuration, "loggingConfig", all, LOG_GROUP_TYPE),
        ...all.filter((r) => r.type === LOG_GROUP_TYPE && groupName !== undefined && known(() => r.props.name) === groupName),
    ].filter((g, i, list) => list.indexOf(g) === i);
}

interface LoggingConfig {
    readonly textDataDeliveryEnabled?: boolean;
    readonly cloudwatchConfig?: { readonly logGroupName?: string };
    readonly s3Config?: { readonly bucketName?: string };
}

export const invocationLogging: StackValidationPolicy = {
    name: "bedrock-invocation-logging",
    description:
        "A stack that enables Bedrock model access in a region declares model invocation logging there (aws.bedrockmodel.InvocationLoggingConfiguration) with text logging on, its log group's retention within minRetentionDays..maxRetentionDays, and a KMS key when requireKms is set (AWS AI/ML security assessment, BR-04).",
    enforcementLevel: "mandatory",
    configSchema: invocationLoggingSchema,
    validateStack: (args, reportViolation) => {
        const config = withDefaults(args.getConfig<Partial<InvocationLoggingConfig>>(), DEFAULT_INVOCATION_LOGGING);
        // Region -> the first resource enabling model access there (violations name a resource).
        const enabled = new Map<string, string>();
        for (const resource of args.resources.filter((r) => isModelAccessType(r.type))) {
            const region = regionOf(resource);
            if (region !== undefined && !enabled.has(region)) {
                enabled.set(region, resource.urn);
            }
        }
        const configurations = args.resources.filter((r) => r.type === LOGGING_TYPE);
        for (const [region, urn] of enabled) {
            const here = configurations.filter((c) => regionOf(c) === region);
            if (here.length === 0) {
                reportViolation(
                    `The stack enables model access in ${region} but declares no model invocation logging there, so nobody can tell ` +
                        `who called which model with what (BR-04). Declare it (bedrock-model-access:invocationLogging, e.g. ` +
                        `{"destination": "cloudwatch", "retentionDays": 90}).`,
                    urn,
                );
                continue;
            }
            for (const configuration of here) {
                // Each value read by itself: at preview a destination's name may not be known yet.
                const text = known(() => (configuration.props.loggingConfig as LoggingConfig | undefined)?.textDataDeliveryEnabled);
                const hasCloudWatch = known(() => (configuration.props.loggingConfig as LoggingConfig | undefined)?.cloudwatchConfig !== undefined);
                const hasS3 = known(() => (configuration.props.loggingConfig as LoggingConfig | undefined)?.s3Config !== undefined);
                if (text === false || (text === undefined && hasCloudWatch !== undefined)) {
                    reportViolation(
                        `${configuration.name} in ${region} does not log text (textDataDeliveryEnabled is not true), so prompts and ` +
                            "answers are not recorded; set invocationLogging.logText to true.",
                        configuration.urn,
                    );
                }
                for (const group of hasCloudWatch === false ? [] : logGroupsOf(configuration, args.resources)) {
                    const days = known(() => group.props.retentionInDays as number | undefined);
                    if (days === undefined || days === 0 || days < config.minRetentionDays || days > config.maxRetentionDays) {
                        reportViolation(
                            `${group.name} keeps invocation logs ${days === undefined || days === 0 ? "forever (no retention)" : `${days} days`}, ` +
                                `outside the reviewers' bounds (${config.minRetentionDays} to ${config.maxRetentionDays} days); set ` +
                                "invocationLogging.retentionDays.",
                            group.urn,
                        );
                    }
                    if (config.requireKms && !known(() => group.props.kmsKeyId)) {
                        reportViolation(
                            `${group.name} is not encrypted with a KMS key, and the reviewers require one; set invocationLogging.kmsKeyArn.`,
                            group.urn,
                        );
                    }
                }
                if (config.requireKms && hasS3 === true) {
                    const encryption = args.resources.filter((r) => r.type === BUCKET_ENCRYPTION_TYPE && regionOf(r) === region);
                    const kms = encryption.some((e) => JSON.stringify(known(() => e.props.rules) ?? []).includes('"aws:kms"'));
                    if (!kms) {
                        reportViolation(
                            `The invocation-log bucket in ${region} is not encrypted with a KMS key, and the reviewers require one; set invocationLogging.kmsKeyArn.`,
                            configuration.urn,
                        );
                    }
                }
            }
        }
    },
};

/**
 * Invocation logs encrypted with a KMS key (AWS's sample AI/ML security assessment, BR-12; Prowler's
 * bedrock_model_invocation_logs_encryption_enabled): every destination a logging configuration
 * writes, the log group (kmsKeyId) and the bucket (default encryption aws:kms). Advisory: the
 * reviewers decide whether AWS-managed encryption is enough (`bedrock-invocation-logging`'s
 * requireKms makes it mandatory there).
 */
export const invocationLogsEncrypted: StackValidationPolicy = {
    name: "bedrock-invocation-logs-encrypted",
    description:
        "The destinations model invocation logging writes are encrypted with a KMS key: the log group has a kmsKeyId, the bucket's default encryption is aws:kms (AWS AI/ML security assessment BR-12; Prowler bedrock_model_invocation_logs_encryption_enabled).",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const configuration of args.resources.filter((r) => r.type === LOGGING_TYPE)) {
            const region = regionOf(configuration) ?? "its region";
            const logging = () => configuration.props.loggingConfig as LoggingConfig | undefined;
            for (const group of known(() => logging()?.cloudwatchConfig !== undefined) === false ? [] : logGroupsOf(configuration, args.resources)) {
                if (!known(() => group.props.kmsKeyId)) {
                    reportViolation(
                        `${group.name} (invocation logs in ${region}) is encrypted with CloudWatch Logs' own key, not a KMS key of the account; set invocationLogging.kmsKeyArn.`,
                        group.urn,
                    );
                }
            }
            if (known(() => logging()?.s3Config !== undefined) === true) {
                const encryption = args.resources.filter((r) => r.type === BUCKET_ENCRYPTION_TYPE && regionOf(r) === regionOf(configuration));
                if (!encryption.some((e) => JSON.stringify(known(() => e.props.rules) ?? []).includes('"aws:kms"'))) {
                    reportViolation(
                        `The invocation-log bucket in ${region} is encrypted with S3's own keys (SSE-S3), not a KMS key; set invocationLogging.kmsKeyArn.`,
                        configuration.urn,
                    );
                }
            }
        }
    },
};

export const mantleNotLogged: StackValidationPolicy = {
    name: "bedrock-mantle-not-logged",
    description:
        "A stack that grants bedrock-mantle (Anthropic's Messages API there) is told that model invocation logging does not cover bedrock-mantle calls.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const resource of args.resources) {
            const grants = documentsOf(resource.type, resource.props).some((document) => {
                const parsed = parseDocument(document.raw);
                return !("error" in parsed) && parsed.statements.some((s) => allowsAction(s, "bedrock-mantle:CreateInference"));
            });
            if (grants) {
                reportViolation(
                    `${resource.name} grants bedrock-mantle:CreateInference. Model invocation logging covers bedrock-runtime calls only ` +
                        '(Bedrock user guide, "Monitor model invocation"): calls on bedrock-mantle leave no invocation log, only CloudTrail\'s record of the call.',
                    resource.urn,
                );
                return;
            }
        }
    },
};
