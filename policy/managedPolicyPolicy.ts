/**
 * IAM: no AWS-managed policy that runs every Bedrock model (AdministratorAccess, PowerUserAccess,
 * AmazonBedrockFullAccess, AmazonBedrockLimitedAccess) is attached through any attachment
 * resource, a principal's managed-policy list, or an IAM Identity Center permission set.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { type BroadManagedPoliciesConfig, DEFAULT_BROAD_MANAGED_POLICIES, broadManagedPoliciesSchema, withDefaults } from "./config";
import { managedPolicyArnsOf } from "./iamDocumentPaths";

/** The AWS-managed policy name of an ARN (`arn:<partition>:iam::aws:policy/[path/]<name>`), or undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
    if (!isArn(arn)) {
        return undefined;
    }
    const { service, accountId, resource } = parseArn(arn);
    if (service !== "iam" || accountId !== "aws" || !resource.startsWith("policy/")) {
        return undefined;
    }
    return resource.split("/").pop() || undefined;
}

export const noBroadManagedPolicies: ResourceValidationPolicy = {
    name: "bedrock-no-broad-managed-policies",
    description:
        "No AWS-managed policy that grants invocation of every Bedrock model is attached to a role, user, group or permission set; reviewers can exempt named attachments.",
    enforcementLevel: "mandatory",
    configSchema: broadManagedPoliciesSchema,
    validateResource: (args, reportViolation) => {
        const found = managedPolicyArnsOf(args.type, args.props);
        if (found.length === 0) {
            return;
        }
        const config = withDefaults(args.getConfig<Partial<BroadManagedPoliciesConfig>>(), {
            broadManagedPolicies: DEFAULT_BROAD_MANAGED_POLICIES,
            exemptAttachments: [],
        });
        if (config.exemptAttachments.includes(args.name) || config.exemptAttachments.includes(args.urn)) {
            return;
        }
        for (const { where, arn } of found) {
            const name = typeof arn === "string" ? awsManagedPolicyName(arn) : undefined;
            if (name !== undefined && config.broadManagedPolicies.includes(name)) {
                reportViolation(
                    `${args.name}: ${where} attaches the AWS-managed policy ${name}, which lets the principal invoke every ` +
                        `Bedrock model. Attach the stack's invoke policy instead, or have the reviewers exempt "${args.name}" ` +
                        `(exemptAttachments).`,
                );
            }
        }
    },
};
