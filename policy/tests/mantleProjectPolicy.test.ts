/** Tests of bedrock-mantle-in-environment-project: grants evaluated for a call in another project, beside the program's own. */
import * as assert from "node:assert";
import { invokePolicyDocument } from "../../components/inferenceProfileAccess/invokePolicy";
import { MANTLE_PROJECT_TYPE } from "../bedrockFacts";
import { grantsOutsideProject, mantleInEnvironmentProject, otherProjectArn } from "../mantleProjectPolicy";
import { type ResourceInput, UNKNOWN, checkStack } from "./policyTestHelpers";
import { GLOBAL_46_INVOKE_INPUT, SONNET_46 } from "../../tests/helpers/fixtures";

const REGION = GLOBAL_46_INVOKE_INPUT.sourceRegion;
const PROJECT = `arn:aws:bedrock-mantle:${REGION}:123456789012:project/proj_envdev01`;

function project(mantleArn: string): ResourceInput {
    return { type: MANTLE_PROJECT_TYPE, name: "mantle-project", props: { name: "bedrock-model-access-dev", region: REGION, mantleArn } };
}

function invoke(document: object, name = "invoke"): ResourceInput {
    return { type: "aws:iam/policy:Policy", name, props: { policy: JSON.stringify(document) } };
}

function grant(resource: string | string[], extra: Record<string, unknown> = {}): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: "bedrock-mantle:CreateInference",
                Resource: resource,
                Condition: { StringEquals: { "bedrock-mantle:Model": SONNET_46 } },
                ...extra,
            },
        ],
    };
}

async function violations(resources: ResourceInput[]): Promise<string[]> {
    return (await checkStack(mantleInEnvironmentProject, resources)).violations;
}

describe("policy bedrock-mantle-in-environment-project", () => {
    it("passes the program's invoke policy narrowed to the stack's project", async () => {
        const policy = invokePolicyDocument({ ...GLOBAL_46_INVOKE_INPUT, endpoints: ["runtime", "mantle"], mantleProjectArn: PROJECT });
        assert.deepStrictEqual(await violations([project(PROJECT), invoke(policy)]), []);
    });

    it("fails the program's invoke policy of before, on every project, once the stack declares its project", async () => {
        const policy = invokePolicyDocument({ ...GLOBAL_46_INVOKE_INPUT, endpoints: ["runtime", "mantle"], accountId: "123456789012" });
        const found = await violations([project(PROJECT), invoke(policy)]);
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /invoke \(policy\) allows bedrock-mantle:CountTokens, bedrock-mantle:CreateInference in other projects of the account/);
        assert.match(found[0], /proj_envdev01/);
    });

    // Each shape the evaluator must see through: a row, whether it reaches another project.
    const SHAPES: [string, object, boolean][] = [
        ["project/*", grant(`arn:aws:bedrock-mantle:${REGION}:123456789012:project/*`), true],
        ["a wildcard ID prefix", grant(`arn:aws:bedrock-mantle:${REGION}:123456789012:project/proj_*`), true],
        ["Resource *", grant("*"), true],
        ["bedrock-mantle:* on project/*", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-mantle:*", Resource: "*" }] }, true],
        ["the environment's project", grant(PROJECT), false],
        ["another Region's projects", grant("arn:aws:bedrock-mantle:us-west-2:123456789012:project/*"), false],
        [
            "NotResource of the environment's project",
            { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-mantle:CreateInference", NotResource: PROJECT }] },
            true,
        ],
        [
            "project/* with a Deny of every other project",
            {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: "bedrock-mantle:CreateInference", Resource: "*" },
                    { Effect: "Deny", Action: "bedrock-mantle:*", NotResource: PROJECT },
                ],
            },
            false,
        ],
    ];
    for (const [shape, document, reaches] of SHAPES) {
        it(`${reaches ? "fails" : "passes"} ${shape}`, async () => {
            assert.strictEqual((await violations([project(PROJECT), invoke(document)])).length, reaches ? 1 : 0);
            assert.strictEqual(grantsOutsideProject(JSON.stringify(document), otherProjectArn(PROJECT)!).length > 0, reaches);
        });
    }

    it("judges nothing where the stack declares no project, or its ARN is not known yet", async () => {
        const wide = invoke(grant(`arn:aws:bedrock-mantle:${REGION}:123456789012:project/*`));
        assert.deepStrictEqual(await violations([wide]), []);
        assert.deepStrictEqual(await violations([project(UNKNOWN), wide]), []);
    });
});
