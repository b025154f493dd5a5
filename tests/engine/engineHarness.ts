/**
 * Runs a stack through the real Pulumi engine (Automation API, local file backend, passphrase
 * secrets) against the Bedrock emulator. Each EngineStack gets its own backend and PULUMI_HOME.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { type ConfigMap, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import type { BedrockEmulator } from "../emulator/bedrockEmulator";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";

export const PROGRAM_DIR = path.join(__dirname, "program");
export const POLICY_DIR = path.resolve(__dirname, "..", "..", "policy");
const ENSURE_CLI = path.join(__dirname, "ensure-pulumi-cli.sh");

let cliDir: Promise<string> | undefined;
let stackCount = 0;
const created: EngineStack[] = [];

/**
 * The hooks every engine suite needs: a long timeout, the emulator, the CLI (built on the first
 * run, which takes minutes), and removal of the stacks each test created. Call it in describe's
 * function body with `this`.
 */
export function useEngineTests(suite: Mocha.Suite): BedrockEmulator {
    suite.timeout(300_000);
    const emulator = useBedrockEmulator();
    before(async function () {
        this.timeout(1_800_000);
        await pulumiCli();
    });
    afterEach(removeEngineStacks);
    return emulator;
}

/** Removes every stack this process created (their configuration files and state). */
export async function removeEngineStacks(): Promise<void> {
    for (const engine of created.splice(0)) {
        await engine.stack.workspace.removeStack(engine.stack.name, { force: true });
        rmSync(engine.backendDir, { recursive: true, force: true });
    }
}

/** The directory of the Pulumi CLI (cached; built on the first run if needed), put first on PATH. */
export function pulumiCli(): Promise<string> {
    cliDir ??= promisify(execFile)("bash", [ENSURE_CLI], { maxBuffer: 16 * 1024 * 1024 }).then(({ stdout }) => {
        const dir = stdout.trim().split("\n").pop()!;
        process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ""}`;
        return dir;
    });
    return cliDir;
}

/**
 * SIGKILLs a process and everything it started. The engine starts its plugins (language host,
 * providers) in process groups of their own, so killing the CLI's group alone would leave them
 * running; a crashed machine or container takes them all.
 */
export async function killProcessTree(pid: number): Promise<void> {
    const { stdout } = await promisify(execFile)("ps", ["-e", "-o", "pid=,ppid="]);
    const children = new Map<number, number[]>();
    for (const line of stdout.trim().split("\n")) {
        const [child, parent] = line.trim().split(/\s+/).map(Number);
        children.set(parent, [...(children.get(parent) ?? []), child]);
    }
    const tree: number[] = [];
    const visit = (p: number) => {
        tree.push(p);
        (children.get(p) ?? []).forEach(visit);
    };
    visit(pid);
    for (const p of tree) {
        try {
            process.kill(p, "SIGKILL");
        } catch {
            // already gone
        }
    }
}

export class EngineStack {
    private constructor(
        readonly stack: Stack,
        readonly backendDir: string,
        readonly env: Record<string, string>,
    ) {}

    /**
     * A new stack of the test program in a fresh backend, with the given config. Each gets its own
     * name, because a stack's configuration file (Pulumi.<stack>.yaml, git-ignored) sits in the program directory.
     */
    static async create(emulator: BedrockEmulator, config: ConfigMap, programDir = PROGRAM_DIR, extraEnv: Record<string, string> = {}): Promise<EngineStack> {
        await pulumiCli();
        const backendDir = mkdtempSync(path.join(tmpdir(), "engine-backend-"));
        const env: Record<string, string> = {
            PULUMI_BACKEND_URL: `file://${backendDir}`,
            PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
            PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
            ...emulatorEnvironment(emulator),
            ...extraEnv,
        };
        const stackName = `test-${process.pid}-${++stackCount}`;
        const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: programDir }, { envVars: env });
        await stack.setAllConfig(config);
        const engine = new EngineStack(stack, backendDir, env);
        created.push(engine);
        return engine;
    }

    /** The stack's state as stored by the file backend (the checkpoint JSON). */
    stateText(): string {
        const files: string[] = [];
        const walk = (dir: string) => {
            for (const name of readdirSync(dir)) {
                const full = path.join(dir, name);
                if (statSync(full).isDirectory()) {
                    walk(full);
                } else if (full.includes(`${path.sep}stacks${path.sep}`) && name.endsWith(".json")) {
                    files.push(full);
                }
            }
        };
        walk(path.join(this.backendDir, ".pulumi"));
        return files.map((f) => readFileSync(f, "utf8")).join("\n");
    }

    /**
     * Runs the CLI directly (for what the Automation API does not do: kill mid-update, cancel),
     * in the program directory with the stack's environment.
     */
    spawnCli(args: string[]): ReturnType<typeof spawn> {
        return spawn("pulumi", [...args, "--stack", this.stack.name, "--non-interactive"], {
            cwd: this.stack.workspace.workDir,
            env: { ...process.env, ...this.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
    }

    async runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
        const child = this.spawnCli(args);
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
        return { code, stdout, stderr };
    }
}
