/** Tests of bedrock-model-lifecycle: Legacy, near and past end of life, configuration, unknown values. */
import * as assert from "node:assert";
import { modelLifecycle } from "../lifecyclePolicy";
import { UNKNOWN, checkStack } from "./policyTestHelpers";

const ACCESS = "pulumi-nodejs:dynamic/bedrock:ModelAccess";
const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function violations(props: Record<string, unknown>, config: object = {}): Promise<string[]> {
    return (await checkStack(modelLifecycle, [{ type: ACCESS, name: "access", props: { modelId: SONNET, region: "ap-southeast-1", ...props } }], config))
        .violations;
}

describe("policy bedrock-model-lifecycle", () => {
    it("is advisory by default", () => {
        assert.strictEqual(modelLifecycle.enforcementLevel, "advisory");
    });

    it("passes an Active model with a distant or no end of life", async () => {
        assert.deepStrictEqual(await violations({ lifecycleStatus: "ACTIVE" }), []);
        assert.deepStrictEqual(await violations({ lifecycleStatus: "ACTIVE", endOfLifeTime: inDays(400) }), []);
    });

    it("flags a model past its end of life", async () => {
        const found = await violations({ lifecycleStatus: "LEGACY", endOfLifeTime: "2026-10-14T00:00:00.000Z" });
        assert.deepStrictEqual(found, [
            `access enables ${SONNET} in ap-southeast-1, which reached its end of life on 2026-10-14. Move the environment to an Active model (\`npm run models -- --region <region>\` lists them).`,
        ]);
    });

    it("flags an end of life within warnDaysBeforeEndOfLife, and follows the setting", async () => {
        assert.match((await violations({ lifecycleStatus: "ACTIVE", endOfLifeTime: inDays(30) }))[0], /whose end of life is .*, in 30 days/);
        assert.deepStrictEqual(await violations({ lifecycleStatus: "ACTIVE", endOfLifeTime: inDays(30) }, { warnDaysBeforeEndOfLife: 10 }), []);
    });

    it("flags a Legacy model even far from its end of life", async () => {
        assert.match((await violations({ lifecycleStatus: "LEGACY", endOfLifeTime: inDays(200) }))[0], /which Bedrock lists as Legacy \(end of life /);
    });

    it("waits for values not known at preview", async () => {
        const outcome = await checkStack(modelLifecycle, [
            { type: ACCESS, props: { modelId: SONNET, region: "ap-southeast-1", lifecycleStatus: UNKNOWN, endOfLifeTime: UNKNOWN } },
        ]);
        assert.deepStrictEqual(outcome, { violations: [], urns: [], unknown: false });
    });
});
