/**
 * The verification step the stack runs after deploying (@pulumi/command, with the deployer's
 * credentials): `node -r ts-node/register/transpile-only commands/verifyAccess.ts --region R
 * --profile ID --model ID [...]` (runner/verifyAccess.ts).
 */
import { runMain } from "../runner/main";
import { verifyAccessCommand } from "../runner/verifyAccess";

runMain((argv) => verifyAccessCommand(argv));
