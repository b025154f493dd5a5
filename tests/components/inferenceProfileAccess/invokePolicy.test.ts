/**
 * Decisions, not strings: the generated invoke policies evaluated by a real IAM policy evaluator
 * (@cloud-copilot/iam-simulate) for the requests an application makes through a profile, and
 * for the ones it must not be able to make.
 */
import * as assert from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { type InvokePolicyInput, invokePolicyDocument } from "../../../components/inferenceProfileAccess/invokePolicy";
import type { PolicyDocument } from "../../../bedrock/iamDocument";
import { ACCOUNT, type BedrockRequest, bedrockSimulation } from "../../helpers/iamSimulation";
import { GLOBAL_46_INVOKE_INPUT, SONNET_46 } from "../../helpers/fixtures";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const APAC_ARN = `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/apac.${SONNET}`;
const US_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${SONNET}`;
const GLOBAL_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${SONNET}`;
const APAC_DESTINATIONS = ["ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2"];

/** The dev stack's profile: apac. Claude Sonnet 4 called from ap-southeast-1. */
const APAC_INPUT: InvokePolicyInput = {
    partition: "aws",
    sourceRegion: "ap-southeast-1",
    inferenceProfileArn: APAC_ARN,
    modelId: SONNET,
    destinationRegions: APAC_DESTINATIONS,
    isGlobal: false,
    allowStreaming: true,
};

type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

type Request = BedrockRequest;

async function decide(policy: PolicyDocument, request: Request): Promise<Decision> {
    const simulation = bedrockSimulation(request, [policy]);
    if (/^arn:aws:bedrock:::/.test(request.resource)) {
        // The evaluator's resource catalog has no region-less foundation-model ARN (global routing
        // uses one), so its validating entry point refuses it; the same core engine decides here.
        return runUnsafeSimulation(simulation, {});
    }
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error") {
        throw new Error(`the simulator rejected the request or policy: ${result.errors.message}`);
    }
    if (result.resultType === "single") {
        // A condition key the evaluator ignored would make the decision meaningless.
        assert.deepStrictEqual(result.result.ignoredContextKeys ?? [], [], "the evaluator used every context key");
    }
    return result.overallResult;
}

function model(region: string, modelId = SONNET): string {
    return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

describe("invoke policy decisions (IAM evaluator)", () => {
    describe("geographic profile apac. from ap-southeast-1", () => {
        const policy = invokePolicyDocument(APAC_INPUT);

        it("allows InvokeModel and streaming on the profile from the source region", async () => {
            for (const action of ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]) {
                assert.strictEqual(await decide(policy, { action, resource: APAC_ARN, region: "ap-southeast-1" }), "Allowed", action);
            }
        });

        it("allows the model in every destination region when routed through the profile", async () => {
            for (const region of APAC_DESTINATIONS) {
                assert.strictEqual(
                    await decide(policy, { action: "bedrock:InvokeModel", resource: model(region), region, through: APAC_ARN }),
                    "Allowed",
                    region,
                );
            }
        });

        it("allows reading the profile", async () => {
            assert.strictEqual(await decide(policy, { action: "bedrock:GetInferenceProfile", resource: APAC_ARN, region: "ap-southeast-1" }), "Allowed");
        });

        it("denies calling the model directly, without the profile", async () => {
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: model("ap-southeast-1"), region: "ap-southeast-1" }),
                "ImplicitlyDenied",
            );
        });

        it("denies another model, even through the profile", async () => {
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: model("ap-southeast-1", HAIKU), region: "ap-southeast-1", through: APAC_ARN }),
                "ImplicitlyDenied",
            );
        });

        it("denies the model through another profile", async () => {
            assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: US_ARN, region: "us-east-1" }), "ImplicitlyDenied");
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: model("ap-southeast-2"), region: "ap-southeast-2", through: US_ARN }),
                "ImplicitlyDenied",
            );
        });

        it("denies a region outside the profile's destinations", async () => {
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: model("eu-west-1"), region: "eu-west-1", through: APAC_ARN }),
                "ImplicitlyDenied",
            );
        });

        it("denies streaming when streaming is turned off", async () => {
            const noStreaming = invokePolicyDocument({ ...APAC_INPUT, allowStreaming: false });
            assert.strictEqual(
                await decide(noStreaming, { action: "bedrock:InvokeModelWithResponseStream", resource: APAC_ARN, region: "ap-southeast-1" }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide(noStreaming, { action: "bedrock:InvokeModel", resource: APAC_ARN, region: "ap-southeast-1" }), "Allowed");
        });
    });

    describe("global profile from us-east-1", () => {
        const policy = invokePolicyDocument({
            ...APAC_INPUT,
            sourceRegion: "us-east-1",
            inferenceProfileArn: GLOBAL_ARN,
            destinationRegions: ["us-east-1", "eu-west-1"],
            isGlobal: true,
        });

        it("allows the profile from the source region only", async () => {
            assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: GLOBAL_ARN, region: "us-east-1" }), "Allowed");
            assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: GLOBAL_ARN, region: "eu-west-1" }), "ImplicitlyDenied");
        });

        it("allows the source region's model through the profile", async () => {
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: model("us-east-1"), region: "us-east-1", through: GLOBAL_ARN }),
                "Allowed",
            );
        });

        it("allows the region-less model when the requested region is unspecified, through the profile only", async () => {
            const regionless = `arn:aws:bedrock:::foundation-model/${SONNET}`;
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: regionless, region: "unspecified", through: GLOBAL_ARN }),
                "Allowed",
            );
            assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: regionless, region: "unspecified" }), "ImplicitlyDenied");
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: regionless, region: "unspecified", through: US_ARN }),
                "ImplicitlyDenied",
            );
        });

        it("denies the model directly in another region", async () => {
            assert.strictEqual(
                await decide(policy, { action: "bedrock:InvokeModel", resource: model("eu-west-1"), region: "eu-west-1", through: GLOBAL_ARN }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: model("us-east-1"), region: "us-east-1" }), "ImplicitlyDenied");
        });
    });
});

