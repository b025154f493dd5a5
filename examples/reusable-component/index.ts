/**
 * Example: another Pulumi TypeScript program that uses this package's components. It creates
 * its own application role and passes the role (an output of another resource) to
 * InferenceProfileAccess and ModelAllowList, in a region other than its provider's.
 *
 * In a program of your own, import from the installed package instead of the relative paths:
 *   import { InferenceProfileAccess } from "bedrock-model-access/components/inferenceProfileAccess/inferenceProfileAccess";
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resolveInferenceProfile } from "../../bedrock/inferenceProfiles";
import { InferenceProfileAccess } from "../../components/inferenceProfileAccess/inferenceProfileAccess";
import { ModelAllowList } from "../../components/modelAllowList/modelAllowList";

const REGION = "eu-central-1";
/** Parsed and checked against the region once; both components take the parsed form. */
const PROFILE = resolveInferenceProfile("eu.anthropic.claude-sonnet-4-20250514-v1:0", REGION);

export = async () => {
    const role = new aws.iam.Role("chat-backend", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    const access = new InferenceProfileAccess("sonnet-eu", {
        inferenceProfileId: PROFILE,
        region: REGION,
        invokeRoleNames: [role.name],
        verifyAccess: false,
    });
    const allowList = new ModelAllowList("sonnet-eu-only", { inferenceProfileIds: [PROFILE], roleNames: [role.name] });
    return {
        inferenceProfileId: access.inferenceProfileId,
        inferenceProfileArn: access.inferenceProfileArn,
        guardrailPolicy: allowList.guardrailPolicy,
        roleName: pulumi.output(role.name),
    };
};
