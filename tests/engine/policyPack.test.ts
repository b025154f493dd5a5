/**
 * The compliance pack loaded by the real engine, as reviewers run it: `pulumi preview
 * --policy-pack policy` on a stack, and `pulumi policy analyze --policy-pack policy` on a
 * deployed stack's state (no program run, no provider, no cloud credentials).
 */
import * as assert from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HAIKU, REGION, SONNET } from "../helpers/fixtures";
import { allowListDocument } from "../../components/modelAllowList/allowListDocument";
import { EngineStack, POLICY_DIR, useEngineTests } from "./engineHarness";

/** A reviewer's configuration that makes the allow-list guardrail advisory. */
const ADVISORY_ALLOW_LIST = path.join(mkdtempSync(path.join(tmpdir(), "policy-config-")), "advisory-allow-list.json");
writeFileSync(ADVISORY_ALLOW_LIST, JSON.stringify({ "bedrock-model-allow-list": "advisory", "bedrock-invocation-logging": "advisory" }));

describe("the compliance pack through the Pulumi engine", function () {
    const emulator = useEngineTests(this);

    beforeEach(() => {
        for (const id of [SONNET, HAIKU]) {
            emulator.addModel(REGION, id, { agreement: "AVAILABLE" });
        }
    });

    it("fails a preview of model access without an allow-list guardrail or invocation logging, and passes it when reviewers make those policies advisory", async () => {
        // The test program has no AWS resources (no AWS provider plugin here), so no guardrail:
        // exactly what a stack with modelGuardrail.mode "off" looks like to the pack.
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([SONNET]) } });
        await assert.rejects(engine.stack.preview({ policyPacks: [POLICY_DIR] }), (err: Error) => {
            assert.match(err.message, /\[mandatory\]\s+bedrock-model-allow-list/);
            assert.match(err.message, /declares no model allow-list guardrail\. On today's Bedrock every serverless model is enabled by default/);
            assert.match(err.message, /\[mandatory\]\s+bedrock-invocation-logging/);
            assert.match(err.message, /enables model access in ap-southeast-1 but declares no model invocation logging there/);
            return true;
        });
        const preview = await engine.stack.preview({ policyPacks: [POLICY_DIR], policyPackConfigs: [ADVISORY_ALLOW_LIST] });
        assert.match(preview.stdout, /Policies:\s+⚠️ bedrock-model-access@v0\.1\.0 \(local: /, "the pack ran; advisory findings only");
        assert.match(preview.stdout, /\[advisory\]\s+bedrock-model-allow-list/);
        assert.doesNotMatch(preview.stdout + preview.stderr, /mandatory/);
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("fails a preview that enables a model outside the allowed list, before any change", async () => {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([HAIKU]) } });
        await assert.rejects(engine.stack.preview({ policyPacks: [POLICY_DIR] }), (err: Error) => {
            assert.match(err.message, /❌ bedrock-model-access@v0\.1\.0[\s\S]*\[mandatory\]\s+bedrock-specific-model-enablement/);
            assert.match(
                err.message,
                /enables anthropic\.claude-3-haiku-20240307-v1:0, which is not an allowed model \(anthropic\.claude-sonnet-4-6, anthropic\.claude-sonnet-4-20250514-v1:0\)/,
            );
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
                "bedrock-model-allow-list": { enforcementLevel: "advisory", ...allowed },
                "bedrock-invocation-logging": "advisory",
            }),
        );
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([HAIKU]) } });
        const preview = await engine.stack.preview({ policyPacks: [POLICY_DIR], policyPackConfigs: [configFile] });
        assert.match(preview.stdout, /⚠️ bedrock-model-access@v0\.1\.0/, "advisory findings only");
        assert.doesNotMatch(preview.stdout, /\[mandatory\]/);
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
            {
                // The same grant in another shape: an AWS-managed policy attached to the application's role.
                urn: `${prefix}aws:iam/rolePolicyAttachment:RolePolicyAttachment::chat-backend-bedrock-full`,
                custom: true,
                id: "chat-backend-20261126",
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                parent: stackUrn,
                provider: `${providerUrn}::provider-id`,
                inputs: { role: "chat-backend", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" },
                outputs: { role: "chat-backend", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" },
            },
        );
        await engine.stack.importStack(deployment);

        const requestsBefore = emulator.requests.length;
        const analyze = await engine.runCli(["policy", "analyze", "--policy-pack", POLICY_DIR]);
        const output = analyze.stdout + analyze.stderr;
        assert.notStrictEqual(analyze.code, 0, "a mandatory violation fails the command");
        assert.match(output, /bedrock-invoke-scoped-to-inference-profile/);
        assert.match(output, /everything: policy statement 1 grants invoke on "\*", which covers every Bedrock model and profile/);
        assert.match(output, /bedrock-model-allow-list[\s\S]*declares no model allow-list guardrail/);
        assert.match(output, /chat-backend-bedrock-full: policyArn attaches the AWS-managed policy AmazonBedrockFullAccess/);
        assert.strictEqual(emulator.requests.length, requestsBefore, "analyze calls no Bedrock API");
    });

    it("accepts a deployed stack whose state holds an attached SCP guardrail, with `pulumi policy analyze`", async () => {
        const engine = await EngineStack.create(emulator, { models: { value: JSON.stringify([SONNET]) } });
        await engine.stack.up({ policyPacks: [POLICY_DIR], policyPackConfigs: [ADVISORY_ALLOW_LIST] });

        const deployment = await engine.stack.exportStack();
        const state = deployment.deployment as { resources: Record<string, unknown>[] };
        const stackUrn = String(state.resources[0].urn);
        const prefix = stackUrn.slice(0, stackUrn.indexOf("pulumi:pulumi:Stack"));
        const providerUrn = `${prefix}pulumi:providers:aws::default`;
        const content = JSON.stringify(allowListDocument({ allowedModelIds: [SONNET], inferenceProfileIds: [`apac.${SONNET}`] }));
        const scp = { type: "SERVICE_CONTROL_POLICY", content, id: "p-abc12345" };
        const attachment = { policyId: "p-abc12345", targetId: "123456789012" };
        const logGroup = { name: "/invocations", retentionInDays: 90, region: REGION };
        const logging = {
            region: REGION,
            loggingConfig: {
                textDataDeliveryEnabled: true,
                cloudwatchConfig: { logGroupName: "/invocations", roleArn: "arn:aws:iam::123456789012:role/logs" },
            },
        };
        const common = { custom: true, parent: stackUrn, provider: `${providerUrn}::provider-id` };
        state.resources.push(
            { urn: providerUrn, custom: true, id: "provider-id", type: "pulumi:providers:aws", inputs: { region: REGION }, outputs: { region: REGION } },
            {
                ...common,
                urn: `${prefix}aws:organizations/policy:Policy::model-allow-list-scp`,
                id: "p-abc12345",
                type: "aws:organizations/policy:Policy",
                inputs: scp,
                outputs: scp,
            },
            {
                ...common,
                urn: `${prefix}aws:organizations/policyAttachment:PolicyAttachment::model-allow-list-123456789012`,
                id: "a-1",
                type: "aws:organizations/policyAttachment:PolicyAttachment",
                inputs: attachment,
                outputs: attachment,
            },
            // Invocation logging in the region, as the program declares it (bedrock-invocation-logging).
            {
                ...common,
                urn: `${prefix}aws:cloudwatch/logGroup:LogGroup::invocation-logs`,
                id: "/invocations",
                type: "aws:cloudwatch/logGroup:LogGroup",
                inputs: logGroup,
                outputs: logGroup,
            },
            {
                ...common,
                urn: `${prefix}aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration::invocation-logging`,
                id: REGION,
                type: "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
                inputs: logging,
                outputs: logging,
            },
        );
        await engine.stack.importStack(deployment);

        const analyze = await engine.runCli(["policy", "analyze", "--policy-pack", POLICY_DIR]);
        const output = analyze.stdout + analyze.stderr;
        assert.strictEqual(analyze.code, 0, output);
        assert.doesNotMatch(output, /bedrock-model-allow-list/, "neither the guardrail policy nor its attachment check reports anything");
    });
});
