/**
 * Prints the deployer policy as JSON:
 *   npm run --silent deployer-policy -- [--revoke-on-destroy] [--data-retention] [--product-id <modelId>=<prod-id> ...] [modelId ...]
 * Without model IDs it prints the policy for the development environment's models (Pulumi.dev.yaml).
 * `--product-id` names the Marketplace product of a model bedrock/models.ts does not know yet
 * (the stack's marketplaceProductIds).
 */
import * as path from "path";
import { parseArgs } from "node:util";
import { deployerPolicyDocument } from "../components/modelAccess/deployerPolicy";
import { PRODUCT_ID_PATTERN, modelIdProblem, parseProfileId } from "../bedrock/models";
import { readEnvironmentFile } from "../runner/environmentFile";

/** The models of the development environment's profiles, as Pulumi.dev.yaml names them. */
export function devEnvironmentModels(projectDir = path.resolve(__dirname, "..")): string[] {
    const config = readEnvironmentFile(projectDir, "dev").config ?? {};
    const listed = config["bedrock-model-access:inferenceProfiles"];
    const single = config["bedrock-model-access:inferenceProfile"];
    const profiles = Array.isArray(listed) ? listed.map(String) : typeof single === "string" ? [single] : [];
    return [...new Set(profiles.map((id) => parseProfileId(id.trim())?.modelId).filter((m): m is string => m !== undefined))];
}

export const DEFAULT_MODEL_IDS = devEnvironmentModels();

const USAGE = "Usage: deployer-policy [--revoke-on-destroy] [--data-retention] [--product-id <modelId>=<prod-id> ...] [modelId ...]";

/** Exit code: 0 printed, 2 bad arguments or a model whose product ID is unknown. */
export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                "revoke-on-destroy": { type: "boolean", default: false },
                "data-retention": { type: "boolean", default: false },
                "product-id": { type: "string", multiple: true, default: [] },
            },
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
        const problem = modelIdProblem(modelId, "--product-id's model");
        if (problem !== undefined) {
            err(problem);
            return 2;
        }
        if (productIds[modelId] !== undefined) {
            err(`--product-id names ${modelId} twice (${productIds[modelId]}, ${productId}); a model has one Marketplace product. ${USAGE}`);
            return 2;
        }
        productIds[modelId] = productId;
    }
    const modelIds = parsed.positionals;
    try {
        const policy = deployerPolicyDocument({
            modelIds: modelIds.length > 0 ? modelIds : DEFAULT_MODEL_IDS,
            revokeOnDestroy: parsed.values["revoke-on-destroy"] ?? false,
            dataRetention: parsed.values["data-retention"] ?? false,
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
