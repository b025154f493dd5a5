/** A killed run's lock on a file backend (runner/staleLock.ts): released only when its holder on this machine is gone. */
import * as assert from "node:assert";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { holderState, keptLockMessage, releaseStaleLocks } from "../../runner/staleLock";

/** Runs `body` with a PATH that has no `ps` (an empty directory). */
function withoutPs<T>(body: () => T): T {
    const original = process.env.PATH;
    process.env.PATH = mkdtempSync(path.join(tmpdir(), "no-ps-"));
    try {
        return body();
    } finally {
        process.env.PATH = original;
    }
}

describe("stale stack locks (file backend)", () => {
    let state: string;
    let dir: string;
    const holders: ChildProcess[] = [];
    const lock = (name: string, pid: number, host = hostname()) => {
        const file = path.join(dir, `${name}.json`);
        writeFileSync(file, JSON.stringify({ pid, username: "deployer", hostname: host, timestamp: "2026-12-01T15:00:00Z" }));
        return file;
    };
    beforeEach(() => {
        state = mkdtempSync(path.join(tmpdir(), "state-"));
        dir = path.join(state, ".pulumi", "locks", "organization", "chat-bedrock", "dev");
        mkdirSync(dir, { recursive: true });
    });
    afterEach(() => {
        for (const p of holders.splice(0)) {
            p.kill("SIGKILL");
        }
    });

    it("releases the lock of a process that is gone, and of a zombie nobody reaped; keeps a live one's and another machine's", async () => {
        // `sleep 0` exits at once and stays a zombie: its parent (exec'd into `sleep 30`) never reaps it.
        const parent = spawn("/bin/sh", ["-c", "sleep 0 & exec sleep 30"]);
        holders.push(parent);
        await new Promise((r) => setTimeout(r, 500));
        const zombie = Number(execFileSync("ps", ["-o", "pid=", "--ppid", String(parent.pid)], { encoding: "utf8" }).trim());
        assert.match(execFileSync("ps", ["-o", "stat=", "-p", String(zombie)], { encoding: "utf8" }), /^Z/, "the test made a zombie");
        const gone = spawn("/bin/true");
        await new Promise((r) => gone.on("close", r));
        const live = spawn("sleep", ["30"]);
        holders.push(live);

        const goneLock = lock("gone", gone.pid!);
        const zombieLock = lock("zombie", zombie);
        const liveLock = lock("live", live.pid!);
        const otherHost = lock("elsewhere", gone.pid!, "another-machine");
        // As on a slim image: no `ps` on PATH (the evidence comes from the kernel, not from ps).
        const { released, kept } = withoutPs(() => releaseStaleLocks(`file://${state}`, "chat-bedrock", "dev"));
        assert.deepStrictEqual(released.map((r) => r.pid).sort(), [gone.pid!, zombie].sort());
        assert.deepStrictEqual([goneLock, zombieLock, liveLock, otherHost].map(existsSync), [false, false, true, true]);
        assert.deepStrictEqual(kept.map((k) => k.pid).sort(), [live.pid!, gone.pid!].sort());
    });

    it("keeps a live holder's lock with no `ps` on PATH, and says how to release it by hand", () => {
        const live = spawn("sleep", ["30"]);
        holders.push(live);
        const file = lock("live", live.pid!);
        const { released, kept } = withoutPs(() => releaseStaleLocks(`file://${state}`, "chat-bedrock", "dev"));
        assert.deepStrictEqual(released, []);
        assert.ok(existsSync(file), "a live pulumi up keeps its lock");
        assert.strictEqual(
            keptLockMessage(kept[0]),
            `The stack is locked by pid ${live.pid} on ${hostname()} since 2026-12-01T15:00:00Z, which may still be running, so the lock was kept. ` +
                `If that run is gone (another machine, container or PID namespace cannot be checked from here), release the lock by hand: rm '${file}'.`,
        );
    });

    it("judges a holder from the kernel: gone, alive (also another user's, EPERM), and a zombie", () => {
        assert.strictEqual(holderState(process.pid), "alive");
        assert.strictEqual(holderState(1), "alive", "init exists (EPERM for an unprivileged user, success for root)");
        assert.strictEqual(holderState(2 ** 22 + 1), "gone", "beyond pid_max: no such process");
        assert.strictEqual(holderState(-1), "unknown", "never signal a process group");
    });

    it("leaves every lock alone on a backend that is not a directory", () => {
        lock("gone", 999_999);
        assert.deepStrictEqual(releaseStaleLocks("s3://bucket", "chat-bedrock", "dev"), { released: [], kept: [] });
    });
});
