/**
 * `npm run bench`: what `pulumi up`, `refresh`, a no-change `preview` and `destroy` cost as
 * ModelAccess resources grow (models x regions), through the real engine against the Bedrock
 * emulator with a per-request latency L and a pending time P. For each: wall time, the lower
 * bound (the longest chain of dependent requests x L, plus P for create), their ratio, requests
 * per resource by operation, how late the wait saw access, and the bytes one ModelAccess takes in
 * `pulumi stack export`. Also the program's start-up time as `pulumi preview` starts it.
 * Prints a table and writes bench-results.json.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { BedrockEmulator, MUTATING_OPERATIONS } from "../emulator/bedrockEmulator";
import { emulatorEnvironment } from "../helpers/bedrockTestEnvironment";
import { EngineStack, pulumiCli, removeEngineStacks } from "../engine/engineHarness";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const PENDING_MS = Number(process.env.BENCH_PENDING_MS ?? 30_000);
/** Models x regions; BENCH_SIZES=8x8 (comma-separated) runs a subset. */
const SIZES: [number, number][] = (process.env.BENCH_SIZES ?? "1x1,4x4,8x8").split(",").map((size) => {
    const [models, regions] = size.split("x").map(Number);
    return [models, regions];
});
/**
 * Diagnostic only (BENCH_SKIP_CHECKPOINTS=1): the engine writes no intermediate checkpoints, to
 * show what the file backend's per-step checkpoint writes cost. Never for real deployments: a
 * crash would lose what was created.
 */
const ENGINE_ENV: Record<string, string> = {
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...(process.env.BENCH_SKIP_CHECKPOINTS ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
};
const REGIONS = ["ap-southeast-1", "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"];
/** Waits are I/O, not CPU: let the engine run every resource at once (its default is 4 x cores). */
const PARALLEL = 64;

interface Row {
    readonly scenario: string;
    readonly operation: string;
    readonly resources: number;
    readonly wallSeconds: number;
    readonly boundSeconds: number;
    readonly ratio: number | null;
    readonly requestsPerResource: Record<string, number>;
    readonly mutatingRequests: number;
    readonly overshootSeconds?: { readonly max: number; readonly mean: number };
    /** Mean bytes of one ModelAccess in `pulumi stack export` (pretty-printed, as the CLI writes it). */
    readonly stateBytesPerResource?: number;
}

/** What one ModelAccess takes in the exported state, on average. */
async function stateBytesPerResource(engine: EngineStack): Promise<number> {
    const exported = await engine.stack.exportStack();
    const resources = (exported.deployment as { resources: { type: string }[] }).resources.filter(
        (r) => r.type === "pulumi-nodejs:dynamic/bedrock:ModelAccess",
    );
    const bytes = resources.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r, null, 4)), 0);
    return Math.round(bytes / Math.max(1, resources.length));
}

function perResource(emulator: BedrockEmulator, resources: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of emulator.requests) {
        counts[r.operation] = (counts[r.operation] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).map(([op, n]) => [op, Math.round((n / resources) * 10) / 10]));
}

/** How long after each agreement became AVAILABLE the provider's wait first saw it. */
function overshoot(emulator: BedrockEmulator, pairs: [string, string][]): { max: number; mean: number } {
    const lateness = pairs.map(([region, modelId]) => {
        const since = emulator.model(region, modelId).availableSince ?? 0;
        const seen = emulator.requests
            .filter((r) => r.operation === "GetFoundationModelAvailability" && r.region === region && r.modelId === modelId && r.at - LATENCY_MS >= since)
            .map((r) => r.at - LATENCY_MS)[0];
        return ((seen ?? since) - since) / 1000;
    });
    return { max: Math.max(...lateness), mean: lateness.reduce((a, b) => a + b, 0) / lateness.length };
}

