/**
 * The deployer policy: generated from the provider's own list of operations, with Marketplace
 * subscription scoped by product ID, and shown in docs/deployer-permissions.md exactly as the code makes it.
 */
import * as assert from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROVIDER_OPERATIONS } from "../../../aws/bedrock";
import type { PolicyStatement } from "../../../bedrock/iamDocument";
import { deployerPolicyDocument } from "../../../components/modelAccess/deployerPolicy";
import { deployerPolicyCommand, environmentModels } from "../../../runner/deployerPolicy";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";

function statement(doc: { Statement: PolicyStatement[] }, sid: string): PolicyStatement | undefined {
    return doc.Statement.find((s) => s.Sid === sid);
}

describe("deployer policy", () => {
    it("allows every Bedrock operation the providers call, deletion only with revokeOnDestroy, setting data retention only when managed", () => {
        const keep = deployerPolicyDocument({ modelIds: [SONNET], revokeOnDestroy: false });
        const revoke = deployerPolicyDocument({ modelIds: [SONNET], revokeOnDestroy: true, dataRetention: true, trustedAccess: true, mantle: true });
        const all = Object.values(PROVIDER_OPERATIONS).sort();
        const onProjects = all.filter((a) => a.startsWith("bedrock-mantle:"));
        const trusted = all.filter((a) => a.includes("TrustedAccess"));

        assert.deepStrictEqual(
            statement(revoke, "BedrockModelAccess")!.Action,
            all.filter((a) => !onProjects.includes(a)),
        );
        assert.deepStrictEqual(statement(revoke, "ManageEnvironmentProject"), {
            Sid: "ManageEnvironmentProject",
            Effect: "Allow",
            Action: onProjects,
            Resource: "arn:*:bedrock-mantle:*:*:project/*",
        });
        assert.deepStrictEqual(
            statement(keep, "BedrockModelAccess")!.Action,
            all.filter(
                (a) =>
                    a !== "bedrock:DeleteFoundationModelAgreement" &&
                    a !== "bedrock:PutAccountDataRetention" &&
                    !onProjects.includes(a) &&
                    !trusted.includes(a),
            ),
        );
        assert.strictEqual(statement(keep, "ManageEnvironmentProject"), undefined, "a runtime-only stack manages no project");
        assert.ok((statement(keep, "BedrockModelAccess")!.Action as string[]).includes("bedrock:GetAccountDataRetention"), "the stack reads the mode");
        assert.deepStrictEqual(statement(keep, "MarketplaceViewSubscriptions")!.Action, "aws-marketplace:ViewSubscriptions");
        assert.deepStrictEqual(statement(revoke, "MarketplaceViewSubscriptions")!.Action, ["aws-marketplace:Unsubscribe", "aws-marketplace:ViewSubscriptions"]);
    });

    it("scopes aws-marketplace:Subscribe to the models' product IDs", () => {
        const doc = deployerPolicyDocument({ modelIds: [SONNET, "anthropic.claude-3-haiku-20240307-v1:0", SONNET], revokeOnDestroy: false });
        assert.deepStrictEqual(statement(doc, "MarketplaceSubscribeToTheseModelsOnly"), {
            Sid: "MarketplaceSubscribeToTheseModelsOnly",
            Effect: "Allow",
            Action: "aws-marketplace:Subscribe",
            Resource: "*",
            Condition: { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": ["prod-4pmewlybdftbs", "prod-ozonys2hmmpeu"] } },
        });
    });

    it("grants no Marketplace action for models not sold there", () => {
        const doc = deployerPolicyDocument({ modelIds: ["amazon.nova-pro-v1:0", "meta.llama3-8b-instruct-v1:0"], revokeOnDestroy: false });
        assert.deepStrictEqual(
            doc.Statement.map((s) => s.Sid),
            ["BedrockModelAccess", "ReadBedrockQuotas"],
        );
    });

    it("lets the verification step read the account's Bedrock quotas, and nothing else of Service Quotas", () => {
        const doc = deployerPolicyDocument({ modelIds: ["amazon.nova-pro-v1:0"], revokeOnDestroy: false });
        const quotas = doc.Statement.filter((s) => JSON.stringify(s.Action).includes("servicequotas"));
        assert.deepStrictEqual(
            quotas.map((s) => s.Action),
            ["servicequotas:ListServiceQuotas"],
        );
    });

    it("with bedrock-mantle, lets the preview read its model list (ListModels on projects), and nothing more of bedrock-mantle", () => {
        const doc = deployerPolicyDocument({ modelIds: [SONNET], revokeOnDestroy: false, mantle: true });
        assert.deepStrictEqual(statement(doc, "ReadMantleModels"), {
            Sid: "ReadMantleModels",
            Effect: "Allow",
            Action: "bedrock-mantle:ListModels",
            Resource: "arn:*:bedrock-mantle:*:*:project/*",
        });
        assert.strictEqual(statement(deployerPolicyDocument({ modelIds: [SONNET], revokeOnDestroy: false }), "ReadMantleModels"), undefined);
        let out = "";
        assert.strictEqual(
            deployerPolicyCommand(["--mantle", SONNET], (line) => (out += line)),
            0,
        );
        assert.ok(statement(JSON.parse(out), "ReadMantleModels"), "npm run deployer-policy -- --mantle");
    });

    it("refuses a Marketplace model whose product ID it does not know, and a wildcard", () => {
        assert.throws(
            () => deployerPolicyDocument({ modelIds: ["anthropic.claude-future-v1:0"], revokeOnDestroy: false }),
            /No AWS Marketplace product ID is known for anthropic\.claude-future-v1:0/,
        );
        assert.throws(() => deployerPolicyDocument({ modelIds: ["*"], revokeOnDestroy: false }), /enable all models/);
    });

    describe("npm run deployer-policy", () => {
        function command(argv: string[]): { code: number; out: string; err: string } {
            let out = "";
            let err = "";
            const code = deployerPolicyCommand(
                argv,
                (line) => (out += `${line}\n`),
                (line) => (err += `${line}\n`),
            );
            return { code, out, err };
        }

        it("scopes Subscribe to a product ID given with --product-id for a model the table does not know", () => {
            const result = command(["--product-id", "anthropic.claude-sonnet-9=prod-abcdefgh1234", "anthropic.claude-sonnet-9", SONNET]);
            assert.strictEqual(result.code, 0, result.err);
            const subscribe = statement(JSON.parse(result.out), "MarketplaceSubscribeToTheseModelsOnly");
            assert.deepStrictEqual(subscribe?.Condition, {
                "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": ["prod-4pmewlybdftbs", "prod-abcdefgh1234"] },
            });
        });

        it("without it, exits 2 and says which flag to add", () => {
            const result = command(["anthropic.claude-sonnet-9"]);
            assert.strictEqual(result.code, 2);
            assert.strictEqual(result.out, "");
            assert.match(result.err, /--product-id anthropic\.claude-sonnet-9=prod-\.\.\./);
        });

        it("refuses a --product-id that is not <modelId>=<prod-id>, and an unknown option", () => {
            assert.match(command(["--product-id", "prod-abcdefgh1234"]).err, /--product-id takes <modelId>=<prod-id>/);
            assert.strictEqual(command(["--product-id", "anthropic.claude-sonnet-4-6=abc"]).code, 2);
            assert.match(command(["--revoke"]).err, /Unknown option '--revoke'.*Usage: deployer-policy/);
        });

        it("refuses two product IDs for one model, and a wildcard model", () => {
            const twice = command([
                "--product-id",
                "anthropic.claude-sonnet-9=prod-abcdefgh1234",
                "--product-id",
                "anthropic.claude-sonnet-9=prod-zzzzzzzz9999",
            ]);
            assert.strictEqual(twice.code, 2);
            assert.match(twice.err, /--product-id names anthropic\.claude-sonnet-9 twice \(prod-abcdefgh1234, prod-zzzzzzzz9999\)/);
            const wildcard = command(["--product-id", "anthropic.*=prod-abcdefgh1234"]);
            assert.strictEqual(wildcard.code, 2);
            assert.match(wildcard.err, /--product-id's model "anthropic\.\*" asks for every model/);
        });

        it("with no model, prints the policy for the development environment's model, an Active one", () => {
            const result = command([]);
            assert.strictEqual(result.code, 0, result.err);
            assert.deepStrictEqual(environmentModels(), ["anthropic.claude-sonnet-4-6"], "Pulumi.dev.yaml's profile global.anthropic.claude-sonnet-4-6");
            const subscribe = statement(JSON.parse(result.out), "MarketplaceSubscribeToTheseModelsOnly");
            assert.deepStrictEqual(
                subscribe?.Condition,
                { "ForAnyValue:StringEquals": { "aws-marketplace:ProductId": ["prod-ffvjxvh4ltq64"] } },
                "Sonnet 4.6's product, not the retired Sonnet 4's (prod-4pmewlybdftbs)",
            );
        });
    });

    it("is shown in docs/deployer-permissions.md exactly as the code generates it", () => {
        const readme = readFileSync(path.join(__dirname, "..", "..", "..", "docs", "deployer-permissions.md"), "utf8");
        const block = /<!-- deployer-policy -->\s*```json\n([\s\S]*?)```/.exec(readme);
        assert.ok(block, "docs/deployer-permissions.md has a deployer-policy block");
        assert.deepStrictEqual(JSON.parse(block[1]), deployerPolicyDocument({ modelIds: environmentModels(), revokeOnDestroy: false }));
    });
});
