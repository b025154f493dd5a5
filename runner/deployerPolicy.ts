/**
 * Prints the deployer policy as JSON:
 *   npm run --silent deployer-policy -- [--revoke-on-destroy] [--data-retention] [--mantle] [--trusted-access] [--product-id <modelId>=<prod-id> ...] [modelId ...]
 * Without model IDs it prints the policy for the development environment's models (Pulumi.dev.yaml, read by settings/).
 * `--product-id` names the Marketplace product of a model bedrock/models.ts does not know yet
 * (the stack's marketplaceProductIds).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { deployerPolicyDocument } from "../components/modelAccess/deployerPolicy";
import { PRODUCT_ID_PATTERN, modelIdProblem } from "../bedrock/models";
import { readEnvironmentSettings } from "../settings/settings";
import { readEnvironmentFile, readProjectFile } from "./environmentFile";

/**
 * The models of an environment (its profiles' and its mantle-only ones; default: the development environment), read with the
 * program's own rules (settings/), so the policy grants what that environment's stack enables.
 */
export function environmentModels(projectDir = path.resolve(__dirname, ".."), environment = "dev"): string[] {
    const { settings } = readEnvironmentSettings(readEnvironmentFile(projectDir, environment), readProjectFile(projectDir).name, environment);
    return [...settings.models];
}

const USAGE =
    "Usage: deployer-policy [--revoke-on-destroy] [--data-retention] [--mantle] [--trusted-access] [--product-id <modelId>=<prod-id> ...] [modelId ...]";

function parseDeployerArgs(argv: readonly string[]) {
    return parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
            "revoke-on-destroy": { type: "boolean", default: false },
            "data-retention": { type: "boolean", default: false },
            mantle: { type: "boolean", default: false },
            "trusted-access": { type: "boolean", default: false },
            "product-id": { type: "string", multiple: true, default: [] },
        },
    });
}

/** Exit code: 0 printed, 2 bad arguments or a model whose product ID is unknown. */
export function deployerPolicyCommand(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
    let parsed: ReturnType<typeof parseDeployerArgs>;
    try {
        parsed = parseDeployerArgs(argv);
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
            modelIds: modelIds.length > 0 ? modelIds : environmentModels(),
            revokeOnDestroy: parsed.values["revoke-on-destroy"] ?? false,
            dataRetention: parsed.values["data-retention"] ?? false,
            mantle: parsed.values.mantle ?? false,
            trustedAccess: parsed.values["trusted-access"] ?? false,
            marketplaceProductIds: productIds,
        });
        out(JSON.stringify(policy, null, 2));
        return 0;
    } catch (e) {
        err((e as Error).message);
        return 2;
    }
}
