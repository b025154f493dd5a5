/** The order `--all` runs an organization stack and its environments in: a table over runner/organizationOrder.ts. */
import * as assert from "node:assert";
import { type OrganizationPlan, organizationOrder } from "../../runner/organizationOrder";

const SONNET = "anthropic.claude-sonnet-4-6";
const OPUS = "anthropic.claude-opus-4-8";
const set = (...models: string[]) => ({ models, profiles: models.map((m) => `global.${m}`) });
const plan = (wanted: ReturnType<typeof set>, deployed?: ReturnType<typeof set>): OrganizationPlan => ({
    stack: "org",
    governs: ["dev", "prod"],
    wanted,
    deployed,
});
const order = (p: OrganizationPlan, operation = "up") =>
    organizationOrder(["dev", "org", "prod", "sandbox"], [p], operation).map((r) =>
        r.keep === undefined ? r.stack : `${r.stack}(keeping ${r.keep.models.join(",")})`,
    );

describe("the order of an organization stack and its environments (runner/organizationOrder.ts)", () => {
    const rows: [string, OrganizationPlan, string, string[]][] = [
        ["not deployed yet: first", plan(set(SONNET)), "up", ["org", "dev", "prod", "sandbox"]],
        ["a model added: first, so no environment is denied it", plan(set(SONNET, OPUS), set(SONNET)), "up", ["org", "dev", "prod", "sandbox"]],
        ["a model removed: last, once no environment uses it", plan(set(SONNET), set(SONNET, OPUS)), "up", ["dev", "prod", "sandbox", "org"]],
        [
            "one added and one removed: first keeping the old set, then last narrowed",
            plan(set(OPUS), set(SONNET)),
            "up",
            [`org(keeping ${SONNET})`, "dev", "prod", "sandbox", "org"],
        ],
        ["nothing changes: first", plan(set(SONNET), set(SONNET)), "up", ["org", "dev", "prod", "sandbox"]],
        ["destroy: the environments first", plan(set(SONNET), set(SONNET)), "destroy", ["dev", "prod", "sandbox", "org"]],
        ["preview: first", plan(set(SONNET)), "preview", ["org", "dev", "prod", "sandbox"]],
    ];
    for (const [name, p, operation, expected] of rows) {
        it(name, () => assert.deepStrictEqual(order(p, operation), expected));
    }

    it("leaves the order alone without an organization stack among the stacks run", () => {
        assert.deepStrictEqual(
            organizationOrder(["dev", "prod"], [plan(set(SONNET))], "up").map((r) => r.stack),
            ["dev", "prod"],
        );
    });
});
