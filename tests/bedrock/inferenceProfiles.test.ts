/** Reading foundation-model ARNs (the destination regions of a profile) with the AWS ARN parser. */
import * as assert from "node:assert";
import { foundationModelArnRegion } from "../../bedrock/inferenceProfiles";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";

describe("foundation-model ARNs", () => {
    it("gives the region and model of a regional and of the region-less (global) ARN, in any partition", () => {
        assert.deepStrictEqual(foundationModelArnRegion(`arn:aws:bedrock:ap-southeast-1::foundation-model/${SONNET}`), {
            region: "ap-southeast-1",
            modelId: SONNET,
        });
        assert.deepStrictEqual(foundationModelArnRegion(`arn:aws:bedrock:::foundation-model/${SONNET}`), { region: "", modelId: SONNET });
        assert.deepStrictEqual(foundationModelArnRegion(`arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${SONNET}`), {
            region: "us-gov-west-1",
            modelId: SONNET,
        });
    });

    it("refuses what is not a foundation-model ARN", () => {
        for (const text of [
            `apac.${SONNET}`,
            `arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile/apac.${SONNET}`,
            `arn:aws:s3:::bucket/${SONNET}`,
            "arn:bad",
        ]) {
            assert.strictEqual(foundationModelArnRegion(text), undefined, text);
        }
    });
});
