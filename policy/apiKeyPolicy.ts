/**
 * Bedrock API keys: a long-term key is an IAM user's service-specific credential for
 * bedrock.amazonaws.com, a password-like secret that AWS recommends for exploration only. A stack
 * that creates one is a violation unless the reviewers allow long-term keys.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { BEDROCK_API_KEY_SERVICE_NAME } from "./bedrockFacts";
import { type ApiKeysConfig, apiKeysSchema, withDefaults } from "./config";

/** @pulumi/aws's service-specific credential (a long-term key when its serviceName is Bedrock's). */
const SERVICE_SPECIFIC_CREDENTIAL_TYPE = "aws:iam/serviceSpecificCredential:ServiceSpecificCredential";

export const noLongTermApiKeys: ResourceValidationPolicy = {
    name: "bedrock-no-long-term-api-keys",
    description:
        'No long-term Bedrock API key (an aws.iam.ServiceSpecificCredential for bedrock.amazonaws.com) is created, unless the reviewers set allowedApiKeys to "any".',
    enforcementLevel: "mandatory",
    configSchema: apiKeysSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== SERVICE_SPECIFIC_CREDENTIAL_TYPE || args.props.serviceName !== BEDROCK_API_KEY_SERVICE_NAME) {
            return;
        }
        const { allowedApiKeys } = withDefaults(args.getConfig<Partial<ApiKeysConfig>>(), { allowedApiKeys: "none" });
        if (allowedApiKeys === "any") {
            return;
        }
        reportViolation(
            `${args.name} creates a long-term Bedrock API key for the IAM user ${String(args.props.userName)}: a static bearer ` +
                "token that works until it is deleted, which AWS recommends for exploration only. Use short-term keys " +
                "(@aws/bedrock-token-generator, the caller's own permissions for up to 12 hours) or IAM roles, or have the " +
                'reviewers set allowedApiKeys to "any".',
        );
    },
};
