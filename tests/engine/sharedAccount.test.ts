/**
 * ModelAccess in a shared account and after failures, through the real engine against the
 * Bedrock emulator: never revoke what others use, never leave a declared model without access,
 * submit the use-case form once, and stay refreshable and destroyable after every partial failure.
 */
import * as assert from "node:assert";
import { EXAMPLE_FORM as FORM, REGION, SONNET } from "../helpers/fixtures";
import { EngineStack, useEngineTests } from "./engineHarness";

const OPUS = "anthropic.claude-opus-4-20250514-v1:0";
const APAC = `apac.${SONNET}`;
const GLOBAL = `global.${SONNET}`;

function profiles(ids: string[]) {
    return { profiles: { value: JSON.stringify(ids) } };
}

const REVOKE = { revokeOnDestroy: { value: "true" } };

describe("ModelAccess in a shared account and after failures (engine)", function () {
    const emulator = useEngineTests(this);

    it("does not revoke, on destroy with revokeOnDestroy, access the stack only adopted, and says why", async () => {
        emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" }); // another stack's access
        const engine = await EngineStack.create(emulator, { ...profiles([APAC]), ...REVOKE });
        await engine.stack.up();
        const destroy = await engine.stack.destroy();
        assert.deepStrictEqual(emulator.requestsFor("DeleteFoundationModelAgreement"), []);
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");
        assert.match(destroy.stdout, /Leaving access to anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-1 in place although revokeOnDestroy is set/);
    });

    it("revokes on destroy an agreement whose create answer was lost (a 500 after Bedrock made it, then ConflictException)", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 200 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        emulator.injectFault({ operation: "CreateFoundationModelAgreement", type: "InternalServerException", status: 500, afterServing: true });
        const engine = await EngineStack.create(emulator, { ...profiles([APAC]), ...REVOKE });
        await engine.stack.up();
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
        const recorded = JSON.parse(engine.stateText()) as { checkpoint: { latest: { resources: { type: string; outputs?: Record<string, unknown> }[] } } };
        const access = recorded.checkpoint.latest.resources.find((r) => r.type === "pulumi-nodejs:dynamic/bedrock:ModelAccess");
        assert.strictEqual(access?.outputs?.agreementCreated, true);

        await engine.stack.destroy();
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "NOT_AVAILABLE");
    });

    it("destroys with revokeOnDestroy when the agreement was deleted outside Pulumi (Bedrock's ValidationException)", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 100 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, { ...profiles([APAC]), ...REVOKE });
        await engine.stack.up();
        emulator.revoke(REGION, SONNET);

        const destroy = await engine.stack.destroy();
        assert.strictEqual(destroy.summary.resourceChanges?.delete, 3);
        assert.deepStrictEqual(
            emulator.requestsFor("DeleteFoundationModelAgreement").map((r) => r.status),
            [400],
        );
        assert.match(destroy.stdout, /No agreement for anthropic\.claude-sonnet-4-20250514-v1:0 in ap-southeast-1 was left to revoke/);
    });

    it("keeps access through a switch from apac. to global., and through two profiles of one model, with revokeOnDestroy", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 200 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, { ...profiles([APAC]), ...REVOKE });
        await engine.stack.up();
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);

        await engine.stack.setConfig("profiles", { value: JSON.stringify([GLOBAL]) });
        const switched = await engine.stack.up();
        assert.deepStrictEqual(emulator.requestsFor("DeleteFoundationModelAgreement"), [], "the switch revoked nothing");
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");
        assert.strictEqual(switched.summary.resourceChanges?.create ?? 0, 0, "no second ModelAccess");

        await engine.stack.setConfig("profiles", { value: JSON.stringify([APAC, GLOBAL]) });
        const both = await engine.stack.up();
        assert.deepStrictEqual(both.outputs.status.value, { [`${REGION}/${SONNET}`]: "AVAILABLE" }, "one ModelAccess for one agreement");

        await engine.stack.setConfig("profiles", { value: JSON.stringify([GLOBAL]) });
        await engine.stack.up();
        assert.deepStrictEqual(emulator.requestsFor("DeleteFoundationModelAgreement"), [], "dropping one of two profiles revoked nothing");
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
    });

    it("submits the use-case form once when two Anthropic models of one region are created at once", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 300 });
        emulator.addModel(REGION, OPUS, { pendingMs: 300 });
        const engine = await EngineStack.create(emulator, {
            ...profiles([APAC, `apac.${OPUS}`]),
            useCaseForm: { value: JSON.stringify(FORM), secret: true },
        });
        await engine.stack.up();
        assert.strictEqual(emulator.requestsFor("PutUseCaseForModelAccess").length, 1);
        assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");
        assert.strictEqual(emulator.model(REGION, OPUS).agreement, "AVAILABLE");
    });

    /** Polls until the agreement was requested, then makes every availability poll fail. */
    async function failPollingOnceRequested(): Promise<void> {
        const deadline = Date.now() + 120_000;
        while (emulator.requestsFor("CreateFoundationModelAgreement").length === 0) {
            assert.ok(Date.now() < deadline, "the agreement was never requested");
            await new Promise((r) => setTimeout(r, 50));
        }
        emulator.injectFault({ operation: "GetFoundationModelAvailability", type: "AccessDeniedException", status: 403, times: 1000 });
    }

    const failures: [string, () => void, RegExp, (() => Promise<void>)?][] = [
        ["a wait timeout", () => emulator.addModel(REGION, SONNET, { pendingMs: Infinity }), /still PENDING after \d+s/],
        ["an ERROR status", () => emulator.addModel(REGION, SONNET, { pendingMs: 100, failsWith: "Payment instrument missing" }), /Payment instrument missing/],
        [
            "a polling failure",
            () => emulator.addModel(REGION, SONNET, { pendingMs: Infinity }),
            /refused bedrock:GetFoundationModelAvailability.*was requested and is recorded/s,
            failPollingOnceRequested,
        ],
    ];
    for (const [name, setup, says, during] of failures) {
        /** A stack whose first up failed this way, with the emulator then letting access finish. */
        const afterFailedUp = async (): Promise<EngineStack> => {
            emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
            setup();
            const engine = await EngineStack.create(emulator, { ...profiles([APAC]), ...REVOKE, accessWaitTimeoutSeconds: { value: "2" } });
            await Promise.all([assert.rejects(engine.stack.up(), says), during?.()]);
            emulator.reset();
            emulator.addModel(REGION, SONNET, { agreement: "PENDING", pendingMs: 100 });
            return engine;
        };

        it(`can be refreshed, destroyed and updated after ${name}`, async () => {
            const engine = await afterFailedUp();
            const refresh = await engine.stack.refresh();
            assert.doesNotMatch(refresh.stderr, /code must be a string/);
            const up = await engine.stack.up();
            assert.deepStrictEqual(up.outputs.status.value, { [`${REGION}/${SONNET}`]: "AVAILABLE" });
            const destroy = await engine.stack.destroy();
            assert.ok((destroy.summary.resourceChanges?.delete ?? 0) >= 1);
        });

        it(`can be destroyed right after ${name}`, async () => {
            const engine = await afterFailedUp();
            const destroy = await engine.stack.destroy();
            assert.ok((destroy.summary.resourceChanges?.delete ?? 0) >= 1);
        });
    }
});
