/**
 * Runs the deploy runner (`commands/deploy.ts`) as a pipeline or a laptop does: a separate
 * process against the engine test program, judged by its output and exit code.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runToEnd } from "../helpers/processes";
import { PROGRAM_DIR } from "./engineHarness";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The test program has no AWS resources (no provider plugin here), so no allow-list guardrail:
 * this reviewers' configuration makes that policy advisory, as a pipeline would pass it.
 */
export const ADVISORY_ALLOW_LIST = path.join(mkdtempSync(path.join(tmpdir(), "runner-policy-")), "policy-config.json");
writeFileSync(ADVISORY_ALLOW_LIST, JSON.stringify({ "bedrock-model-allow-list": "advisory", "bedrock-invocation-logging": "advisory" }));

function argv(args: readonly string[]): string[] {
    return ["-r", "ts-node/register/transpile-only", "commands/deploy.ts", ...args, "--project", PROGRAM_DIR, "--policy-config", ADVISORY_ALLOW_LIST];
}

/** Runs the runner to its end. `env` is its whole environment (PATH and HOME are added). */
export async function runRunner(args: readonly string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
    const { code, stdout, stderr } = await runToEnd(process.execPath, argv(args), {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    });
    return { code, output: stdout + stderr };
}

/** Starts the runner and returns at once, collecting its output. */
export function spawnRunner(args: readonly string[], env: Record<string, string>): { child: ChildProcess; done: Promise<{ code: number; output: string }> } {
    const child = spawn(process.execPath, argv(args), { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const done = new Promise<{ code: number; output: string }>((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, output })));
    return { child, done };
}
