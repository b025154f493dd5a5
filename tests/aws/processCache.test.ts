/**
 * The dynamic-provider process's caches (processCache.ts), against the emulator: one
 * ListFoundationModels per region serves every lifecycle read of the operation, a model the list
 * lacks is read by itself, and outside the provider process nothing is cached.
 */
import * as assert from "node:assert";
import { connectBedrock } from "../../aws/bedrock";
import { processCachesEnabled, setProcessCaches } from "../../aws/processCache";
import { useBedrockEmulator } from "../helpers/bedrockTestEnvironment";

const MODELS = ["anthropic.claude-sonnet-4-6", "anthropic.claude-sonnet-4-20250514-v1:0", "amazon.nova-pro-v1:0"];

describe("the provider process's caches", () => {
    const emulator = useBedrockEmulator();
    afterEach(() => setProcessCaches(undefined));

    it("are off outside the dynamic-provider process (unit tests, the stack program)", () => {
        setProcessCaches(undefined);
        assert.strictEqual(processCachesEnabled(), false);
    });

    it("read every model's lifecycle in a region with one ListFoundationModels, shared by concurrent callers", async () => {
        setProcessCaches(true);
        for (const region of ["ap-southeast-1", "us-east-1"]) {
            for (const model of MODELS) {
                emulator.addModel(region, model, {
                    lifecycle: { status: model.includes("20250514") ? "LEGACY" : "ACTIVE", endOfLifeTime: new Date("2027-01-01T00:00:00Z") },
                });
            }
        }
        const reads = await Promise.all(
            ["ap-southeast-1", "us-east-1"].flatMap((region) => MODELS.map(async (model) => (await connectBedrock(region)).getLifecycle(model))),
        );
        assert.deepStrictEqual(
            reads.map((r) => r?.status),
            ["ACTIVE", "LEGACY", "ACTIVE", "ACTIVE", "LEGACY", "ACTIVE"],
        );
        assert.strictEqual(reads[1]?.endOfLifeTime, "2027-01-01T00:00:00.000Z");
        assert.deepStrictEqual(emulator.requests.map((r) => `${r.operation} ${r.region}`).sort(), [
            "ListFoundationModels ap-southeast-1",
            "ListFoundationModels us-east-1",
        ]);
        // Later reads in the same operation make no request.
        await (await connectBedrock("ap-southeast-1")).getLifecycle(MODELS[0]);
        assert.strictEqual(emulator.requests.length, 2);
    });

    it("read a model the list lacks by itself, and retry a list that failed", async () => {
        setProcessCaches(true);
        emulator.addModel("ap-southeast-1", MODELS[0]);
        emulator.injectFault({
            operation: "ListFoundationModels",
            type: "AccessDeniedException",
            status: 403,
            message: "not authorized to perform: bedrock:ListFoundationModels",
        });
        const bedrock = await connectBedrock("ap-southeast-1");
        assert.strictEqual((await bedrock.getLifecycle(MODELS[0]))?.status, "ACTIVE", "an older deployer policy without ListFoundationModels still reads it");
        assert.strictEqual((await bedrock.getLifecycle(MODELS[0]))?.status, "ACTIVE");
        assert.strictEqual(await bedrock.getLifecycle("anthropic.claude-unknown-v9:0"), undefined);
        assert.deepStrictEqual(
            emulator.requests.map((r) => r.operation),
            ["ListFoundationModels", "GetFoundationModel", "ListFoundationModels", "GetFoundationModel"],
        );
    });

    it("without caching, read each lifecycle with GetFoundationModel, every time", async () => {
        setProcessCaches(false);
        emulator.addModel("ap-southeast-1", MODELS[0]);
        const bedrock = await connectBedrock("ap-southeast-1");
        await bedrock.getLifecycle(MODELS[0]);
        await bedrock.getLifecycle(MODELS[0]);
        assert.deepStrictEqual(
            emulator.requests.map((r) => r.operation),
            ["GetFoundationModel", "GetFoundationModel"],
        );
    });
});
