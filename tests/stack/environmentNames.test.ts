/**
 * Names of an environment's fixed-name resources and the values AWS would refuse or read
 * differently, as pure functions with tables: no Pulumi runtime, no AWS.
 */
import * as assert from "node:assert";
import { DEFAULT_PROJECT, environmentName, isOwnLogBucket, logBucketPrefixFor, logGroupNameFor } from "../../stack/environmentNames";
import { keysOf } from "../../settings/keys";
import { budgetAmount, usageTrackingSettings } from "../../settings/usageTracking";
import { applicationProfileName } from "../../components/inferenceProfileAccess/applicationProfile";

describe("environment names (stack/environmentNames.ts)", () => {
    it("keeps this project's names as they were, so deployed environments keep their log groups and buckets", () => {
        assert.strictEqual(logGroupNameFor(DEFAULT_PROJECT, "dev"), "/bedrock-model-access/dev/model-invocations");
        assert.strictEqual(logBucketPrefixFor(DEFAULT_PROJECT, "dev"), "bedrock-invocation-logs-dev-");
        assert.strictEqual(environmentName(DEFAULT_PROJECT, "dev"), "dev");
    });

    it("gives two stacks whose names share their first 12 characters different bucket prefixes, neither claiming the other's bucket", () => {
        const dev = logBucketPrefixFor(DEFAULT_PROJECT, "customer-acme-dev");
        const prod = logBucketPrefixFor(DEFAULT_PROJECT, "customer-acme-prod");
        assert.notStrictEqual(dev, prod);
        for (const prefix of [dev, prod]) {
            assert.ok(prefix.length <= 37 && /^[a-z0-9-]+-$/.test(prefix), prefix);
        }
        assert.ok(!isOwnLogBucket(`${prod}20261201000000000000000001`, dev), "dev does not take prod's bucket for its own");
        assert.ok(isOwnLogBucket(`${dev}20261201000000000000000001`, dev));
        // A stack name that is another's plus "-2": the prefix alone matched it before.
        assert.ok(!isOwnLogBucket(`${logBucketPrefixFor(DEFAULT_PROJECT, "dev-2")}20261201000000000000000001`, logBucketPrefixFor(DEFAULT_PROJECT, "dev")));
    });

    it("puts the project in the names of another project's environments (two projects, one stack name)", () => {
        const table: [string, string, string][] = [
            ["my-bedrock", "dev", "/bedrock-model-access/my-bedrock/dev/model-invocations"],
            ["other", "dev", "/bedrock-model-access/other/dev/model-invocations"],
        ];
        for (const [project, stack, logGroup] of table) {
            assert.strictEqual(logGroupNameFor(project, stack), logGroup);
        }
        assert.notStrictEqual(logBucketPrefixFor("my-bedrock", "dev"), logBucketPrefixFor("other", "dev"));
        assert.notStrictEqual(logBucketPrefixFor("my-bedrock", "dev"), logBucketPrefixFor(DEFAULT_PROJECT, "dev"));
        const profile = "global.anthropic.claude-sonnet-4-6";
        assert.notStrictEqual(
            applicationProfileName(environmentName("my-bedrock", "dev"), profile),
            applicationProfileName(environmentName("other", "dev"), profile),
        );
        assert.strictEqual(applicationProfileName(environmentName(DEFAULT_PROJECT, "dev"), profile).startsWith("dev-global-anthropic-claude-sonnet-4-6"), true);
    });
});

describe("values AWS refuses or reads differently, refused at preview", () => {
    it("formats budget amounts as AWS Budgets' decimal, and refuses what would not survive it", () => {
        const table: [unknown, string | undefined][] = [
            [500, "500.00"],
            [12.5, "12.50"],
            [0.01, "0.01"],
            [1_000_000_000, "1000000000.00"],
            [1e21, undefined],
            [0.001, undefined],
            [12.345, undefined],
            [0, undefined],
            [-5, undefined],
            [Number.NaN, undefined],
            ["500", undefined],
        ];
        for (const [given, amount] of table) {
            assert.strictEqual(budgetAmount(given), amount, String(given));
        }
        const problems: string[] = [];
        usageTrackingSettings({ monthlyBudgetUsd: 1e21, budgetAlertEmails: ["ops@example.com"] }, problems, keysOf("bedrock-model-access"));
        assert.match(
            problems.join("\n"),
            /usageTracking\.monthlyBudgetUsd must be an amount of US dollars from 0\.01 to 1,000,000,000 with at most two decimals.*got 1e\+21/,
        );
    });

    it("refuses tag keys and values outside Bedrock's ASCII tag pattern, naming the tag", () => {
        for (const tags of [{ team: "café" }, { équipe: "chat" }, { team: "チャット" }]) {
            const problems: string[] = [];
            assert.strictEqual(usageTrackingSettings({ tags }, problems, keysOf("bedrock-model-access")), undefined);
            assert.match(problems.join("\n"), /ASCII letters, digits, spaces and \+ - = \. _ : \/ @ \(Bedrock's tag pattern\)/, JSON.stringify(tags));
        }
        const fine: string[] = [];
        assert.ok(usageTrackingSettings({ tags: { team: "chat", "cost-center": "a1/b2:c=d+e@f" } }, fine, keysOf("bedrock-model-access")));
        assert.deepStrictEqual(fine, []);
    });
});
