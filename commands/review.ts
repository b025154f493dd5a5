/**
 * `npm run review -- <environment>|--all [--project <dir>] [--policy-config <file>] [--out <dir>]`:
 * the compliance review reviewers file. The deploy runner's `review` operation: a preview with the
 * policy pack (read-only, with the runner's preflight and exit codes; 3 on a mandatory
 * violation), then review-<environment>.json, .md, .html and .junit.xml (runner/reviewReport.ts);
 * with --all, every environment side by side and review-index.html and .md.
 */
import { deploy } from "../runner/deploy";
import { reviewArgs } from "../runner/args";
import { runMain } from "../runner/main";

runMain((argv) => deploy(reviewArgs(argv)));