/**
 * Runs one CLI operation as a user runs it (`pulumi up --yes --skip-preview`, ...), in the stack's
 * directory and environment, failing on a non-zero exit. Automation API's own `up` and `destroy`
 * also run `pulumi stack output` and `pulumi stack history` afterwards (about 1 s here), which is
 * not the deployment's time.
 */
async function cli(engine: EngineStack, args: string[]): Promise<void> {
    const result = await engine.runCli([...args, "--parallel", String(PARALLEL)]);
    if (result.code !== 0) {
        throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const started = Date.now();
    const result = await fn();
    return [result, (Date.now() - started) / 1000];
}

function row(scenario: string, operation: string, resources: number, wall: number, bound: number, emulator: BedrockEmulator, extra: Partial<Row> = {}): Row {
    return {
        scenario,
        operation,
        resources,
        wallSeconds: Math.round(wall * 100) / 100,
        boundSeconds: Math.round(bound * 100) / 100,
        ratio: bound > 0 ? Math.round((wall / bound) * 100) / 100 : null,
        requestsPerResource: perResource(emulator, resources),
        mutatingRequests: emulator.requests.filter((r) => MUTATING_OPERATIONS.has(r.operation)).length,
        ...extra,
    };
}

async function lifecycle(emulator: BedrockEmulator, models: number, regions: number): Promise<Row[]> {
    const modelIds = Array.from({ length: models }, (_, i) => `cohere.bench-model-${i + 1}-v1:0`);
    const regionList = REGIONS.slice(0, regions);
    const pairs: [string, string][] = modelIds.flatMap((m) => regionList.map((r) => [r, m] as [string, string]));
    emulator.reset();
    emulator.latencyMs = LATENCY_MS;
    for (const [region, modelId] of pairs) {
        emulator.addModel(region, modelId, { pendingMs: PENDING_MS });
    }
    const scenario = `${models}x${regions}`;
    const n = pairs.length;
    const L = LATENCY_MS / 1000;
    const engine = await EngineStack.create(
        emulator,
        {
            models: { value: JSON.stringify(modelIds) },
            regions: { value: JSON.stringify(regionList) },
            revokeOnDestroy: { value: "true" },
            accessWaitTimeoutSeconds: { value: String(Math.ceil(PENDING_MS / 1000) + 120) },
        },
        undefined,
        ENGINE_ENV,
    );
    const rows: Row[] = [];
    const upStarted = Date.now();
    const [, up] = await timed(() => cli(engine, ["up", "--yes", "--skip-preview"]));
    if (process.env.BENCH_TIMELINE) {
        // Diagnostic: where an up's time goes, in seconds from its start (requests as the emulator answered them).
        const at = (op: string, pick: "first" | "last") => {
            const times = emulator.requests.filter((r) => op === "*" || r.operation === op).map((r) => r.at);
            return times.length === 0 ? "-" : ((pick === "first" ? Math.min(...times) : Math.max(...times)) - upStarted) / 1000;
        };
        console.error(
            `${scenario} up timeline: first request ${at("*", "first")}, first lifecycle list ${at("ListFoundationModels", "first")}, ` +
                `first create ${at("CreateFoundationModelAgreement", "first")}, last create ${at("CreateFoundationModelAgreement", "last")}, ` +
                `last request ${at("*", "last")}, end ${up}`,
        );
    }
    // Create: availability, offers, agreement, then (after P) the read that sees AVAILABLE.
    rows.push(
        row(scenario, "up", n, up, 4 * L + PENDING_MS / 1000, emulator, {
            overshootSeconds: overshoot(emulator, pairs),
            stateBytesPerResource: await stateBytesPerResource(engine),
        }),
    );

    emulator.requests.length = 0;
    const [, refresh] = await timed(() => cli(engine, ["refresh", "--yes", "--skip-preview"]));
    rows.push(row(scenario, "refresh", n, refresh, L, emulator));

    emulator.requests.length = 0;
    const [, preview] = await timed(() => cli(engine, ["preview", "--expect-no-changes"]));
    rows.push(row(scenario, "preview (no change)", n, preview, 0, emulator));

    emulator.requests.length = 0;
    const [, destroy] = await timed(() => cli(engine, ["destroy", "--yes", "--skip-preview"]));
    rows.push(row(scenario, "destroy (revokeOnDestroy)", n, destroy, L, emulator));
    await removeEngineStacks();
    return rows;
}

/**
 * Start-up: a no-change preview of a one-resource stack as `pulumi preview` starts it (the
 * program's tsconfig sets noCheck, as the project's does), against transpiled-only and a start
 * that type-checks (PULUMI_NODEJS_TRANSPILE_ONLY=false, what the project did before noCheck).
 */
async function startup(emulator: BedrockEmulator): Promise<Row[]> {
    emulator.reset();
    const model = "cohere.bench-model-1-v1:0";
    emulator.addModel("ap-southeast-1", model, { agreement: "AVAILABLE" });
    const rows: Row[] = [];
    for (const [mode, env] of [
        ["as pulumi preview starts it", {}],
        ["transpiled only", { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }],
        ["type-checked at start", { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }],
    ] as const) {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([model]) } }, undefined, env);
        await engine.stack.up();
        const runs: number[] = [];
        for (let i = 0; i < 3; i++) {
            runs.push((await timed(() => cli(engine, ["preview"])))[1]);
        }
        emulator.requests.length = 0;
        rows.push(row("start-up", `preview, ${mode} (best of 3)`, 1, Math.min(...runs), 0, emulator));
        await removeEngineStacks();
    }
    return rows;
}

