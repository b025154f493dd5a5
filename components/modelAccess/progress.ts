/**
 * Where ModelAccess's progress lines go. In Pulumi's dynamic-provider process, which the engine
 * starts with its own address as the first argument, each line is sent to the engine's Log call
 * with the resource's URN, so the CLI shows it under that resource (its row while the update
 * runs, its diagnostics after) instead of under the stack. Anywhere else (unit tests, a URN not
 * known), lines go to stdout.
 *
 * `pulumi.log` cannot do this: the dynamic-provider host never connects the SDK to the engine,
 * so it prints to stdout. Like the provider, this is serialized into the stack: functions only.
 * The one engine connection of the process lives on its global object.
 */
import { engineAddress } from "../../aws/processCache";
import type * as grpc from "@grpc/grpc-js";
import type * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engineMessages from "@pulumi/pulumi/proto/engine_pb";

/** Where a provider operation writes its progress lines. */
export type Log = (line: string) => void;

export interface ProgressLog {
    /** Sends one line (in order). */
    line(text: string): void;
    /** Resolves when every line sent so far has reached the engine (or fell back to stdout). */
    flush(): Promise<void>;
}

/** How long one line may take to reach the engine before it goes to stdout instead. */
const LOG_DEADLINE_MS = 5_000;

export { engineAddress };

/** Sends one INFO line for a URN to the engine. */
type EngineLog = (urn: string, text: string) => Promise<void>;

async function engineLog(address: string): Promise<EngineLog> {
    const holder = global as unknown as { bedrockModelAccessEngine?: Promise<EngineLog> };
    // Loaded here, not at the top: the serialized provider carries no module state. In the
    // provider process these are real ESM imports of CommonJS files: full file names, and the
    // module object under `default` where Node cannot list its exports.
    const load = async <T>(module: Promise<T & { default?: T }>): Promise<T> => {
        const loaded = await module;
        return loaded.default ?? loaded;
    };
    holder.bedrockModelAccessEngine ??= (async () => {
        const grpcJs = await load<typeof grpc>(import("@grpc/grpc-js"));
        const { EngineClient } = await load<typeof engineRpc>(import("@pulumi/pulumi/proto/engine_grpc_pb.js"));
        const { LogRequest, LogSeverity } = await load<typeof engineMessages>(import("@pulumi/pulumi/proto/engine_pb.js"));
        const client = new EngineClient(address, grpcJs.credentials.createInsecure());
        return (urn, text) => {
            const request = new LogRequest().setSeverity(LogSeverity.INFO).setMessage(text).setUrn(urn);
            return new Promise<void>((resolve, reject) =>
                client.log(request, new grpcJs.Metadata(), { deadline: Date.now() + LOG_DEADLINE_MS }, (err) => (err === null ? resolve() : reject(err))),
            );
        };
    })();
    return holder.bedrockModelAccessEngine;
}

/** A progress log for the resource with this URN (stdout when the engine or URN is not at hand). */
export function progressLog(urn: string | undefined): ProgressLog {
    const address = engineAddress();
    if (urn === undefined || urn === "" || address === undefined) {
        return { line: (text) => console.log(text), flush: () => Promise.resolve() };
    }
    let sent: Promise<void> = Promise.resolve();
    return {
        line(text) {
            // Chained, so lines arrive in order; a line the engine does not take goes to stdout.
            sent = sent.then(async () => {
                try {
                    await (await engineLog(address))(urn, text);
                } catch {
                    console.log(text);
                }
            });
        },
        flush: () => sent,
    };
}

/** Runs an operation with a progress log for its resource, every line delivered before it returns. */
export async function withProgress<T>(urn: string | undefined, operation: (log: Log) => Promise<T>): Promise<T> {
    const progress = progressLog(urn);
    try {
        return await operation((line) => progress.line(line));
    } finally {
        await progress.flush();
    }
}
