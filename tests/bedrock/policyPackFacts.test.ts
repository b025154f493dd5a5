/**
 * The policy pack stands alone (it is published without the program), so it keeps its own copy
 * of the Bedrock facts it reads. This test keeps that copy equal to the program's.
 */
import * as assert from "assert";
import { PROFILE_GEOGRAPHY_PREFIXES } from "../../bedrock/models";
import { MODEL_ACCESS_TYPE } from "../../components/modelAccess/modelAccess";
import { GEOGRAPHIES, TYPES } from "../../policy/bedrockIds";
import { INVOKE_ACTIONS } from "../../policy/iamInvokePolicy";
import { GUARDED_INVOKE_ACTIONS } from "../../components/modelAllowList/allowListDocument";

describe("the policy pack's copy of the Bedrock facts", () => {
    it("knows the same inference-profile geographies as the program", () => {
        assert.deepStrictEqual([...GEOGRAPHIES].sort(), [...PROFILE_GEOGRAPHY_PREFIXES].sort());
    });

    it("matches ModelAccess by the type token the program registers", () => {
        assert.strictEqual(TYPES.modelAccess, MODEL_ACCESS_TYPE);
    });
});

describe("the policy pack's model-running actions", () => {
    it("are the actions the program's guardrail denies outside the allow list", () => {
        assert.deepStrictEqual([...INVOKE_ACTIONS].sort(), [...GUARDED_INVOKE_ACTIONS].sort());
    });
});
