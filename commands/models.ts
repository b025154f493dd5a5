/**
 * `npm run models -- --region <region> [--provider anthropic] [--json]`: the catalog a region
 * offers, read live (runner/models.ts).
 */
import { runMain } from "../runner/main";
import { modelsCommand } from "../runner/models";

runMain((argv) => modelsCommand(argv));
