/**
 * DataRetention through the real engine against the emulator: up sets each managed region's mode
 * and leaves other regions alone, a second up writes nothing, a change outside Pulumi is seen by
 * refresh and set back by up, destroy puts back each region's earlier mode (inherit included) only
 * with restoreOnDestroy and never over a change made since (refresh included), a region another
 * declaration already configured stops the preview, an unknown mode fails at preview with no
 * write, and the state stays small.
 */
import * as assert from "node:assert";
import { EngineStack, useEngineTests } from "./engineHarness";

const MANAGED = ["ap-southeast-1", "us-east-1"];
const OTHER = "ap-northeast-1";

function config(mode: string, options: { restoreOnDestroy?: boolean; replaceExisting?: boolean } = { restoreOnDestroy: true }) {
    return {
        models: { value: "[]" },
        regions: { value: JSON.stringify(MANAGED) },
        dataRetentionMode: { value: mode },
        restoreOnDestroy: { value: String(options.restoreOnDestroy ?? false) },
        replaceExisting: { value: String(options.replaceExisting ?? false) },
    };
}

describe("DataRetention through the Pulumi engine", function () {
    const emulator = useEngineTests(this);

    it("sets the mode in each managed region, writes nothing on a second up, restores drift, and puts back the earlier modes on destroy", async () => {
        emulator.setDataRetention("ap-southeast-1", "default"); // us-east-1 never configured: inherit
        emulator.setDataRetention(OTHER, "provider_data_share");
        // ap-southeast-1 was configured by someone ("default"): taken over on purpose.
        const engine = await EngineStack.create(emulator, config("none", { restoreOnDestroy: true, replaceExisting: true }));

        const up = await engine.stack.up();
        assert.deepStrictEqual(up.outputs.dataRetention.value, {
            "ap-southeast-1": { mode: "none", previousMode: "default" },
            "us-east-1": { mode: "none", previousMode: "inherit" },
        });
        assert.strictEqual(emulator.dataRetention("ap-southeast-1"), "none");
        assert.strictEqual(emulator.dataRetention("us-east-1"), "none");
        assert.strictEqual(emulator.dataRetention(OTHER), "provider_data_share", "a region the stack does not use is left alone");
        const exported = (await engine.stack.exportStack()).deployment as { resources: { type: string }[] };
        for (const r of exported.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/bedrock:DataRetention")) {
            const bytes = Buffer.byteLength(JSON.stringify(r, null, 4));
            assert.ok(bytes <= 8192, `one DataRetention takes ${bytes} bytes`);
        }

        emulator.requests.length = 0;
        await engine.stack.up();
        assert.deepStrictEqual(emulator.requestsFor("PutAccountDataRetention"), [], "a second up writes nothing");

        emulator.setDataRetention("us-east-1", "provider_data_share"); // someone outside Pulumi
        const refresh = await engine.stack.refresh();
        assert.match(refresh.stdout, /Data retention in us-east-1 is "provider_data_share", changed outside Pulumi from "none"/);
        await engine.stack.up();
        assert.strictEqual(emulator.dataRetention("us-east-1"), "none", "the next up sets it back");

        await engine.stack.destroy();
        assert.strictEqual(emulator.dataRetention("ap-southeast-1"), "default");
        assert.strictEqual(emulator.dataRetention("us-east-1"), "inherit");
        assert.strictEqual(emulator.dataRetention(OTHER), "provider_data_share");
    });

    it("leaves a mode someone changed since up in place on destroy, and says so", async () => {
        const engine = await EngineStack.create(emulator, config("default"));
        await engine.stack.up();
        emulator.setDataRetention("us-east-1", "provider_data_share");
        const destroy = await engine.stack.destroy();
        assert.match(destroy.stdout, /Leaving data retention in us-east-1 at "provider_data_share": it was changed outside Pulumi/);
        assert.strictEqual(emulator.dataRetention("us-east-1"), "provider_data_share");
        assert.strictEqual(emulator.dataRetention("ap-southeast-1"), "inherit", "the other region is put back");
    });

    it("stops the preview of a region another declaration already configured, naming the mode and the key, with no write", async () => {
        emulator.setDataRetention("us-east-1", "none"); // prod's, say
        const engine = await EngineStack.create(emulator, config("default"));
        await assert.rejects(
            engine.stack.preview(),
            /us-east-1 already has the data-retention mode "none", configured outside this stack.*declare "none", or set dataRetention\.replaceExisting to true/s,
        );
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("two environments declaring one region's mode: destroying one leaves the mode the other declares (restoring is opt-in)", async () => {
        const dev = await EngineStack.create(emulator, config("none", {}));
        await dev.stack.up();
        const prod = await EngineStack.create(emulator, config("none", {}));
        await prod.stack.up();
        const destroy = await dev.stack.destroy();
        assert.match(destroy.stdout, /Leaving data retention in us-east-1 at its current mode: restoring "inherit" on destroy is opt-in/);
        assert.strictEqual(emulator.dataRetention("us-east-1"), "none", "prod still gets the mode it declares");
        assert.strictEqual(emulator.dataRetention("ap-southeast-1"), "none");
    });

    it("refresh, then destroy: a change made outside Pulumi since up is kept, not overwritten with the earlier mode", async () => {
        const engine = await EngineStack.create(emulator, config("none"));
        await engine.stack.up();
        emulator.setDataRetention("us-east-1", "provider_data_share");
        await engine.stack.refresh();
        const destroy = await engine.stack.destroy();
        assert.match(destroy.stdout, /Leaving data retention in us-east-1 at "provider_data_share": it was changed outside Pulumi/);
        assert.strictEqual(emulator.dataRetention("us-east-1"), "provider_data_share");
        assert.strictEqual(emulator.dataRetention("ap-southeast-1"), "inherit", "the unchanged region is put back");
    });

    it("sets aws_review, the mode new configurations use for models that require retention", async () => {
        const engine = await EngineStack.create(emulator, config("aws_review", { restoreOnDestroy: true }));
        const up = await engine.stack.up();
        assert.deepStrictEqual(up.outputs.dataRetention.value, {
            "ap-southeast-1": { mode: "aws_review", previousMode: "inherit" },
            "us-east-1": { mode: "aws_review", previousMode: "inherit" },
        });
        assert.deepStrictEqual(
            MANAGED.map((r) => emulator.dataRetention(r)),
            ["aws_review", "aws_review"],
        );
        await engine.stack.destroy();
        assert.deepStrictEqual(
            MANAGED.map((r) => emulator.dataRetention(r)),
            ["inherit", "inherit"],
        );
    });

    it("refuses an unknown mode at preview, with no write", async () => {
        const engine = await EngineStack.create(emulator, config("zero"));
        await assert.rejects(engine.stack.preview(), /mode must be one of "none", "default", "aws_review", "provider_data_share", "inherit".*got "zero"/s);
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });
});
