/** Tests of bedrock-usage-budget-and-alarms (FS-05, FS-06). */
import * as assert from "node:assert";
import { usageBudgetAndAlarms } from "../usageMonitoringPolicy";
import { type ResourceInput, checkStack } from "./policyTestHelpers";

const ACCESS: ResourceInput = {
    type: "pulumi-nodejs:dynamic/bedrock:ModelAccess",
    name: "access",
    props: { modelId: "anthropic.claude-sonnet-4-6", region: "ap-southeast-1" },
};
const BUDGET: ResourceInput = { type: "aws:budgets/budget:Budget", name: "budget", props: { name: "bedrock-dev", budgetType: "COST" } };
const alarm = (name: string, props: Record<string, unknown>): ResourceInput => ({ type: "aws:cloudwatch/metricAlarm:MetricAlarm", name, props });
const THROTTLES = alarm("throttles", { namespace: "AWS/Bedrock", metricName: "InvocationThrottles" });
const TOKENS = alarm("tokens", {
    metricQueries: [
        { id: "i", metric: { namespace: "AWS/Bedrock", metricName: "InputTokenCount" } },
        { id: "o", metric: { namespace: "AWS/Bedrock", metricName: "OutputTokenCount" } },
        { id: "t", expression: "i + o", returnData: true },
    ],
});

const violations = async (resources: ResourceInput[]) => (await checkStack(usageBudgetAndAlarms, resources, {})).violations;

describe("policy bedrock-usage-budget-and-alarms", () => {
    it("is advisory, says nothing of a stack without model access, and passes a budget with throttle and token alarms", async () => {
        assert.strictEqual(usageBudgetAndAlarms.enforcementLevel, "advisory");
        assert.deepStrictEqual(await violations([BUDGET]), []);
        assert.deepStrictEqual(await violations([ACCESS, BUDGET, THROTTLES, TOKENS]), []);
    });

    it("names what is missing: the budget (FS-06), then the alarms (FS-05) with the key to set", async () => {
        const none = await violations([ACCESS]);
        assert.strictEqual(none.length, 2);
        assert.match(none[0], /declares no budget.*FS-06.*usageTracking\.monthlyBudgetUsd/);
        assert.match(none[1], /no CloudWatch alarm watches AWS\/Bedrock throttles \(InvocationThrottles\) or token use .*FS-05.*usageTracking\.alarms/);
        assert.match((await violations([ACCESS, BUDGET, THROTTLES])).join("\n"), /watches AWS\/Bedrock token use/);
        const otherNamespace = alarm("cpu", { namespace: "AWS/EC2", metricName: "InvocationThrottles" });
        assert.match((await violations([ACCESS, BUDGET, otherNamespace, TOKENS])).join("\n"), /throttles \(InvocationThrottles\)/);
    });
});
