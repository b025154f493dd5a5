/**
 * `npm run review -- <environment> [--project <dir>] [--policy-config <file>] [--out <dir>]`: the
 * compliance review reviewers file. The deploy runner's `review` operation: a preview with the
 * policy pack (read-only, with the runner's preflight and exit codes; 3 on a mandatory
 * violation), then review-<environment>.json and review-<environment>.md (runner/reviewReport.ts).
 */
import { deploy } from "../runner/deploy";
import { reviewArgs } from "../runner/args";
import { runMain } from "../runner/main";

runMain((argv) => deploy(reviewArgs(argv)));
