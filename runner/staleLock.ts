/**
 * A lock left by a run that was killed, on a file backend: the Pulumi CLI writes
 * `.pulumi/locks/organization/<project>/<stack>/<id>.json` with the holder's pid and host
 * (pkg/backend/diy/lock.go) and removes it when it ends; a killed CLI leaves it. A lock is
 * released only on positive evidence that its holder is gone (holderState); any other lock (a
 * live or unknown holder, another machine) is kept and reported with how to release it by hand.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";

interface LockContent {
    readonly pid?: number;
    readonly hostname?: string;
    readonly timestamp?: string;
}

export interface LockHolder {
    readonly file: string;
    readonly pid: number;
    readonly timestamp?: string;
}

/**
 * Whether a process of this machine is gone, from the kernel itself rather than from `ps` (absent
 * on slim images, different elsewhere): `kill(pid, 0)` fails with ESRCH when there is no such
 * process (gone) and EPERM when it exists under another user (alive); an existing process whose
 * `/proc/<pid>/stat` state is Z is a zombie nobody reaped (gone). Anything else is not evidence.
 */
export function holderState(pid: number): "gone" | "alive" | "unknown" {
    if (!Number.isInteger(pid) || pid <= 0) {
        return "unknown";
    }
    try {
        process.kill(pid, 0);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return code === "ESRCH" ? "gone" : code === "EPERM" ? "alive" : "unknown";
    }
    try {
        // "pid (comm) S ...": the state follows the last ")" (a command name may hold one).
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat
            .slice(stat.lastIndexOf(")") + 1)
            .trim()
            .startsWith("Z")
            ? "gone"
            : "alive";
    } catch {
        return "alive"; // No /proc here: the process exists, and that is all we know.
    }
}

/**
 * Releases the stack's stale locks on a file:// backend: those whose holder ran on this machine
 * and is gone. Returns what it released and what it kept (empty elsewhere).
 */
export function releaseStaleLocks(
    backend: string,
    project: string,
    stack: string,
): { released: LockHolder[]; kept: (LockHolder & { readonly host?: string })[] } {
    const released: LockHolder[] = [];
    const kept: (LockHolder & { readonly host?: string })[] = [];
    if (!backend.startsWith("file://")) {
        return { released, kept };
    }
    const dir = path.join(backend.slice("file://".length), ".pulumi", "locks", "organization", project, stack);
    if (!existsSync(dir)) {
        return { released, kept };
    }
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
        const file = path.join(dir, name);
        let lock: LockContent;
        try {
            lock = JSON.parse(readFileSync(file, "utf8")) as LockContent;
        } catch {
            continue; // Not a lock this code understands: the CLI will say what it is.
        }
        if (typeof lock.pid !== "number") {
            continue;
        }
        if (lock.hostname === hostname() && holderState(lock.pid) === "gone") {
            rmSync(file);
            released.push({ file, pid: lock.pid, timestamp: lock.timestamp });
        } else {
            kept.push({ file, pid: lock.pid, timestamp: lock.timestamp, host: lock.hostname });
        }
    }
    return { released, kept };
}

/** What to say of a kept lock: who holds it, and how to release it by hand once that run is known to be gone. */
export function keptLockMessage(lock: LockHolder & { readonly host?: string }): string {
    return (
        `The stack is locked by pid ${lock.pid} on ${lock.host ?? "an unknown host"}${lock.timestamp === undefined ? "" : ` since ${lock.timestamp}`}, ` +
        `which may still be running, so the lock was kept. If that run is gone (another machine, container or PID namespace ` +
        `cannot be checked from here), release the lock by hand: rm '${lock.file}'.`
    );
}
