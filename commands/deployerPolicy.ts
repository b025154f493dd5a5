/**
 * Prints the deployer policy as JSON:
 *   npm run --silent deployer-policy -- [--revoke-on-delete] [modelId ...]
 * Without model IDs it prints the policy for Claude Sonnet 4, the development environment's model.
 */
import { deployerPolicyDocument } from "../components/modelAccess/deployerPolicy";

export const DEFAULT_MODEL_IDS = ["anthropic.claude-sonnet-4-20250514-v1:0"];

function main(argv: string[]): number {
    const revokeOnDelete = argv.includes("--revoke-on-delete");
    const unknownFlags = argv.filter((a) => a.startsWith("-") && a !== "--revoke-on-delete");
    if (unknownFlags.length > 0) {
        console.error(`Unknown option ${unknownFlags.join(", ")}. Usage: deployer-policy [--revoke-on-delete] [modelId ...]`);
        return 2;
    }
    const modelIds = argv.filter((a) => !a.startsWith("-"));
    try {
        const policy = deployerPolicyDocument({ modelIds: modelIds.length > 0 ? modelIds : DEFAULT_MODEL_IDS, revokeOnDelete });
        console.log(JSON.stringify(policy, null, 2));
        return 0;
    } catch (err) {
        console.error((err as Error).message);
        return 2;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
