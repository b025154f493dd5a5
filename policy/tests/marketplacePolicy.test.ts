/** Tests of bedrock-marketplace-subscribe-scoped. */
import * as assert from "node:assert";
import { deployerPolicyDocument } from "../../components/modelAccess/deployerPolicy";
import { marketplaceSubscribeScoped } from "../marketplacePolicy";
import { UNKNOWN, checkResource, doc } from "./policyTestHelpers";

async function violations(policy: unknown): Promise<string[]> {
    return (await checkResource(marketplaceSubscribeScoped, { type: "aws:iam/policy:Policy", name: "deployer", props: { policy } })).violations;
}

describe("policy bedrock-marketplace-subscribe-scoped", () => {
    it("passes the program's own deployer policy", async () => {
        const deployer = deployerPolicyDocument({ modelIds: ["anthropic.claude-sonnet-4-20250514-v1:0"], revokeOnDestroy: true });
        assert.deepStrictEqual(await violations(JSON.stringify(deployer)), []);
    });

    it("passes Subscribe with a ProductId condition under any operator", async () => {
        const scoped = doc({
            Effect: "Allow",
            Action: "aws-marketplace:Subscribe",
            Resource: "*",
            Condition: { StringEquals: { "aws-marketplace:ProductId": "prod-4pmewlybdftbs" } },
        });
        assert.deepStrictEqual(await violations(scoped), []);
    });

    it("ignores other Marketplace actions", async () => {
        assert.deepStrictEqual(await violations(doc({ Effect: "Allow", Action: ["aws-marketplace:ViewSubscriptions"], Resource: "*" })), []);
    });

    const cases: [string, object, RegExp][] = [
        [
            "Subscribe without a condition",
            doc({ Sid: "Sub", Effect: "Allow", Action: "aws-marketplace:Subscribe", Resource: "*" }),
            /deployer: policy statement "Sub" allows aws-marketplace:Subscribe to any product\. Add Condition/,
        ],
        ["aws-marketplace:*", doc({ Effect: "Allow", Action: "aws-marketplace:*", Resource: "*" }), /to any product/],
        ["Action *", doc({ Effect: "Allow", Action: "*", Resource: "*" }), /to any product/],
        ["NotAction", doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }), /to any product/],
        [
            "a condition on another key",
            doc({ Effect: "Allow", Action: "aws-marketplace:Subscribe", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }),
            /to any product/,
        ],
        [
            "a wildcard product",
            doc({ Effect: "Allow", Action: "aws-marketplace:Subscribe", Resource: "*", Condition: { StringLike: { "aws-marketplace:ProductId": "prod-*" } } }),
            /with a wildcard product ID/,
        ],
    ];
    for (const [name, policy, says] of cases) {
        it(`flags ${name}`, async () => {
            const found = await violations(policy);
            assert.strictEqual(found.length, 1, JSON.stringify(found));
            assert.match(found[0], says);
        });
    }

    it("cannot check a document unknown during preview, and says so", async () => {
        const outcome = await checkResource(marketplaceSubscribeScoped, { type: "aws:iam/policy:Policy", props: { policy: UNKNOWN } });
        assert.strictEqual(outcome.unknown, true);
    });
});
