/**
 * `npm run bench:review`: what the review costs beside the preview it is built on. In a copy of the
 * repository as a new user has it, against the Bedrock emulator with the preview-only provider
 * stand-ins: `npm run deploy -- dev preview`, `npm run review -- dev` and `npm run review -- --all`
 * (dev and prod), each timed from start to exit as a user runs it, best of BENCH_RUNS (default 3).
 * Prints a table and the ratios the issue asks for (review / preview, --all / one review).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BedrockEmulator } from "../emulator/bedrockEmulator";
import { pulumiCli } from "../engine/engineHarness";
import { addSonnet46, localCopy, newUserEnvironment } from "../engine/realProgram";
import { runToEnd } from "../helpers/processes";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Timed {
    readonly command: string;
    readonly seconds: number[];
}

async function main(): Promise<void> {
    await pulumiCli();
    const emulator = new BedrockEmulator();
    await emulator.start();
    const work = mkdtempSync(path.join(tmpdir(), "bench-review-"));
    try {
        const checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        const commands: [string, string[]][] = [
            ["npm run deploy -- dev preview", ["commands/deploy.ts", "dev", "preview"]],
            ["npm run review -- dev", ["commands/review.ts", "dev", "--out", path.join(work, "reports")]],
            ["npm run review -- --all", ["commands/review.ts", "--all", "--out", path.join(work, "reports")]],
        ];
        const timed: Timed[] = commands.map(([command]) => ({ command, seconds: [] }));
        for (let run = 0; run < RUNS; run++) {
            for (const [i, [, args]] of commands.entries()) {
                emulator.reset();
                addSonnet46(emulator);
                const started = process.hrtime.bigint();
                const result = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], {
                    cwd: checkout,
                    env: newUserEnvironment(emulator, path.join(work, `user-${run}-${i}`)),
                });
                const seconds = Number(process.hrtime.bigint() - started) / 1e9;
                if (result.code !== 0) {
                    throw new Error(`${commands[i][0]} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
                }
                timed[i].seconds.push(seconds);
            }
        }
        const best = (t: Timed) => Math.min(...t.seconds);
        console.log("| command | best s | runs s |");
        console.log("| --- | --- | --- |");
        for (const t of timed) {
            console.log(`| \`${t.command}\` | ${best(t).toFixed(2)} | ${t.seconds.map((s) => s.toFixed(2)).join(", ")} |`);
        }
        const [preview, review, all] = timed.map(best);
        console.log(`\nreview / preview: ${(review / preview).toFixed(2)}x; --all (2 environments) / one review: ${(all / review).toFixed(2)}x`);
        console.log(`Measured with Node.js ${process.version}, ${execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim()}, ${RUNS} runs each.`);
    } finally {
        await emulator.stop();
        rmSync(work, { recursive: true, force: true });
    }
}

main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
});
