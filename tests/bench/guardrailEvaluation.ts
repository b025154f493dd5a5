/**
 * `npm run bench:guardrail`: what judging guardrails by evaluation adds to a preview with the
 * pack. Runs the two policies that evaluate (bedrock-model-allow-list over every road,
 * bedrock-model-allow-list-attached over the restriction roads) on the dev stack's resources as
 * the engine hands them to the pack (ModelAccess, the invoke policy, the guardrail, attached),
 * in a fresh process: the first run (the evaluator and its IAM catalogue loaded) and the median
 * of ten more, for the IAM and the SCP guardrail. Prints the numbers docs/performance.md quotes.
 */
import { performance } from "node:perf_hooks";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";
import { modelAllowList, modelAllowListAttached } from "../../policy/modelAllowListPolicy";
import { checkStack, type ResourceInput } from "../../policy/tests/policyTestHelpers";

const MODEL = "anthropic.claude-sonnet-4-6";
const PROFILE = `global.${MODEL}`;
const ACCOUNT = "123456789012";

function devStack(mode: "iam" | "scp"): ResourceInput[] {
    const document = JSON.stringify(allowListDocument({ allowedModelIds: [MODEL], inferenceProfileIds: [PROFILE] }, mode));
    const invoke = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${PROFILE}`,
            },
        ],
    });
    return [
        { type: "pulumi-nodejs:dynamic/bedrock:ModelAccess", name: "access", props: { modelId: MODEL, region: "ap-southeast-1" } },
        { type: "aws:iam/policy:Policy", name: "invoke", props: { policy: invoke } },
        mode === "iam"
            ? { type: "aws:iam/policy:Policy", name: "model-allow-list-guardrail", props: { policy: document, arn: `arn:aws:iam::${ACCOUNT}:policy/g` } }
            : {
                  type: "aws:organizations/policy:Policy",
                  name: "model-allow-list-scp",
                  props: { type: "SERVICE_CONTROL_POLICY", content: document, id: "p-abc12345" },
              },
    ];
}

async function once(resources: ResourceInput[]): Promise<number> {
    const start = performance.now();
    const judged = await checkStack(modelAllowList, resources);
    await checkStack(modelAllowListAttached, resources);
    if (judged.violations.length > 0) {
        throw new Error(`the dev guardrail should pass: ${judged.violations.join("\n")}`);
    }
    return performance.now() - start;
}

async function main(): Promise<void> {
    for (const mode of ["iam", "scp"] as const) {
        const resources = devStack(mode);
        const first = await once(resources);
        const runs: number[] = [];
        for (let i = 0; i < 10; i++) {
            runs.push(await once(resources));
        }
        runs.sort((a, b) => a - b);
        console.log(`${mode}: first ${first.toFixed(0)} ms, then median ${runs[5].toFixed(0)} ms (min ${runs[0].toFixed(0)}, max ${runs[9].toFixed(0)})`);
    }
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
