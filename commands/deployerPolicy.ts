/**
 * Prints the deployer policy as JSON:
 *   npm run --silent deployer-policy -- [--revoke-on-delete] [--product-id <modelId>=<prod-id> ...] [modelId ...]
 * Without model IDs it prints the policy for Claude Sonnet 4, the development environment's model.
 * `--product-id` names the Marketplace product of a model bedrock/models.ts does not know yet
 * (the stack's marketplaceProductIds).
 */
import { parseArgs } from "node:util";
import { deployerPolicyDocument } from "../components/modelAccess/deployerPolicy";
import { PRODUCT_ID_PATTERN } from "../bedrock/models";

export const DEFAULT_MODEL_IDS = ["anthropic.claude-sonnet-4-20250514-v1:0"];

const USAGE = "Usage: deployer-policy [--revoke-on-delete] [--product-id <modelId>=<prod-id> ...] [modelId ...]";

/** Exit code: 0 printed, 2 bad arguments or a model whose product ID is unknown. */
export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: { "revoke-on-delete": { type: "boolean", default: false }, "product-id": { type: "string", multiple: true, default: [] } },
        });
    } catch (e) {
        err(`${(e as Error).message}. ${USAGE}`);
        return 2;
    }
    const productIds: Record<string, string> = {};
    for (const pair of parsed.values["product-id"] ?? []) {
        const at = pair.lastIndexOf("=");
        const modelId = pair.slice(0, at);
        const productId = pair.slice(at + 1);
        if (at <= 0 || !PRODUCT_ID_PATTERN.test(productId)) {
            err(`--product-id takes <modelId>=<prod-id>, for example anthropic.claude-sonnet-4-20250514-v1:0=prod-4pmewlybdftbs; got "${pair}". ${USAGE}`);
            return 2;
        }
        productIds[modelId] = productId;
    }
    const modelIds = parsed.positionals;
    try {
        const policy = deployerPolicyDocument({
            modelIds: modelIds.length > 0 ? modelIds : DEFAULT_MODEL_IDS,
            revokeOnDelete: parsed.values["revoke-on-delete"] ?? false,
            marketplaceProductIds: productIds,
        });
        out(JSON.stringify(policy, null, 2));
        return 0;
    } catch (e) {
        err((e as Error).message);
        return 2;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
