/** Tests of bedrock-usage-budget (FS-06) and bedrock-usage-alarms (FS-05). */
import * as assert from "node:assert";
import { usageAlarms, usageBudget } from "../usageMonitoringPolicy";
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

const budgetViolations = async (resources: ResourceInput[]) => (await checkStack(usageBudget, resources, {})).violations;
const alarmViolations = async (resources: ResourceInput[]) => (await checkStack(usageAlarms, resources, {})).violations;

describe("policy bedrock-usage-budget (FS-06)", () => {
    it("is advisory, says nothing of a stack without model access, and passes a budget", async () => {
        assert.strictEqual(usageBudget.enforcementLevel, "advisory");
        assert.deepStrictEqual(await budgetViolations([]), []);
        assert.deepStrictEqual(await budgetViolations([ACCESS, BUDGET]), []);
    });

    it("names the missing budget and the key to set", async () => {
        const found = await budgetViolations([ACCESS, THROTTLES, TOKENS]);
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /declares no budget.*FS-06.*usageTracking\.monthlyBudgetUsd/);
    });
});

describe("policy bedrock-usage-alarms (FS-05)", () => {
    it("is advisory, says nothing of a stack without model access, and passes throttle and token alarms", async () => {
        assert.strictEqual(usageAlarms.enforcementLevel, "advisory");
        assert.deepStrictEqual(await alarmViolations([THROTTLES]), []);
        assert.deepStrictEqual(await alarmViolations([ACCESS, THROTTLES, TOKENS]), []);
    });

    it("names the missing alarms and the key to set, and counts only AWS/Bedrock metrics", async () => {
        const none = await alarmViolations([ACCESS, BUDGET]);
        assert.strictEqual(none.length, 1);
        assert.match(none[0], /no CloudWatch alarm watches AWS\/Bedrock throttles \(InvocationThrottles\) or token use .*FS-05.*usageTracking\.alarms/);
        assert.match((await alarmViolations([ACCESS, THROTTLES])).join("\n"), /watches AWS\/Bedrock token use/);
        const otherNamespace = alarm("cpu", { namespace: "AWS/EC2", metricName: "InvocationThrottles" });
        assert.match((await alarmViolations([ACCESS, otherNamespace, TOKENS])).join("\n"), /throttles \(InvocationThrottles\)/);
    });
});
