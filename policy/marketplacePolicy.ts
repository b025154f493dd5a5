/**
 * AWS Marketplace: subscribing to a model's offer is allowed only for named products.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { documentsOf } from "./iamDocumentPaths";
import { allowsAction, pinnedValues } from "./iamJudging";
import { describeStatement, parseDocument } from "./iamStatements";

export const marketplaceSubscribeScoped: ResourceValidationPolicy = {
    name: "bedrock-marketplace-subscribe-scoped",
    description: "IAM documents allow aws-marketplace:Subscribe only with an aws-marketplace:ProductId condition naming the products.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        for (const document of documentsOf(args.type, args.props)) {
            const parsed = parseDocument(document.raw);
            if ("error" in parsed) {
                reportViolation(`${args.name}: ${document.where} could not be checked: it ${parsed.error}.`);
                continue;
            }
            parsed.statements.forEach((statement, i) => {
                if (!allowsAction(statement, "aws-marketplace:Subscribe")) {
                    return;
                }
                const { values: products, weakened } = pinnedValues(statement, "aws-marketplace:ProductId");
                const where = `${args.name}: ${document.where} ${describeStatement(statement, i)}`;
                if (products === undefined || products.length === 0) {
                    reportViolation(
                        `${where} allows aws-marketplace:Subscribe to any product` +
                            (weakened.length > 0 ? ` (aws-marketplace:ProductId under ${weakened.join(", ")} does not name the products it allows)` : "") +
                            `. Add Condition "ForAnyValue:StringEquals": {"aws-marketplace:ProductId": [<the models' product IDs>]}.`,
                    );
                } else if (products.some((p) => p.includes("*") || p.includes("?"))) {
                    reportViolation(`${where} allows aws-marketplace:Subscribe with a wildcard product ID; name the products.`);
                }
            });
        }
    },
};
