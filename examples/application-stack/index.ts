/**
 * Example: an application's own stack that reads the inference profile from an environment of
 * this project through a StackReference, instead of copying the ID by hand (the runbook's last step).
 */
import * as pulumi from "@pulumi/pulumi";

const environment = new pulumi.Config().get("bedrockStack") ?? `organization/bedrock-model-access/${pulumi.getStack()}`;
const bedrock = new pulumi.StackReference(environment);

/** Pass this as modelId to Converse or InvokeModel, in the region below. */
export const modelId = bedrock.requireOutput("inferenceProfileId");
export const inferenceProfileArn = bedrock.requireOutput("inferenceProfileArn");
export const invokePolicyArn = bedrock.requireOutput("invokePolicyArn");
