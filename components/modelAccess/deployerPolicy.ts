/**
 * The least-privilege IAM policy for the identity that runs `pulumi up` (the deployer), for the
 * model-access part: the Bedrock actions the ModelAccess provider calls (from
 * PROVIDER_OPERATIONS, the one list both this policy and the provider's AccessDenied messages
 * use) and AWS Marketplace subscription scoped to the models' product IDs.
 */
import { PROVIDER_OPERATIONS } from "./controlPlane";
import type { PolicyDocument, PolicyStatement } from "../../bedrock/iamDocument";
import { MARKETPLACE_PRODUCT_IDS, isMarketplaceModel, modelIdProblem } from "../../bedrock/models";

export interface DeployerPolicyOptions {
    /** The foundation models the deployer enables. */
    readonly modelIds: readonly string[];
    /** Whether any ModelAccess resource sets revokeOnDelete (adds the delete and unsubscribe actions). */
    readonly revokeOnDelete: boolean;
}

/** Builds the deployer policy; throws when a Marketplace model's product ID is not known. */
export function deployerPolicyDocument(options: DeployerPolicyOptions): PolicyDocument {
    const modelIds = [...new Set(options.modelIds)].sort();
    for (const modelId of modelIds) {
        const problem = modelIdProblem(modelId, "model");
        if (problem !== undefined) {
            throw new Error(problem);
        }
    }
    const bedrockActions = Object.values(PROVIDER_OPERATIONS)
        .filter((action) => options.revokeOnDelete || action !== PROVIDER_OPERATIONS.DeleteFoundationModelAgreement)
        .sort();
    const marketplaceModels = modelIds.filter(isMarketplaceModel);
    const unknown = marketplaceModels.filter((id) => MARKETPLACE_PRODUCT_IDS[id] === undefined);
    if (unknown.length > 0) {
        throw new Error(
            `No AWS Marketplace product ID is known for ${unknown.join(", ")}, so aws-marketplace:Subscribe cannot be ` +
                `scoped to it. Look it up in the Bedrock user guide ("Use product ID condition keys to control access") ` +
                `and add it to MARKETPLACE_PRODUCT_IDS in bedrock/models.ts.`,
        );
    }
    const statements: PolicyStatement[] = [
        // These model-access operations have no resource types in IAM, so the resource is "*".
        { Sid: "BedrockModelAccess", Effect: "Allow", Action: bedrockActions, Resource: "*" },
    ];
    if (marketplaceModels.length > 0) {
        statements.push(
            {
                Sid: "MarketplaceSubscribeToTheseModelsOnly",
                Effect: "Allow",
                Action: "aws-marketplace:Subscribe",
                Resource: "*",
                Condition: {
                    "ForAnyValue:StringEquals": {
                        "aws-marketplace:ProductId": [...new Set(marketplaceModels.map((id) => MARKETPLACE_PRODUCT_IDS[id]))].sort(),
                    },
                },
            },
            {
                Sid: "MarketplaceViewSubscriptions",
                Effect: "Allow",
                Action: options.revokeOnDelete
                    ? ["aws-marketplace:Unsubscribe", "aws-marketplace:ViewSubscriptions"]
                    : "aws-marketplace:ViewSubscriptions",
                Resource: "*",
            },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}
