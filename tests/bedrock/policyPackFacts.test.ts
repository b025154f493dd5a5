/**
 * The policy pack stands alone (it is published without the program), so the Bedrock facts both
 * use live in the pack (policy/bedrockFacts.ts) and the program imports them. These tests check
 * that both sides judge the same inputs the same way, so neither drifts back to a copy of its own.
 */
import * as assert from "node:assert";
import { describeGeographySources, modelIdProblem, parseProfileId } from "../../bedrock/models";
import { GUARDED_INVOKE_ACTIONS } from "../../components/modelAllowList/allowListDocument";
import { ENABLE_ALL_WORDS, INVOKE_ACTIONS, PROFILE_GEOGRAPHY_PREFIXES } from "../../policy/bedrockFacts";
import { judgeModelId, modelOfProfileId } from "../../policy/bedrockIds";

const IDS = [
    "anthropic.claude-sonnet-4-20250514-v1:0",
    "anthropic.claude-sonnet-4-6",
    "amazon.nova-pro-v1:0",
    "meta.llama3-1-70b-instruct-v1:0",
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "Anthropic.Claude",
    "anthropic",
    "anthropic.claude sonnet",
    `anthropic.${"x".repeat(140)}`,
];

describe("the Bedrock facts the program and the policy pack share", () => {
    it("know where every profile geography may be called from", () => {
        for (const geography of PROFILE_GEOGRAPHY_PREFIXES) {
            assert.notStrictEqual(describeGeographySources(geography), "no known region", geography);
            assert.strictEqual(parseProfileId(`${geography}.anthropic.claude-sonnet-4-6`)?.modelId, "anthropic.claude-sonnet-4-6");
            assert.strictEqual(modelOfProfileId(`${geography}.anthropic.claude-sonnet-4-6`), "anthropic.claude-sonnet-4-6");
        }
    });

    it("refuse the same 'enable all' words in the program and in the pack", () => {
        for (const word of [...ENABLE_ALL_WORDS, "ALL", "anthropic.*", "anthropic.claude-?"]) {
            assert.match(modelIdProblem(word, "model") ?? "", /enable all models/, `program: ${word}`);
            assert.strictEqual(judgeModelId(word).kind, "wildcard", `pack: ${word}`);
        }
    });

    it("agree on which texts are one concrete model ID", () => {
        for (const id of IDS) {
            assert.strictEqual(judgeModelId(id).kind === "concrete", modelIdProblem(id, "model") === undefined, id);
        }
    });

    it("deny in the guardrail exactly the model-running actions the pack checks grants of", () => {
        assert.strictEqual(GUARDED_INVOKE_ACTIONS, INVOKE_ACTIONS);
    });
});