describe("docs/guardrail.md invoke-policy example", () => {
    it("is what the code generates for the worked example (Claude Sonnet 4 through apac.)", () => {
        const readme = readFileSync(path.join(__dirname, "..", "..", "..", "docs", "guardrail.md"), "utf8");
        const block = /<!-- invoke-policy-example -->\s*```json\n([\s\S]*?)```/.exec(readme);
        assert.ok(block, "docs/guardrail.md has an invoke-policy example");
        assert.deepStrictEqual(
            JSON.parse(block[1]),
            invokePolicyDocument({ ...APAC_INPUT, destinationRegions: ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"] }),
        );
    });
});

describe("invoke policy on both endpoints and with API keys (IAM evaluator)", () => {
    const GLOBAL_46_ARN = GLOBAL_46_INVOKE_INPUT.inferenceProfileArn;
    const GLOBAL_46 = GLOBAL_46_INVOKE_INPUT;
    const project = (region: string, id = "default") => `arn:aws:bedrock-mantle:${region}:${ACCOUNT}:project/${id}`;
    const mantleCall = (modelId: string | undefined, region = "ap-southeast-1", action = "bedrock-mantle:CreateInference"): Request => ({
        action,
        resource: project(region),
        region,
        context: modelId === undefined ? {} : { "bedrock-mantle:Model": modelId },
    });
    const bearer = (service: "bedrock" | "bedrock-mantle", type: "SHORT_TERM" | "LONG_TERM"): Request => ({
        action: `${service}:CallWithBearerToken`,
        resource: "*",
        region: "ap-southeast-1",
        context: { [`${service}:BearerTokenType`]: type },
    });

    describe('inferenceEndpoints ["runtime", "mantle"]', () => {
        const policy = invokePolicyDocument({ ...GLOBAL_46, endpoints: ["runtime", "mantle"] });
        it("allows bedrock-mantle:CreateInference and CountTokens on a project in the source region for the stack's model", async () => {
            assert.strictEqual(await decide(policy, mantleCall(SONNET_46)), "Allowed");
            assert.strictEqual(await decide(policy, mantleCall(SONNET_46, "ap-southeast-1", "bedrock-mantle:CountTokens")), "Allowed");
            assert.strictEqual(await decide(policy, { ...mantleCall(SONNET_46), resource: project("ap-southeast-1", "proj_abc123") }), "Allowed");
        });
        it("denies it with no model named, for another model, and in another region", async () => {
            assert.strictEqual(await decide(policy, mantleCall(undefined)), "ImplicitlyDenied");
            assert.strictEqual(await decide(policy, mantleCall("openai.gpt-oss-120b")), "ImplicitlyDenied");
            assert.strictEqual(await decide(policy, mantleCall(HAIKU)), "ImplicitlyDenied");
            assert.strictEqual(await decide(policy, mantleCall(SONNET_46, "us-east-1")), "ImplicitlyDenied");
        });
        it("grants nothing else on bedrock-mantle: no project creation, no fine-tuning", async () => {
            assert.strictEqual(
                await decide(policy, { action: "bedrock-mantle:CreateProject", resource: project("ap-southeast-1", "new"), region: "ap-southeast-1" }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide(policy, mantleCall(SONNET_46, "ap-southeast-1", "bedrock-mantle:CreateFineTuningJob")), "ImplicitlyDenied");
        });
        it("still allows the runtime through the profile", async () => {
            assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: GLOBAL_46_ARN, region: "ap-southeast-1" }), "Allowed");
        });
    });

    it('with inferenceEndpoints ["mantle"] alone, grants no runtime invoke', async () => {
        const policy = invokePolicyDocument({ ...GLOBAL_46, endpoints: ["mantle"] });
        assert.strictEqual(await decide(policy, { action: "bedrock:InvokeModel", resource: GLOBAL_46_ARN, region: "ap-southeast-1" }), "ImplicitlyDenied");
        assert.strictEqual(await decide(policy, mantleCall(SONNET_46)), "Allowed");
    });

    it("with the default endpoints, grants nothing on bedrock-mantle", async () => {
        const policy = invokePolicyDocument(GLOBAL_46);
        assert.strictEqual(await decide(policy, mantleCall(SONNET_46)), "ImplicitlyDenied");
        assert.ok(!JSON.stringify(policy).includes("bedrock-mantle"), "no bedrock-mantle statement at all");
    });

    it("refuses the mantle endpoint without the account (its project ARN names it)", () => {
        assert.throws(() => invokePolicyDocument({ ...GLOBAL_46, accountId: undefined, endpoints: ["mantle"] }), /mantle endpoint needs accountId/);
    });

    const keyCases: ["none" | "short-term" | "any", Record<string, Decision>][] = [
        [
            "none",
            {
                "bedrock SHORT_TERM": "ImplicitlyDenied",
                "bedrock LONG_TERM": "ImplicitlyDenied",
                "bedrock-mantle SHORT_TERM": "ImplicitlyDenied",
                "bedrock-mantle LONG_TERM": "ImplicitlyDenied",
            },
        ],
        [
            "short-term",
            {
                "bedrock SHORT_TERM": "Allowed",
                "bedrock LONG_TERM": "ImplicitlyDenied",
                "bedrock-mantle SHORT_TERM": "Allowed",
                "bedrock-mantle LONG_TERM": "ImplicitlyDenied",
            },
        ],
        [
            "any",
            { "bedrock SHORT_TERM": "Allowed", "bedrock LONG_TERM": "Allowed", "bedrock-mantle SHORT_TERM": "Allowed", "bedrock-mantle LONG_TERM": "Allowed" },
        ],
    ];
    for (const [apiKeys, expected] of keyCases) {
        it(`apiKeys "${apiKeys}": API-key use on both endpoints, by token type`, async () => {
            const policy = invokePolicyDocument({ ...GLOBAL_46, endpoints: ["runtime", "mantle"], apiKeys });
            const got: Record<string, Decision> = {};
            for (const service of ["bedrock", "bedrock-mantle"] as const) {
                for (const type of ["SHORT_TERM", "LONG_TERM"] as const) {
                    got[`${service} ${type}`] = await decide(policy, bearer(service, type));
                }
            }
            assert.deepStrictEqual(got, expected);
        });
    }

    it('apiKeys "short-term" with the runtime only grants no bearer token on bedrock-mantle', async () => {
        const policy = invokePolicyDocument({ ...GLOBAL_46, apiKeys: "short-term" });
        assert.strictEqual(await decide(policy, bearer("bedrock", "SHORT_TERM")), "Allowed");
        assert.strictEqual(await decide(policy, bearer("bedrock-mantle", "SHORT_TERM")), "ImplicitlyDenied");
    });
});
