/** Tests of bedrock-data-retention and bedrock-data-retention-declared. */
import * as assert from "node:assert";
import { dataRetention, dataRetentionDeclared } from "../dataRetentionPolicy";
import { type ResourceInput, checkResource, checkStack } from "./policyTestHelpers";

const RETENTION = "pulumi-nodejs:dynamic/bedrock:DataRetention";
const ACCESS: ResourceInput = {
    type: "pulumi-nodejs:dynamic/bedrock:ModelAccess",
    name: "model-access-ap-southeast-1-anthropic-claude-sonnet-4-6",
    props: { modelId: "anthropic.claude-sonnet-4-6", region: "ap-southeast-1" },
};

function retention(mode: string, region = "ap-southeast-1"): ResourceInput {
    return { type: RETENTION, name: `data-retention-${region}`, props: { region, mode } };
}

describe("policy bedrock-data-retention", () => {
    it("is mandatory", () => {
        assert.strictEqual(dataRetention.enforcementLevel, "mandatory");
    });

    it("passes none and default by default", async () => {
        for (const mode of ["none", "default"]) {
            assert.deepStrictEqual((await checkResource(dataRetention, retention(mode))).violations, [], mode);
        }
    });

    it("blocks the modes that keep data for review by default, saying what each means", async () => {
        const cases: [string, RegExp][] = [
            ["aws_review", /under it AWS may keep prompts and answers for safety review \(the model provider receives nothing\)/],
            ["provider_data_share", /under it, the earlier mode for models that require retention, Bedrock may keep prompts and answers/],
        ];
        for (const [mode, means] of cases) {
            const { violations } = await checkResource(dataRetention, retention(mode));
            assert.strictEqual(violations.length, 1, mode);
            assert.match(
                violations[0],
                new RegExp(
                    `data-retention-ap-southeast-1 sets the data-retention mode of ap-southeast-1 to "${mode}", which the reviewers do not allow \\(allowed: none, default\\)`,
                ),
            );
            assert.match(violations[0], means);
        }
    });

    it("follows the reviewers' allowedModes", async () => {
        assert.deepStrictEqual((await checkResource(dataRetention, retention("aws_review"), { allowedModes: ["aws_review"] })).violations, []);
        assert.strictEqual((await checkResource(dataRetention, retention("default"), { allowedModes: ["none"] })).violations.length, 1);
    });

    it("ignores other resource types", async () => {
        assert.deepStrictEqual((await checkResource(dataRetention, ACCESS)).violations, []);
    });
});

describe("policy bedrock-data-retention-declared (advisory)", () => {
    it("is advisory", () => {
        assert.strictEqual(dataRetentionDeclared.enforcementLevel, "advisory");
    });

    it("reports a stack that enables model access and declares no mode, on the model-access resource", async () => {
        const { violations, urns } = await checkStack(dataRetentionDeclared, [ACCESS]);
        assert.deepStrictEqual(violations.length, 1);
        assert.match(violations[0], /enables model access in ap-southeast-1 but declares no data-retention mode.*bedrock-model-access:dataRetention/);
        assert.match(String(urns[0]), /ModelAccess::model-access-ap-southeast-1/);
    });

    it("passes a stack that declares the mode, and one without model access", async () => {
        assert.deepStrictEqual((await checkStack(dataRetentionDeclared, [ACCESS, retention("none")])).violations, []);
        assert.deepStrictEqual((await checkStack(dataRetentionDeclared, [retention("none")])).violations, []);
    });
});
