/**
 * `npm run --silent deployer-policy -- [--revoke-on-destroy] [--data-retention] [--product-id
 * <modelId>=<prod-id> ...] [modelId ...]`: prints the deployer's IAM policy (runner/deployerPolicy.ts).
 */
import { deployerPolicyCommand } from "../runner/deployerPolicy";
import { runMain } from "../runner/main";

runMain((argv) => deployerPolicyCommand(argv));
