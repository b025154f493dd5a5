/** Tests of bedrock-allowed-regions. */
import * as assert from "node:assert";
import { allowedRegions } from "../regionPolicy";
import { type ResourceInput, checkResource, doc } from "./policyTestHelpers";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const ONLY_SINGAPORE = { allowedRegions: ["ap-southeast-1"] };

function access(region: string | undefined, type = "pulumi-nodejs:dynamic/bedrock:ModelAccess", providerProps?: Record<string, unknown>): ResourceInput {
    return { type, name: "access", props: region === undefined ? { modelId: SONNET } : { modelId: SONNET, region }, providerProps };
}

function invokeVia(profileRegion: string): ResourceInput {
    const arn = `arn:aws:bedrock:${profileRegion}:123456789012:inference-profile/apac.${SONNET}`;
    return { type: "aws:iam/policy:Policy", name: "invoke", props: { policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: arn }) } };
}

async function violations(resource: ResourceInput, config: object): Promise<string[]> {
    return (await checkResource(allowedRegions, resource, config)).violations;
}

describe("policy bedrock-allowed-regions", () => {
    it("is advisory and checks nothing until regions are configured", async () => {
        assert.strictEqual(allowedRegions.enforcementLevel, "advisory");
        assert.deepStrictEqual(await violations(access("eu-west-1"), {}), []);
    });

    it("passes model access and profiles in an allowed region", async () => {
        assert.deepStrictEqual(await violations(access("ap-southeast-1"), ONLY_SINGAPORE), []);
        assert.deepStrictEqual(await violations(invokeVia("ap-southeast-1"), ONLY_SINGAPORE), []);
    });

    it("flags model access outside the allowed regions", async () => {
        assert.deepStrictEqual(await violations(access("eu-west-1"), ONLY_SINGAPORE), [
            "access enables model access in eu-west-1, outside the allowed regions (ap-southeast-1).",
        ]);
    });

    it("uses the provider's region for a ModelAgreement without its own", async () => {
        const agreement = access(undefined, "aws:bedrockfoundation/modelAgreement:ModelAgreement", { region: "us-east-1" });
        assert.match((await violations(agreement, ONLY_SINGAPORE))[0], /in us-east-1, outside/);
    });

    it("flags an inference profile whose source region is outside the allowed regions", async () => {
        assert.match(
            (await violations(invokeVia("ap-northeast-1"), ONLY_SINGAPORE))[0],
            /uses the inference profile apac\..* from ap-northeast-1, outside the allowed source regions/,
        );
    });
});
