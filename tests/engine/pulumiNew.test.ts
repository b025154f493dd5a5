/**
 * `pulumi new` from a local copy of the repository, through the real CLI: the template's prompts
 * (region and inference profile) land in the new stack under the new project's name, and that
 * stack previews with the real program against the emulator (the provider plugins are
 * preview-only stand-ins: realProgram.ts). The Pulumi.yaml schema checks types on the way.
 */
import * as assert from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { REGION } from "../helpers/fixtures";
import { useEngineTests } from "./engineHarness";
import { GLOBAL_4_6, addSonnet46, localCopy, newUserEnvironment } from "./realProgram";
import { runToEnd } from "../helpers/processes";

describe("pulumi new from a local copy of the repository", function () {
    const emulator = useEngineTests(this);
    let work: string;

    beforeEach(() => {
        work = mkdtempSync(path.join(tmpdir(), "pulumi-new-"));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    it("asks for the region and profile, saves them under the new name, and the stack previews", async () => {
        addSonnet46(emulator);
        const template = path.join(work, "template");
        localCopy(template, false);
        const project = path.join(work, "my-bedrock");
        const env = newUserEnvironment(emulator, work);
        const pulumi = (args: string[]) => runToEnd("pulumi", [...args, "--non-interactive"], { cwd: project, env });

        mkdirSync(project);
        const created = await pulumi(["new", template, "--name", "my-bedrock", "--stack", "sandbox", "--yes"]);
        assert.strictEqual(created.code, 0, created.stderr + created.stdout);
        assert.match(created.stdout, /Your new project is ready to go/);
        const projectFile = yaml.load(readFileSync(path.join(project, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        assert.strictEqual(projectFile.name, "my-bedrock");
        assert.strictEqual(projectFile.template, undefined, "pulumi new drops the template section");
        const stackFile = yaml.load(readFileSync(path.join(project, "Pulumi.sandbox.yaml"), "utf8")) as { config: Record<string, unknown> };
        assert.strictEqual(stackFile.config["aws:region"], REGION, "the region prompt's answer");
        assert.strictEqual(stackFile.config["my-bedrock:inferenceProfile"], GLOBAL_4_6, "the profile prompt's answer, under the new name");

        // The template's default: an Active model, under the IAM guardrail.
        const preview = await pulumi(["preview", "--stack", "sandbox"]);
        assert.strictEqual(preview.code, 0, preview.stderr + preview.stdout);
        assert.match(preview.stdout, /my-bedrock-sandbox/);
        assert.match(preview.stdout, /\+\s+bedrock-model-access:index:InferenceProfileAccess\s+global-anthropic-claude-sonnet-4-6\s+create/);
        assert.match(preview.stdout, /\+\s+pulumi-nodejs:dynamic\/bedrock:ModelAccess\s+model-access-ap-southeast-1-anthropic-claude-sonnet-4-6\s+create/);
        assert.match(preview.stdout, /\+\s+aws:iam:Policy\s+model-allow-list-guardrail\s+create/);
        assert.match(
            preview.stdout,
            /inferenceProfileArn\s*: "arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile\/global\.anthropic\.claude-sonnet-4-6"/,
        );
        assert.doesNotMatch(preview.stdout, /No AWS Marketplace product ID is known/, "Sonnet 4.6's product ID is in the table");
        assert.deepStrictEqual(
            [...new Set(emulator.requests.map((r) => r.operation))].sort(),
            ["GetAccountDataRetention", "GetFoundationModel", "GetInferenceProfile", "ListFoundationModels"],
            "a preview only reads (the data-retention mode it reports too)",
        );

        // As an SCP (docs/guardrail.md's commands; an account ID kept as a string): Sonnet 4.6's product ID
        // is known, so the Subscribe deny exempts it and no marketplaceProductIds entry is needed.
        assert.strictEqual((await pulumi(["config", "set", "--stack", "sandbox", "--path", "modelGuardrail.mode", "scp"])).code, 0);
        const target = await pulumi(["config", "set", "--stack", "sandbox", "--path", "--type", "string", "modelGuardrail.targetIds[0]", "012345678901"]);
        assert.strictEqual(target.code, 0, target.stderr);
        const scp = await pulumi(["preview", "--stack", "sandbox"]);
        assert.strictEqual(scp.code, 0, scp.stderr + scp.stdout);
        assert.match(scp.stdout, /\+\s+aws:organizations:Policy\s+model-allow-list-scp\s+create/);
        assert.match(scp.stdout, /\+\s+aws:organizations:PolicyAttachment\s+model-allow-list-012345678901\s+create/, "the account ID keeps its leading zero");

        // The Pulumi.yaml schema checks types before the program runs.
        emulator.requests.length = 0;
        assert.strictEqual((await pulumi(["config", "set", "--stack", "sandbox", "allowStreaming", "yes"])).code, 0);
        const wrongType = await pulumi(["preview", "--stack", "sandbox"]);
        assert.notStrictEqual(wrongType.code, 0);
        assert.match(wrongType.stdout + wrongType.stderr, /allowStreaming.*boolean/);
        assert.strictEqual(emulator.requests.length, 0, "refused before the program ran");
    });
});
