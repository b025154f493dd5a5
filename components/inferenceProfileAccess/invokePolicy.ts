/**
 * The IAM policy that lets an application invoke a model only through one system-defined
 * inference profile (AWS user guide: "geographic cross-region inference" and "global
 * cross-region inference"). Tighter than AWS CDK's grantInvoke, which allows the model in every
 * region with no bedrock:InferenceProfileArn condition.
 */
import type { PolicyDocument, PolicyStatement } from "../../bedrock/iamDocument";

export interface InvokePolicyInput {
    readonly partition: string;
    readonly sourceRegion: string;
    readonly inferenceProfileArn: string;
    readonly modelId: string;
    /** Regions the profile routes to (from GetInferenceProfile's models[].modelArn). */
    readonly destinationRegions: readonly string[];
    readonly isGlobal: boolean;
    /** Also grant bedrock:InvokeModelWithResponseStream (ConverseStream). */
    readonly allowStreaming: boolean;
    /** SSM parameters the application reads its Bedrock settings from (ApplicationConfig); granted exactly. */
    readonly readableParameterArns?: readonly string[];
}

/** The statement that lets the application read exactly its configuration parameters. */
function readParameters(arns: readonly string[] | undefined): PolicyStatement[] {
    return arns === undefined || arns.length === 0
        ? []
        : [{ Sid: "ReadApplicationConfiguration", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: [...arns] }];
}

export function invokeActions(allowStreaming: boolean): string[] {
    // Converse uses InvokeModel; ConverseStream uses InvokeModelWithResponseStream.
    return allowStreaming ? ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] : ["bedrock:InvokeModel"];
}

function foundationModelArn(partition: string, region: string, modelId: string): string {
    return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

export function invokePolicyDocument(input: InvokePolicyInput): PolicyDocument {
    const Action = invokeActions(input.allowStreaming);
    const throughProfile = { "bedrock:InferenceProfileArn": input.inferenceProfileArn };
    const readProfile: PolicyStatement = {
        Sid: "ReadInferenceProfile",
        Effect: "Allow",
        Action: "bedrock:GetInferenceProfile",
        Resource: input.inferenceProfileArn,
    };
    if (!input.isGlobal) {
        const regions = [...new Set(input.destinationRegions)].sort();
        return {
            Version: "2012-10-17",
            Statement: [
                { Sid: "InvokeThroughInferenceProfile", Effect: "Allow", Action, Resource: input.inferenceProfileArn },
                {
                    Sid: "InvokeModelOnlyThroughInferenceProfile",
                    Effect: "Allow",
                    Action,
                    Resource: regions.map((region) => foundationModelArn(input.partition, region, input.modelId)),
                    Condition: { StringEquals: throughProfile },
                },
                readProfile,
                ...readParameters(input.readableParameterArns),
            ],
        };
    }
    const inSourceRegion = { "aws:RequestedRegion": input.sourceRegion };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "InvokeThroughGlobalInferenceProfile",
                Effect: "Allow",
                Action,
                Resource: input.inferenceProfileArn,
                Condition: { StringEquals: inSourceRegion },
            },
            {
                Sid: "InvokeModelInSourceRegionThroughProfile",
                Effect: "Allow",
                Action,
                Resource: foundationModelArn(input.partition, input.sourceRegion, input.modelId),
                Condition: { StringEquals: { ...inSourceRegion, ...throughProfile } },
            },
            {
                Sid: "InvokeModelAnywhereThroughGlobalProfile",
                Effect: "Allow",
                Action,
                // Global routing reaches the region-less model ARN, with the requested region "unspecified".
                Resource: foundationModelArn(input.partition, "", input.modelId),
                Condition: { StringEquals: { "aws:RequestedRegion": "unspecified", ...throughProfile } },
            },
            readProfile,
            ...readParameters(input.readableParameterArns),
        ],
    };
}
