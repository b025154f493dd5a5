/**
 * ModelAccess through the real Pulumi engine against the Bedrock emulator: what `pulumi up`,
 * `preview`, `refresh` and `destroy` do, what the state holds, and how faults are survived.
 */
import * as assert from "node:assert";
import type { DiagnosticEvent, EngineEvent } from "@pulumi/pulumi/automation";
import { BedrockEmulator } from "../emulator/bedrockEmulator";
import { EXAMPLE_FORM as FORM, HAIKU, REGION, SONNET } from "../helpers/fixtures";
import { EngineStack, killProcessTree, useEngineTests } from "./engineHarness";

const NOVA = "amazon.nova-pro-v1:0";

function models(ids: string[]) {
    return { models: { value: JSON.stringify(ids) } };
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

function addModels(emulator: BedrockEmulator, ids: string[], pendingMs = 300): void {
    for (const id of ids) {
        emulator.addModel(REGION, id, { pendingMs });
    }
}

describe("ModelAccess through the Pulumi engine", function () {
    const emulator = useEngineTests(this);

    it("shows its progress under the resource, not under the stack, on up, refresh and destroy", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 1500 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, { ...models([SONNET]), revokeOnDestroy: { value: "true" } });
        const diagnostics: DiagnosticEvent[] = [];
        const onEvent = (event: EngineEvent) => {
            if (event.diagnosticEvent !== undefined) {
                diagnostics.push(event.diagnosticEvent);
            }
        };
        const underModelAccess = (line: RegExp) => {
            // Debug events carry the serialized provider, whose source holds these texts too.
            const found = diagnostics.filter((d) => String(d.severity) !== "debug" && line.test(d.message));
            assert.ok(found.length > 0, `the line ${line} was shown`);
            for (const d of found) {
                assert.match(d.urn ?? "", /[:$]pulumi-nodejs:dynamic\/bedrock:ModelAccess::[^:]+$/, `${line} is shown under the ModelAccess resource`);
            }
        };
        await engine.stack.up({ onEvent });
        for (const line of [/Requested access to anthropic\.claude-sonnet-4/, /Waiting for access to/, /is AVAILABLE after \d+s/]) {
            underModelAccess(line);
        }
        emulator.revoke(REGION, SONNET);
        await engine.stack.refresh({ onEvent });
        underModelAccess(/is gone \(revoked outside Pulumi\)/);
        await engine.stack.up({ onEvent });
        await engine.stack.destroy({ onEvent });
        underModelAccess(/Revoked access to anthropic\.claude-sonnet-4/);
    });

    it("creates one agreement per model, then previews no change and sends nothing that mutates", async () => {
        addModels(emulator, [SONNET, HAIKU]);
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, models([SONNET, HAIKU]));

        const up = await engine.stack.up();
        assert.deepStrictEqual(up.summary.resourceChanges, { create: 4 }, "stack, two accesses, application");
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
        assert.strictEqual(emulator.model(REGION, HAIKU).agreementsCreated, 1);
        assert.deepStrictEqual(up.outputs.status.value, { [`${REGION}/${SONNET}`]: "AVAILABLE", [`${REGION}/${HAIKU}`]: "AVAILABLE" });
        assert.ok(emulator.requests.every((r) => r.signatureValid));

        emulator.requests.length = 0;
        const preview = await engine.stack.preview({ expectNoChanges: true });
        assert.deepStrictEqual(preview.changeSummary, { same: 4 });
        assert.deepStrictEqual(emulator.requests, [], "a no-change preview calls no Bedrock API at all");

        // Adding a model touches only that one.
        addModels(emulator, [NOVA]);
        await engine.stack.setConfig("models", { value: JSON.stringify([SONNET, HAIKU, NOVA]) });
        const second = await engine.stack.up();
        assert.deepStrictEqual(second.summary.resourceChanges, { create: 1, same: 4 }, "stack, application and two accesses unchanged");
        assert.deepStrictEqual(
            emulator.mutatingRequests().map((r) => r.modelId),
            [NOVA],
        );
    });

    it("shows out-of-band revocation on refresh, and the next up restores access", async () => {
        addModels(emulator, [SONNET]);
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, models([SONNET]));
        await engine.stack.up();

        emulator.revoke(REGION, SONNET);
        const refresh = await engine.stack.refresh();
        assert.strictEqual(refresh.summary.resourceChanges?.delete, 1, "refresh drops the revoked access from state");
        const up = await engine.stack.up();
        assert.strictEqual(up.summary.resourceChanges?.create, 1);
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 2);
    });

    it("destroys without revoking by default, and revokes with revokeOnDestroy", async () => {
        addModels(emulator, [SONNET, HAIKU]);
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const keep = await EngineStack.create(emulator, models([SONNET]));
        await keep.stack.up();
        await keep.stack.destroy();
        assert.strictEqual(emulator.requestsFor("DeleteFoundationModelAgreement").length, 0);
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");

        const revoke = await EngineStack.create(emulator, { ...models([HAIKU]), revokeOnDestroy: { value: "true" } });
        await revoke.stack.up();
        const destroy = await revoke.stack.destroy();
        assert.strictEqual(destroy.summary.resourceChanges?.delete, 3);
        assert.strictEqual(emulator.model(REGION, HAIKU).agreement, "NOT_AVAILABLE");
        assert.strictEqual(emulator.model(REGION, HAIKU).agreementsDeleted, 1);
    });

    it("keeps the use-case form and credentials out of the state in plaintext", async () => {
        addModels(emulator, [SONNET]);
        const engine = await EngineStack.create(emulator, { ...models([SONNET]), useCaseForm: { value: JSON.stringify(FORM), secret: true } });
        await engine.stack.up();

        assert.strictEqual(JSON.parse(emulator.useCaseForm(REGION)!).companyName, FORM.companyName, "the form was submitted");
        const state = engine.stateText();
        assert.match(state, /"agreementStatus":\s*"AVAILABLE"/, "the state was read");
        assert.match(
            state,
            /"useCaseForm":\s*\{"4dabf18193072939515e22adb298388d":\s*"1b47061264138c4ac30d75fd1eb44270",\s*"ciphertext"/,
            "the form is stored encrypted",
        );
        for (const secret of [FORM.companyName, FORM.companyWebsite, FORM.useCases, BedrockEmulator.credentials.secretAccessKey]) {
            assert.ok(!state.includes(secret), `the state must not contain ${secret}`);
        }
    });

    it("converges while Bedrock throttles a third of the requests", async () => {
        const ids = [SONNET, HAIKU, NOVA];
        addModels(emulator, ids);
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        emulator.throttleEvery = 3;
        const engine = await EngineStack.create(emulator, models(ids));

        const up = await engine.stack.up();
        assert.ok(emulator.requests.filter((r) => r.status === 429).length >= 3, "requests were throttled");
        for (const id of ids) {
            assert.strictEqual(emulator.model(REGION, id).agreementsCreated, 1, id);
        }
        assert.deepStrictEqual(Object.values(up.outputs.status.value as object), ["AVAILABLE", "AVAILABLE", "AVAILABLE"]);
    });

    it("finishes after `pulumi up` is killed mid-wait, without a second agreement", async () => {
        addModels(emulator, [SONNET], Infinity); // PENDING until the test lets it finish
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, models([SONNET]));

        const first = engine.spawnCli(["up", "--yes"]);
        await until(() => emulator.requestsFor("CreateFoundationModelAgreement").length > 0, "the agreement was requested");
        const closed = new Promise((r) => first.on("close", r));
        await killProcessTree(first.pid!);
        await closed;
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "PENDING", "killed before access was available");

        // What a user does after a crash: release the lock, run up again.
        const cancel = await engine.runCli(["cancel", "--yes"]);
        assert.strictEqual(cancel.code, 0, cancel.stderr);
        const polledBefore = emulator.requestsFor("GetFoundationModelAvailability").length;
        const second = engine.stack.up();
        await until(() => emulator.requestsFor("GetFoundationModelAvailability").length >= polledBefore + 2, "the second up is waiting");
        emulator.finishPending(REGION, SONNET);
        const up = await second;

        assert.match(up.stdout, /already PENDING; waiting for it instead of creating another/);
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
        assert.deepStrictEqual(up.outputs.status.value, { [`${REGION}/${SONNET}`]: "AVAILABLE" });
    });

    it("refuses a wildcard model at preview with the check message, before any request", async () => {
        const engine = await EngineStack.create(emulator, models(["*"]));
        await assert.rejects(engine.stack.preview(), (err: Error) => {
            assert.match(err.message, /modelId "\*" asks for every model \("enable all models"\)/);
            return true;
        });
        assert.deepStrictEqual(emulator.requests, []);
    });
});