function table(rows: Row[]): string {
    const header = [
        "scenario",
        "operation",
        "resources",
        "wall s",
        "bound s",
        "ratio",
        "requests per resource",
        "mutating",
        "overshoot max/mean s",
        "state bytes per resource",
    ];
    const lines = rows.map((r) => [
        r.scenario,
        r.operation,
        String(r.resources),
        r.wallSeconds.toFixed(2),
        r.boundSeconds.toFixed(2),
        r.ratio === null ? "-" : r.ratio.toFixed(2),
        Object.entries(r.requestsPerResource)
            .map(([op, n]) => `${op.replace("FoundationModel", "FM")} ${n}`)
            .join(", ") || "none",
        String(r.mutatingRequests),
        r.overshootSeconds ? `${r.overshootSeconds.max.toFixed(2)}/${r.overshootSeconds.mean.toFixed(2)}` : "-",
        r.stateBytesPerResource === undefined ? "-" : String(r.stateBytesPerResource),
    ]);
    return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

async function main(): Promise<void> {
    await pulumiCli();
    const emulator = new BedrockEmulator();
    await emulator.start();
    Object.assign(process.env, emulatorEnvironment(emulator));
    const rows: Row[] = [];
    try {
        for (const [models, regions] of SIZES) {
            rows.push(...(await lifecycle(emulator, models, regions)));
            console.error(`done: ${models}x${regions}`);
        }
        if (!process.env.BENCH_SIZES) {
            rows.push(...(await startup(emulator)));
        }
    } finally {
        await emulator.stop();
    }
    const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
    const checkpoints = process.env.BENCH_SKIP_CHECKPOINTS ? "; DIAGNOSTIC: intermediate checkpoints off" : "";
    console.log(`L = ${LATENCY_MS} ms per request, P = ${PENDING_MS / 1000} s pending, engine parallelism ${PARALLEL}; ${machine}${checkpoints}\n`);
    console.log(table(rows));
    const file = path.resolve(process.env.BENCH_OUTPUT ?? "bench-results.json");
    writeFileSync(file, JSON.stringify({ latencyMs: LATENCY_MS, pendingMs: PENDING_MS, parallel: PARALLEL, machine, rows }, null, 2));
    console.log(`\nJSON: ${file}`);
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
