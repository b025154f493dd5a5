/**
 * `npm run deploy -- <environment> [preview|up|refresh|destroy|review]` (or `--all`): the deploy
 * runner's command line (runner/deploy.ts; usage and exit codes in runner/args.ts).
 */
import { deploy } from "../runner/deploy";
import { runMain } from "../runner/main";

runMain((argv) => deploy(argv));
