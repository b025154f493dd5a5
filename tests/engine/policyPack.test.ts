/**
 * The compliance pack loaded by the real engine, as reviewers run it: `pulumi preview
 * --policy-pack policy` on a stack, and `pulumi policy analyze --policy-pack policy` on a
 * deployed stack's state (no program run, no provider, no cloud credentials).
 */
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { HAIKU, REGION, SONNET } from "../helpers/fixtures";
import { EngineStack, POLICY_DIR, pulumiCli, removeEngineStacks } from "./engineHarness";

describe("the compliance pack through the Pulumi engine", function () {
    this.timeout(300_000);
    const emulator = useBedrockEmulator();
    before(async function () {
        this.timeout(1_800_000);
        await pulumiCli();
    });
    afterEach(removeEngineStacks);

    beforeEach(() => {
        for (const id of [SONNET, HAIKU]) {
            emulator.addModel(REGION, id, { agreement: "AVAILABLE" });
        }
    });

    it("passes a preview of the dev configuration", async () => {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([SONNET]) } });
        const preview = await engine.stack.preview({ policyPacks: [POLICY_DIR] });
        assert.match(preview.stdout, /Policies:\s+✅ bedrock-model-access@v0\.1\.0 \(local: /, "the pack ran and passed");
        assert.doesNotMatch(preview.stdout + preview.stderr, /mandatory/);
    });

    it("fails a preview that enables a model outside the allowed list, before any change", async () => {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([HAIKU]) } });
        await assert.rejects(engine.stack.preview({ policyPacks: [POLICY_DIR] }), (err: Error) => {
            assert.match(err.message, /❌ bedrock-model-access@v0\.1\.0[\s\S]*\[mandatory\]\s+bedrock-specific-model-enablement/);
            assert.match(err.message, /enables anthropic\.claude-3-haiku-20240307-v1:0, which is not an allowed model \(anthropic\.claude-sonnet-4-20250514-v1:0\)/);
            return true;
        });
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("follows the reviewers' configuration: an allowed-model list that includes Haiku passes it", async () => {
        const configFile = path.join(mkdtempSync(path.join(tmpdir(), "policy-config-")), "policy-config.json");
        const allowed = { allowedModelIds: [SONNET, HAIKU] };
        writeFileSync(
            configFile,
            JSON.stringify({
                "bedrock-specific-model-enablement": allowed,
                "bedrock-no-enable-all-models": allowed,
                "bedrock-invoke-scoped-to-inference-profile": allowed,
            }),
        );
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([HAIKU]) } });
        const preview = await engine.stack.preview({ policyPacks: [POLICY_DIR], policyPackConfigs: [configFile] });
        assert.match(preview.stdout, /✅ bedrock-model-access@v0\.1\.0/);
    });

    it("fails a preview of a wildcard model", async () => {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify(["anthropic.*"]) } });
        await assert.rejects(engine.stack.preview({ policyPacks: [POLICY_DIR] }), /enable all models/);
        assert.deepStrictEqual(emulator.requests, []);
    });

    it("reports an over-broad IAM policy in a deployed stack's state with `pulumi policy analyze`", async () => {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([SONNET]) } });
        await engine.stack.up();

        // A deployed environment where someone granted bedrock:* on every resource.
        const deployment = await engine.stack.exportStack();
        const state = deployment.deployment as { resources: Record<string, unknown>[] };
        const stackUrn = String(state.resources[0].urn);
        const prefix = stackUrn.slice(0, stackUrn.indexOf("pulumi:pulumi:Stack"));
        const providerUrn = `${prefix}pulumi:providers:aws::default`;
        state.resources.push(
            { urn: providerUrn, custom: true, id: "provider-id", type: "pulumi:providers:aws", inputs: { region: REGION }, outputs: { region: REGION } },
            {
                urn: `${prefix}aws:iam/policy:Policy::everything`,
                custom: true,
                id: "arn:aws:iam::123456789012:policy/everything",
                type: "aws:iam/policy:Policy",
                parent: stackUrn,
                provider: `${providerUrn}::provider-id`,
                inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] }) },
                outputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] }) },
            },
        );
        await engine.stack.importStack(deployment);

        const requestsBefore = emulator.requests.length;
        const analyze = await engine.runCli(["policy", "analyze", "--policy-pack", POLICY_DIR]);
        const output = analyze.stdout + analyze.stderr;
        assert.notStrictEqual(analyze.code, 0, "a mandatory violation fails the command");
        assert.match(output, /bedrock-invoke-scoped-to-inference-profile/);
        assert.match(output, /everything: policy statement 1 grants invoke on "\*", which covers every Bedrock model and profile/);
        assert.strictEqual(emulator.requests.length, requestsBefore, "analyze calls no Bedrock API");
    });
});
