/**
 * One identity: a stack configured with aws:profile sends its model-access requests signed with
 * that profile's key, through the real engine, even when the environment holds other credentials.
 */
import * as assert from "node:assert";
import { OTHER_IDENTITY, PROFILE, homeWithProfile } from "../helpers/awsProfile";
import { REGION, SONNET } from "../helpers/fixtures";
import { EngineStack, useEngineTests } from "./engineHarness";

describe("the stack's AWS identity through the engine", function () {
    const emulator = useEngineTests(this);

    it("signs model-access requests with the aws:profile key, for up, refresh and destroy", async () => {
        emulator.addModel(REGION, SONNET, { pendingMs: 200 });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(
            emulator,
            { profiles: { value: JSON.stringify([`apac.${SONNET}`]) }, "aws:profile": { value: PROFILE }, revokeOnDestroy: { value: "true" } },
            undefined,
            { HOME: homeWithProfile(), ...OTHER_IDENTITY },
        );
        const up = await engine.stack.up();
        assert.deepStrictEqual(up.outputs.status.value, { [`${REGION}/${SONNET}`]: "AVAILABLE" });
        await engine.stack.refresh();
        await engine.stack.destroy();
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1, "delete ran as the profile too");
        assert.ok(emulator.requests.length >= 4);
        assert.ok(
            emulator.requests.every((r) => r.signatureValid),
            "no request was signed with the environment's other key",
        );
    });
});
