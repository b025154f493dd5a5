/**
 * A lock left by a run that was killed, on a file backend: the Pulumi CLI writes
 * `.pulumi/locks/organization/<project>/<stack>/<id>.json` with the holder's pid and host
 * (pkg/backend/diy/lock.go) and removes it when it ends; a killed CLI leaves it. A lock whose
 * holder ran on this machine and is gone (or a zombie nobody reaped) is released, so that running the command again goes on;
 * any other lock (a live process, another machine) is left to the CLI, which refuses the update.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from "fs";
import { hostname } from "os";
import * as path from "path";
import { alive } from "./watchdog";

interface LockContent {
    readonly pid?: number;
    readonly hostname?: string;
    readonly timestamp?: string;
}

/** Releases the stack's stale locks on a file:// backend; returns what it released (empty elsewhere). */
export function releaseStaleLocks(backend: string, project: string, stack: string): { file: string; pid: number; timestamp?: string }[] {
    if (!backend.startsWith("file://")) {
        return [];
    }
    const dir = path.join(backend.slice("file://".length), ".pulumi", "locks", "organization", project, stack);
    if (!existsSync(dir)) {
        return [];
    }
    const released: { file: string; pid: number; timestamp?: string }[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
        const file = path.join(dir, name);
        let lock: LockContent;
        try {
            lock = JSON.parse(readFileSync(file, "utf8")) as LockContent;
        } catch {
            continue; // Not a lock this code understands: the CLI will say what it is.
        }
        if (typeof lock.pid === "number" && lock.hostname === hostname() && !alive(lock.pid)) {
            rmSync(file);
            released.push({ file, pid: lock.pid, timestamp: lock.timestamp });
        }
    }
    return released;
}
