/**
 * The policy pack stands alone (it is published without the program), so it keeps its own copy
 * of the Bedrock facts it reads. This test keeps that copy equal to the program's.
 */
import * as assert from "assert";
import { PROFILE_GEOGRAPHY_PREFIXES } from "../../bedrock/models";
import { MODEL_ACCESS_TYPE } from "../../components/modelAccess/modelAccess";
import { GEOGRAPHIES, TYPES } from "../../policy/bedrockIds";

describe("the policy pack's copy of the Bedrock facts", () => {
    it("knows the same inference-profile geographies as the program", () => {
        assert.deepStrictEqual([...GEOGRAPHIES].sort(), [...PROFILE_GEOGRAPHY_PREFIXES].sort());
    });

    it("matches ModelAccess by the type token the program registers", () => {
        assert.strictEqual(TYPES.modelAccess, MODEL_ACCESS_TYPE);
    });
});
