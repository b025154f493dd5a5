/**
 * `npm run review -- <environment> [--project <dir>] [--policy-config <file>] [--out <dir>]`: the
 * compliance review reviewers file. The deploy runner's `review` operation: a preview with the
 * policy pack (read-only, with the runner's preflight and exit codes; 3 on a mandatory
 * violation), then review-<environment>.json and review-<environment>.md (runner/reviewReport.ts).
 */
import { deploy } from "./deploy";

/** The runner's arguments: the environment, then the operation, then the rest. */
export function reviewArgs(argv: readonly string[]): string[] {
    const first = argv.findIndex((a) => !a.startsWith("-"));
    // Options before the environment keep their values: --project <dir> takes the next word.
    const valueOptions = new Set(["--project", "--policy-config", "--out"]);
    let i = 0;
    while (i < argv.length && argv[i].startsWith("-")) {
        i += valueOptions.has(argv[i]) ? 2 : 1;
    }
    return first === -1 || i >= argv.length ? [...argv] : [...argv.slice(0, i + 1), "review", ...argv.slice(i + 1)];
}

if (require.main === module) {
    deploy(reviewArgs(process.argv.slice(2))).then(
        (code) => (process.exitCode = code),
        (err) => {
            console.error(err);
            process.exitCode = 1;
        },
    );
}
