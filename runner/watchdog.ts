/**
 * Ends what a deploy run started when the runner itself is killed (SIGKILL, a crashed terminal):
 * the Pulumi CLI, its language host and the dynamic-provider process would otherwise keep running
 * and polling Bedrock. The runner starts this as a detached process with its own PID; it records
 * the runner's descendants every half second and, once the runner is gone, stops those still
 * running: SIGINT first, so the Pulumi CLI cancels gracefully (records the steps under way and
 * releases the stack's lock), then, after a grace long enough for a cancel
 * (BEDROCK_MODEL_ACCESS_CANCEL_GRACE_SECONDS, default 30), SIGTERM, then SIGKILL after 2 s. A
 * process is signalled only while its command line is the one recorded, so a reused PID is left alone.
 */
import { execFileSync, spawn } from "node:child_process";
import { holderState } from "./staleLock";

interface Seen {
    readonly command: string;
}

function processTable(): { pid: number; ppid: number; command: string }[] {
    const text = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" });
    return text
        .split("\n")
        .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
        .filter((m): m is RegExpMatchArray => m !== null)
        .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3] }));
}

/** Running, not a zombie (holderState: from the kernel, not from `ps`); in doubt, alive. */
export function alive(pid: number): boolean {
    return holderState(pid) !== "gone";
}

/** The processes below `root` in the table, with their command lines. */
export function descendants(table: ReturnType<typeof processTable>, root: number): Map<number, Seen> {
    const found = new Map<number, Seen>();
    const visit = (parent: number) => {
        for (const p of table.filter((row) => row.ppid === parent && !found.has(row.pid))) {
            found.set(p.pid, { command: p.command });
            visit(p.pid);
        }
    };
    visit(root);
    return found;
}

function stillTheSame(seen: Map<number, Seen>): number[] {
    const now = new Map(processTable().map((p) => [p.pid, p.command]));
    return [...seen].filter(([pid, s]) => now.get(pid) === s.command).map(([pid]) => pid);
}

function signal(pids: number[], name: NodeJS.Signals): void {
    for (const pid of pids) {
        try {
            process.kill(pid, name);
        } catch {
            // already gone
        }
    }
}

async function watch(runner: number): Promise<void> {
    const seen = new Map<number, Seen>();
    while (alive(runner)) {
        for (const [pid, s] of descendants(processTable(), runner)) {
            seen.set(pid, s);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    seen.delete(process.pid);
    signal(stillTheSame(seen), "SIGINT");
    const grace = Number(process.env.BEDROCK_MODEL_ACCESS_CANCEL_GRACE_SECONDS ?? 30) * 1000;
    for (let waited = 0; waited < grace && stillTheSame(seen).length > 0; waited += 500) {
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    signal(stillTheSame(seen), "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    signal(stillTheSame(seen), "SIGKILL");
}

let started = false;

/**
 * Starts the watchdog (this file) that ends the CLI and its plugins if this process is killed;
 * it leaves by itself when this process ends normally. Once per process: one watchdog sees every
 * descendant, however many runs (npm run migrate's steps) the process makes.
 */
export function startWatchdog(): void {
    if (started) {
        return;
    }
    started = true;
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), __filename, String(process.pid)], {
        detached: true,
        stdio: "ignore",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    });
    child.unref();
}

if (require.main === module) {
    watch(Number(process.argv[2])).catch(() => undefined);
}
