/**
 * AWS Marketplace: subscribing to a model's offer is allowed only for named products.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { reportGrantProblems } from "./iamDocumentPaths";
import { pinnedValues } from "./iamJudging";
import type { Statement } from "./iamStatements";

/** Problems with one Allow statement that grants aws-marketplace:Subscribe. */
function subscribeProblems(statement: Statement): string[] {
    const { values: products, weakened } = pinnedValues(statement, "aws-marketplace:ProductId");
    if (products === undefined || products.length === 0) {
        return [
            "allows aws-marketplace:Subscribe to any product" +
                (weakened.length > 0 ? ` (aws-marketplace:ProductId under ${weakened.join(", ")} does not name the products it allows)` : "") +
                `. Add Condition "ForAnyValue:StringEquals": {"aws-marketplace:ProductId": [<the models' product IDs>]}`,
        ];
    }
    return products.some((p) => p.includes("*") || p.includes("?")) ? ["allows aws-marketplace:Subscribe with a wildcard product ID; name the products"] : [];
}

export const marketplaceSubscribeScoped: ResourceValidationPolicy = {
    name: "bedrock-marketplace-subscribe-scoped",
    description: "IAM documents allow aws-marketplace:Subscribe only with an aws-marketplace:ProductId condition naming the products.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => reportGrantProblems(args, reportViolation, ["aws-marketplace:Subscribe"], subscribeProblems),
};
