/**
 * Pulumi stores the dynamic provider in the stack as source text made by its closure
 * serializer, and runs that text in a separate dynamic-provider process. This test does the
 * same: serialize the provider as ModelAccess passes it (a reference to provider.ts) and as the
 * provider itself would be captured by value, load each text in a fresh Node.js process the way
 * the dynamic-provider host loads it, and run check and create against the emulator. A captured
 * SDK client, Set or other value that does not survive serialization fails here rather than in
 * `pulumi up`.
 */
import * as assert from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { providerByReference } from "../../../components/dynamicProvider/byReference";
import { modelAccessProvider } from "../../../components/modelAccess/provider";
import { emulatorEnvironment, useBedrockEmulator } from "../../helpers/bedrockTestEnvironment";

const REGION = "ap-southeast-1";
const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";

// Loads the serialized provider with require-from-string, as @pulumi/pulumi/cmd/dynamic-provider does.
const CHILD = `
const requireFromString = require("require-from-string");
const text = require("fs").readFileSync(process.argv[1], "utf8");
const provider = requireFromString(text).handler();
(async () => {
    const raw = JSON.parse(process.argv[2]);
    const checked = await provider.check({}, raw);
    if (checked.failures) { console.log(JSON.stringify({ failures: checked.failures })); return; }
    const created = await provider.create(checked.inputs);
    console.log(JSON.stringify({ id: created.id, outs: created.outs }));
})().catch((err) => { console.error(err.stack || String(err)); process.exit(1); });
`;

describe("ModelAccess provider serialization", function () {
    this.timeout(30_000);
    const emulator = useBedrockEmulator();

    const byReference = providerByReference("modelAccess");

    async function serializedProviderFile(provider: object = byReference): Promise<{ file: string; text: string }> {
        const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        const file = path.join(mkdtempSync(path.join(tmpdir(), "model-access-provider-")), "provider.js");
        writeFileSync(file, serialized.text);
        return { file, text: serialized.text };
    }

    async function runSerialized(file: string, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", CHILD, file, JSON.stringify(raw)], {
            cwd: path.resolve(__dirname, "..", "..", ".."),
            env: { PATH: process.env.PATH ?? "", ...emulatorEnvironment(emulator) },
        });
        const lines = stdout.trim().split("\n");
        return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    }

    it("creates access from the serialized text in a fresh process", async () => {
        emulator.addModel(REGION, SONNET);
        emulator.setUseCaseForm(REGION, '{"companyName":"Example Corp"}');
        const { file } = await serializedProviderFile();
        const result = await runSerialized(file, { modelId: SONNET, region: REGION });

        assert.strictEqual(result.id, `${REGION}/${SONNET}`);
        assert.strictEqual((result.outs as Record<string, unknown>).agreementStatus, "AVAILABLE");
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
    });

    it("keeps its input checks working after serialization", async () => {
        const { file } = await serializedProviderFile();
        const result = await runSerialized(file, { modelId: "*", region: REGION });
        const failures = result.failures as { property: string; reason: string }[];
        assert.strictEqual(failures[0].property, "modelId");
        assert.match(failures[0].reason, /enable all models/);
        assert.strictEqual(emulator.requests.length, 0);
    });

    it("stores only a reference: a few KB naming the provider and the loader, none of the provider's code", async () => {
        const { text } = await serializedProviderFile();
        assert.ok(text.length < 3000, `${text.length} characters`);
        assert.match(text, /"modelAccess"/);
        assert.match(text, /"components\/dynamicProvider\/loadProvider"/);
        assert.doesNotMatch(text, /GetFoundationModelAvailability|client-bedrock/);
    });

    it("also works captured by value (how stacks deployed before the reference stored it), loading the AWS SDK on demand", async () => {
        emulator.addModel(REGION, SONNET);
        emulator.setUseCaseForm(REGION, '{"companyName":"Example Corp"}');
        const { file, text } = await serializedProviderFile(modelAccessProvider);
        assert.match(text, /require\("@aws-sdk\/client-bedrock"\)/);
        assert.doesNotMatch(text, /BedrockClient\s*\{/, "no SDK client object is serialized by value");
        const result = await runSerialized(file, { modelId: SONNET, region: REGION });
        assert.strictEqual((result.outs as Record<string, unknown>).agreementStatus, "AVAILABLE");
    });
});
