/**
 * What the state holds for a ModelAccess now that its provider is stored by reference
 * (components/dynamicProvider/byReference.ts), through the real engine against the emulator:
 * its size, a stack deployed by the earlier provider (whose state carried the provider's code)
 * refreshed, updated and destroyed by today's, and a stack destroyed from another checkout.
 */
import * as assert from "node:assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type Deployment, LocalWorkspace } from "@pulumi/pulumi/automation";
import { REGION, SONNET } from "../helpers/fixtures";
import { EngineStack, useEngineTests } from "./engineHarness";
import { localCopy } from "./realProgram";

const MODEL_ACCESS = "pulumi-nodejs:dynamic/bedrock:ModelAccess";
const FIXTURE = path.join(__dirname, "fixtures", "model-access-state-5dabaf3.json");
const CONFIG = { models: { value: JSON.stringify([SONNET]) }, revokeOnDestroy: { value: "true" } };

interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

function modelAccessOf(deployment: Deployment): StateResource {
    const resources = (deployment.deployment as { resources: StateResource[] }).resources;
    const found = resources.find((r) => r.type === MODEL_ACCESS);
    assert.ok(found, "the state holds a ModelAccess");
    return found;
}

describe("ModelAccess in the state", function () {
    const emulator = useEngineTests(this);

    it("takes at most 8 KB in pulumi stack export", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 200 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, CONFIG);
        await engine.stack.up();
        const resource = modelAccessOf(await engine.stack.exportStack());
        const bytes = Buffer.byteLength(JSON.stringify(resource, null, 4));
        assert.ok(bytes <= 8192, `one ModelAccess takes ${bytes} bytes`);
        // A reference: the provider's name and the one shim that maps it to its module (components.md).
        assert.match(String(resource.outputs?.__provider), /"modelAccess"/, "the provider is stored by name");
        assert.match(String(resource.outputs?.__provider), /components\/dynamicProvider\/loadProvider/, "through the one shim");
    });

    it("refreshes, updates and destroys a stack deployed by the earlier provider, with no second agreement", async () => {
        // The fixture's agreement, as Bedrock has it.
        emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, CONFIG);
        const fixture = readFileSync(FIXTURE, "utf8").split("STACK_NAME").join(engine.stack.name);
        await engine.stack.importStack((JSON.parse(fixture) as { deployment: Deployment }).deployment);
        const before = modelAccessOf(await engine.stack.exportStack());
        assert.ok(String(before.outputs?.__provider).length > 50_000, "the fixture carries the provider's code");

        const refresh = await engine.stack.refresh();
        assert.doesNotMatch(refresh.stderr, /error/i);
        const up = await engine.stack.up();
        assert.strictEqual(up.summary.resourceChanges?.update, 1, "the ModelAccess moves to today's provider in place");
        const after = modelAccessOf(await engine.stack.exportStack());
        assert.ok(Buffer.byteLength(JSON.stringify(after)) <= 8192, "and takes today's size");
        assert.strictEqual(after.outputs?.agreementCreated, true, "ownership kept");
        const noChange = await engine.stack.preview();
        assert.deepStrictEqual(noChange.changeSummary, { same: 3 });

        await engine.stack.destroy();
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 0, "no second agreement");
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1, "revoked on destroy");
    });

    it("destroys a stack deployed by the earlier provider straight away, revoking with the earlier provider's code and setting names", async () => {
        emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" });
        const engine = await EngineStack.create(emulator, CONFIG);
        const fixture = readFileSync(FIXTURE, "utf8").split("STACK_NAME").join(engine.stack.name);
        await engine.stack.importStack((JSON.parse(fixture) as { deployment: Deployment }).deployment);
        const destroy = await engine.stack.destroy();
        assert.strictEqual(destroy.summary.resourceChanges?.delete, 3);
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
    });

    it("is destroyed from a fresh checkout in another directory", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 100 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, CONFIG);
        await engine.stack.up();

        const checkout = mkdtempSync(path.join(tmpdir(), "other-checkout-"));
        localCopy(checkout, true);
        const elsewhere = await LocalWorkspace.selectStack(
            { stackName: engine.stack.name, workDir: path.join(checkout, "tests", "engine", "program") },
            { envVars: engine.env },
        );
        await elsewhere.setAllConfig(CONFIG);
        const destroy = await elsewhere.destroy();
        assert.strictEqual(destroy.summary.resourceChanges?.delete, 3);
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
    });
});
