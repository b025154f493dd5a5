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

    it("blocks provider_data_share by default, saying what it means", async () => {
        const { violations } = await checkResource(dataRetention, retention("provider_data_share"));
        assert.strictEqual(violations.length, 1);
        assert.match(
            violations[0],
            /data-retention-ap-southeast-1 sets the data-retention mode of ap-southeast-1 to "provider_data_share", which the reviewers do not allow \(allowed: none, default\); under it Bedrock may keep prompts and share them/,
        );
    });

    it("follows the reviewers' allowedModes", async () => {
        assert.deepStrictEqual(
            (await checkResource(dataRetention, retention("provider_data_share"), { allowedModes: ["provider_data_share"] })).violations,
            [],
        );
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
