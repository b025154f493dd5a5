/**
 * docs/endpoints.md's generated statements are what the code generates: the invoke policy's
 * bedrock-mantle and API-key statements, and the guardrail's API-key statements.
 */
import * as assert from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { invokePolicyDocument } from "../../components/inferenceProfileAccess/invokePolicy";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";
import { GLOBAL_46_INVOKE_INPUT, SONNET_46 } from "../helpers/fixtures";

const text = readFileSync(path.join(__dirname, "..", "..", "docs", "endpoints.md"), "utf8");

function block(marker: string): unknown {
    const found = new RegExp(`<!-- ${marker} -->\\s*\`\`\`json\\n([\\s\\S]*?)\`\`\``).exec(text);
    assert.ok(found, `docs/endpoints.md has the ${marker} block`);
    return JSON.parse(found[1]);
}

describe("docs/endpoints.md", () => {
    it("shows the invoke policy's bedrock-mantle and API-key statements as generated", () => {
        // bedrock-mantle has no endpoint in ap-southeast-1 and does not serve Sonnet 4.6: Opus 4.8 from us-east-1.
        const opus = "anthropic.claude-opus-4-8";
        const policy = invokePolicyDocument({
            ...GLOBAL_46_INVOKE_INPUT,
            sourceRegion: "us-east-1",
            inferenceProfileArn: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${opus}`,
            modelId: opus,
            endpoints: ["runtime", "mantle"],
            apiKeys: "short-term",
        });
        assert.deepStrictEqual(
            block("mantle-invoke-statements-example"),
            policy.Statement.filter((s) => /Mantle|ApiKeys/.test(s.Sid)),
        );
    });

    it("shows the guardrail's API-key statements (mode scp, short-term) as generated", () => {
        const guardrail = allowListDocument({ allowedModelIds: [SONNET_46], inferenceProfileIds: [`global.${SONNET_46}`], apiKeys: "short-term" }, "scp");
        assert.deepStrictEqual(
            block("api-key-guardrail-example"),
            guardrail.Statement.filter((s) => /ApiKeys/.test(s.Sid)),
        );
    });
});
