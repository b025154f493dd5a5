/**
 * Model lifecycle through the real engine against the emulator: a retired model fails the
 * preview, a Legacy one deploys with a warning and its dates, refresh follows Bedrock's schedule,
 * and `pulumi policy analyze` flags environments whose models are going away.
 */
import * as assert from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REGION, SONNET } from "../helpers/fixtures";
import { EngineStack, POLICY_DIR, useEngineTests } from "./engineHarness";

const ADVISORY_ALLOW_LIST = path.join(mkdtempSync(path.join(tmpdir(), "policy-config-")), "advisory-allow-list.json");
writeFileSync(ADVISORY_ALLOW_LIST, JSON.stringify({ "bedrock-model-allow-list": "advisory", "bedrock-invocation-logging": "advisory" }));
const LEGACY_SINCE = new Date("2026-04-14T00:00:00Z");
const RETIRED_ON = new Date("2026-10-14T00:00:00Z");

describe("model lifecycle through the engine", function () {
    const emulator = useEngineTests(this);

    const sonnet = { models: { value: JSON.stringify([SONNET]) } };

    it("fails the preview of a model past its end of life, with reads only", async () => {
        emulator.addModel(REGION, SONNET, { lifecycle: { status: "LEGACY", legacyTime: LEGACY_SINCE, endOfLifeTime: RETIRED_ON } });
        const engine = await EngineStack.create(emulator, sonnet);
        await assert.rejects(engine.stack.preview(), (err: Error) => {
            assert.match(
                err.message,
                /reached its end of life in ap-southeast-1 on 2026-10-14.*npm run models -- --region ap-southeast-1 --provider anthropic/,
            );
            return true;
        });
        assert.ok(emulator.requests.length > 0);
        assert.deepStrictEqual(
            [...new Set(emulator.requests.map((r) => r.operation))],
            ["ListFoundationModels"],
            "nothing but the lifecycle read, one list for the region",
        );
    });

    it("deploys a Legacy model with a warning and its dates, refresh follows the schedule, and analyze flags it", async () => {
        const eol = new Date(Date.now() + 60 * 86_400_000);
        emulator.addModel(REGION, SONNET, { pendingMs: 200, lifecycle: { status: "ACTIVE" } });
        emulator.setUseCaseForm(REGION, '{"companyName":"already submitted"}');
        const engine = await EngineStack.create(emulator, sonnet);
        const first = await engine.stack.up();
        assert.deepStrictEqual(first.outputs.lifecycle.value, { [`${REGION}/${SONNET}`]: { status: "ACTIVE" } });

        // Bedrock moves the model to Legacy: refresh records it.
        emulator.setLifecycle(REGION, SONNET, { status: "LEGACY", legacyTime: LEGACY_SINCE, endOfLifeTime: eol });
        await engine.stack.refresh();
        const state = await engine.stack.exportStack();
        const access = (state.deployment as { resources: { type: string; outputs: Record<string, unknown> }[] }).resources.find((r) =>
            r.type.endsWith("ModelAccess"),
        )!;
        assert.strictEqual(access.outputs.lifecycleStatus, "LEGACY");
        assert.strictEqual(access.outputs.endOfLifeTime, eol.toISOString());

        // Without AWS resources here there is no allow-list guardrail; reviewers make that advisory.
        const analyze = await engine.runCli(["policy", "analyze", "--policy-pack", POLICY_DIR, "--policy-pack-config", ADVISORY_ALLOW_LIST]);
        const output = analyze.stdout + analyze.stderr;
        assert.match(output, /\[advisory\]\s+bedrock-model-lifecycle/);
        assert.match(output, new RegExp(`whose end of life is ${eol.toISOString().slice(0, 10)}, in 60 days`));

        // A new Legacy model in another region deploys, with the warning line.
        emulator.addModel("ap-southeast-2", SONNET, { pendingMs: 200, lifecycle: { status: "LEGACY", legacyTime: LEGACY_SINCE, endOfLifeTime: eol } });
        emulator.setUseCaseForm("ap-southeast-2", '{"companyName":"already submitted"}');
        await engine.stack.setConfig("regions", { value: JSON.stringify([REGION, "ap-southeast-2"]) });
        const second = await engine.stack.up();
        assert.match(
            second.stdout,
            new RegExp(
                `Warning: ${SONNET.replace(/\./g, "\\.")} is Legacy in ap-southeast-2 since 2026-04-14; its end of life is ${eol.toISOString().slice(0, 10)}`,
            ),
        );
        assert.strictEqual((second.outputs.lifecycle.value as Record<string, { status: string }>)[`ap-southeast-2/${SONNET}`].status, "LEGACY");
    });
});
