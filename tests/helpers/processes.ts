/** Runs a command to its end, as a shell or pipeline would, for tests judged by exit code and output. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export interface ProcessResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `command` to its end; a non-zero exit is a result, not an exception. */
export async function runToEnd(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ProcessResult> {
    try {
        const { stdout, stderr } = await promisify(execFile)(command, [...args], { ...options, maxBuffer: 32 * 1024 * 1024 });
        return { code: 0, stdout, stderr };
    } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}
