/**
 * bedrock-mantle's live catalogue through the real program and the deploy runner, as a user runs
 * them: dev's settings with bedrock-mantle in ap-southeast-1 (no endpoint there) stop at preview
 * naming the Region and the model, with no change; an environment in us-east-1 that calls Opus 4.8
 * on both endpoints and Claude Mythos 5 on bedrock-mantle only (no profile) previews with the
 * compliance pack, no mandatory policy violated. Provider plugins are the preview-only stand-ins.
 */
import * as assert from "node:assert";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runToEnd } from "../helpers/processes";
import { useEngineTests } from "./engineHarness";
import { addOpus48East, addSonnet46, localCopy, newUserEnvironment } from "./realProgram";

const EAST = "us-east-1";
const OPUS_48 = "anthropic.claude-opus-4-8";
const MYTHOS = "anthropic.claude-mythos-5";

describe("bedrock-mantle's live catalogue through the deploy runner", function () {
    const emulator = useEngineTests(this);
    let work: string;
    let checkout: string;

    beforeEach(() => {
        work = mkdtempSync(path.join(tmpdir(), "mantle-catalogue-"));
        checkout = path.join(work, "checkout");
        localCopy(checkout, true);
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    const preview = (environment: string, ...extra: string[]) =>
        runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/deploy.ts", environment, "preview", ...extra], {
            cwd: checkout,
            env: newUserEnvironment(emulator, work),
        });

    it("stops dev with bedrock-mantle in ap-southeast-1 at preview, naming the Region, the model and the key, changing nothing", async () => {
        addSonnet46(emulator);
        appendFileSync(path.join(checkout, "Pulumi.dev.yaml"), "  bedrock-model-access:inferenceEndpoints:\n    - runtime\n    - mantle\n");
        const result = await preview("dev");
        const output = result.stdout + result.stderr;
        assert.notStrictEqual(result.code, 0, output);
        assert.match(
            output,
            /anthropic\.claude-sonnet-4-6 is not served on bedrock-mantle in ap-southeast-1: bedrock-mantle has no endpoint there[\s\S]*remove "mantle" from bedrock-model-access:inferenceEndpoints/,
        );
        assert.doesNotMatch(output, /ModelAccess\s+model-access-\S+\s+create/, "nothing is declared");
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("previews an environment in us-east-1 with a profile's model on both endpoints and a mantle-only model, the pack passing", async () => {
        addOpus48East(emulator, [MYTHOS]);
        writeFileSync(
            path.join(checkout, "Pulumi.east.yaml"),
            [
                "config:",
                `  aws:region: ${EAST}`,
                "  bedrock-model-access:inferenceProfiles:",
                `    - global.${OPUS_48}`,
                "  bedrock-model-access:inferenceEndpoints:",
                "    - runtime",
                "    - mantle",
                "  bedrock-model-access:mantleOnlyModels:",
                `    - ${MYTHOS}`,
                "  bedrock-model-access:dataRetention:",
                "    mode: provider_data_share",
                "  bedrock-model-access:ssmParameterPrefix: /chat-backend/east/bedrock",
                "  bedrock-model-access:invocationLogging:",
                "    destination: cloudwatch",
                "    retentionDays: 30",
                "",
            ].join("\n"),
        );
        // The reviewers' configuration: these models and the retention mode Mythos 5 runs under are theirs to allow.
        const models = { allowedModelIds: [OPUS_48, MYTHOS] };
        const reviewers = path.join(work, "reviewers.json");
        writeFileSync(
            reviewers,
            JSON.stringify({
                "bedrock-specific-model-enablement": models,
                "bedrock-no-enable-all-models": models,
                "bedrock-invoke-scoped-to-inference-profile": models,
                "bedrock-mantle-invoke-pinned-to-model": models,
                "bedrock-model-allow-list": models,
                "bedrock-data-retention": { allowedModes: ["none", "default", "provider_data_share"] },
            }),
        );
        const refused = await preview("east");
        assert.strictEqual(refused.code, 3, "without the reviewers' word the pack stops the models it was not told of");
        assert.match(
            refused.stdout + refused.stderr,
            /model-access-us-east-1-anthropic-claude-mythos-5 enables anthropic\.claude-mythos-5, which is not an allowed model/,
        );
        emulator.requests.length = 0;
        const result = await preview("east", "--policy-config", reviewers);
        const output = result.stdout + result.stderr;
        assert.strictEqual(result.code, 0, output);
        assert.match(output, /bedrock-mantle serves anthropic\.claude-opus-4-8, anthropic\.claude-mythos-5 in us-east-1/);
        assert.match(output, /\+\s+bedrock-model-access:index:MantleModelAccess\s+mantle-anthropic-claude-mythos-5\s+create/);
        assert.match(output, new RegExp(`\\+\\s+pulumi-nodejs:dynamic/bedrock:ModelAccess\\s+model-access-${EAST}-anthropic-claude-mythos-5\\s+create`));
        assert.match(output, /Policies:\s*\n\s*\S+\s+bedrock-model-access@v0\.1\.0 \(local: /, "the compliance pack ran");
        assert.doesNotMatch(output, /mandatory/i, "no mandatory policy is violated");
        assert.deepStrictEqual(
            emulator.requestsFor("ListModels").map((r) => r.region),
            [EAST],
            "one read of bedrock-mantle's list",
        );
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "a preview only reads");
    });
});
