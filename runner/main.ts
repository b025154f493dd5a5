/**
 * How every command ends: a command is a thin main that hands its arguments to one operation of
 * the runner and exits with the code the operation returns (runner/args.ts's EXIT); an operation
 * that throws prints the error and exits 1 (deploymentFailed), never with a half-written answer.
 */
import { EXIT } from "./args";

/** An operation of the runner: the command line's arguments in, an exit code out. */
export type Operation = (argv: readonly string[]) => number | Promise<number>;

export function runMain(operation: Operation, argv: readonly string[] = process.argv.slice(2)): void {
    Promise.resolve()
        .then(() => operation(argv))
        .then(
            (code) => {
                process.exitCode = code;
            },
            (err: unknown) => {
                console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
                process.exitCode = EXIT.deploymentFailed;
            },
        );
}
