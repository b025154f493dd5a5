/**
 * The least-privilege IAM policy for the identity that runs `pulumi up` (the deployer), for the
 * model-access part: the Bedrock actions the ModelAccess provider calls (from
 * PROVIDER_OPERATIONS, the one list both this policy and the provider's AccessDenied messages
 * use) and AWS Marketplace subscription scoped to the models' product IDs.
 */
import { PROVIDER_OPERATIONS } from "../../aws/bedrock";
import type { PolicyDocument, PolicyStatement } from "../../bedrock/iamDocument";
import { type ProductIdTable, marketplaceProductIds, modelIdProblem } from "../../bedrock/models";

export interface DeployerPolicyOptions {
    /** The foundation models the deployer enables. */
    readonly modelIds: readonly string[];
    /** Whether any ModelAccess resource sets revokeOnDestroy (adds the delete and unsubscribe actions). */
    readonly revokeOnDestroy: boolean;
    /** Product IDs of Marketplace models the built-in table does not know, by model ID. */
    readonly marketplaceProductIds?: ProductIdTable;
    /** Whether the stack manages the regions' data-retention mode (adds PutAccountDataRetention). */
    readonly dataRetention?: boolean;
    /** Whether the stack calls bedrock-mantle (adds the read of its model list the preview makes, and its project's management). */
    readonly mantle?: boolean;
    /** Whether the stack accepts trusted-access programs (adds their reads and the account's enrollment). */
    readonly trustedAccess?: boolean;
}

/** The operations that manage the environment's project: bedrock-mantle actions, authorized on project ARNs. */
const PROJECT_ACTIONS = Object.values(PROVIDER_OPERATIONS).filter((a) => a.startsWith("bedrock-mantle:"));
const TRUSTED_ACCESS_ACTIONS: readonly string[] = [
    PROVIDER_OPERATIONS.ListTrustedAccessPrograms,
    PROVIDER_OPERATIONS.GetTrustedAccessProgramAccountEnrollment,
    PROVIDER_OPERATIONS.PutTrustedAccessProgramAccountEnrollment,
];

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
        .filter((action) => !action.startsWith("bedrock-mantle:"))
        .filter((action) => options.trustedAccess === true || !TRUSTED_ACCESS_ACTIONS.includes(action))
        .filter((action) => options.revokeOnDestroy || action !== PROVIDER_OPERATIONS.DeleteFoundationModelAgreement)
        .filter((action) => options.dataRetention === true || action !== PROVIDER_OPERATIONS.PutAccountDataRetention)
        .sort();
    const productIds = marketplaceProductIds(modelIds, options.marketplaceProductIds);
    const statements: PolicyStatement[] = [
        // These model-access operations have no resource types in IAM, so the resource is "*".
        { Sid: "BedrockModelAccess", Effect: "Allow", Action: bedrockActions, Resource: "*" },
        // The verification step's quota preflight (commands/verifyAccess.ts); Service Quotas has no resource-level permissions for listing.
        { Sid: "ReadBedrockQuotas", Effect: "Allow", Action: "servicequotas:ListServiceQuotas", Resource: "*" },
        // The preview's read of bedrock-mantle's model list (aws/mantleCatalog.ts); IAM authorizes it on a project.
        ...(options.mantle === true
            ? [
                  { Sid: "ReadMantleModels", Effect: "Allow" as const, Action: "bedrock-mantle:ListModels", Resource: "arn:*:bedrock-mantle:*:*:project/*" },
                  // The environment's project (components/mantleProject): found by name, created, tagged, archived on destroy.
                  {
                      Sid: "ManageEnvironmentProject",
                      Effect: "Allow" as const,
                      Action: [...PROJECT_ACTIONS].sort(),
                      Resource: "arn:*:bedrock-mantle:*:*:project/*",
                  },
              ]
            : []),
    ];
    if (productIds.length > 0) {
        statements.push(
            {
                Sid: "MarketplaceSubscribeToTheseModelsOnly",
                Effect: "Allow",
                Action: "aws-marketplace:Subscribe",
                Resource: "*",
                Condition: {
                    "ForAnyValue:StringEquals": {
                        "aws-marketplace:ProductId": productIds,
                    },
                },
            },
            {
                Sid: "MarketplaceViewSubscriptions",
                Effect: "Allow",
                Action: options.revokeOnDestroy ? ["aws-marketplace:Unsubscribe", "aws-marketplace:ViewSubscriptions"] : "aws-marketplace:ViewSubscriptions",
                Resource: "*",
            },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}
