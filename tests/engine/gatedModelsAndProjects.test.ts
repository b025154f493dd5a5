/**
 * Gated models and the environment's Bedrock project through the real engine, the real program
 * and the deploy runner, against the emulator: an environment in us-east-1 calls Opus 4.8 on both
 * endpoints and Claude Mythos 5 on bedrock-mantle only, which a trusted-access program gates.
 * A requestable program stops the preview with its name and details URL; an approved one without
 * the acceptance key stops it naming the key; with the key one `up` enrolls the account, enables
 * the model and creates the environment's project, where the role may call bedrock-mantle and in
 * no other; destroy archives the project and leaves the enrollment as it is. The provider
 * stand-in records the AWS resources (STAND_IN_LOG).
 */
import * as assert from "node:assert";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PolicyDocument } from "../../bedrock/iamDocument";
import { ACCOUNT, decide } from "../helpers/iamSimulation";
import { runToEnd } from "../helpers/processes";
import { useEngineTests } from "./engineHarness";
import type { StandInRecord } from "./providerStandIn";
import { addOpus48East, localCopy, newUserEnvironment, standInRecords } from "./realProgram";

const EAST = "us-east-1";
const OPUS_48 = "anthropic.claude-opus-4-8";
const MYTHOS = "anthropic.claude-mythos-5";
const PREFIX = "/chat-backend/east/bedrock";
/**
 * A program as Anthropic's are described (the Claude Mythos 5 card: "Access is currently limited";
 * Claude's "Claude in Amazon Bedrock" page: Mythos through Project Glasswing). The ID and URLs are
 * made up: AWS publishes none, and the stack never hard-codes one.
 */
const GLASSWING = {
    programId: "anthropic-glasswing",
    name: "Project Glasswing",
    description: "Access to Claude Mythos 5 for vetted organizations working on cybersecurity defense.",
    providerName: "Anthropic",
    detailsUrl: "https://www.anthropic.com/glasswing",
    enrollmentUrl: "https://www.anthropic.com/glasswing/apply",
    gates: [MYTHOS],
};

describe("gated models and the environment's Bedrock project (engine)", function () {
    const emulator = useEngineTests(this);
    let work: string;
    let checkout: string;
    let log: string;
    let policyConfig: string;

    const run = async (...args: string[]) => {
        const result = await runToEnd(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "commands/deploy.ts", "east", ...args, "--policy-config", policyConfig],
            {
                cwd: checkout,
                env: { ...newUserEnvironment(emulator, work), STAND_IN_LOG: log },
            },
        );
        return { code: result.code, output: result.stdout + result.stderr };
    };
    const records = (): StandInRecord[] => standInRecords(log);

    beforeEach(() => {
        work = mkdtempSync(path.join(tmpdir(), "gated-"));
        checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        log = path.join(work, "stand-in.jsonl");
        emulator.setUseCaseForm(EAST, '{"companyName":"already submitted"}');
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
                "  bedrock-model-access:invokeRoleNames:",
                "    - chat-backend",
                "  bedrock-model-access:dataRetention:",
                "    mode: provider_data_share",
                `  bedrock-model-access:ssmParameterPrefix: ${PREFIX}`,
                "  bedrock-model-access:verifyInvoke: true",
                "",
            ].join("\n"),
        );
        // The reviewers allow these models and the mode Mythos 5 runs under; logging is not this test's subject.
        const models = { allowedModelIds: [OPUS_48, MYTHOS] };
        policyConfig = path.join(work, "reviewers.json");
        writeFileSync(
            policyConfig,
            JSON.stringify({
                "bedrock-specific-model-enablement": models,
                "bedrock-no-enable-all-models": models,
                "bedrock-invoke-scoped-to-inference-profile": models,
                "bedrock-mantle-invoke-pinned-to-model": models,
                "bedrock-model-allow-list": models,
                "bedrock-data-retention": { allowedModes: ["none", "default", "provider_data_share"] },
                "bedrock-invocation-logging": "advisory",
            }),
        );
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    it("stops at preview, changing nothing, while the program is requestable, then while the acceptance key is missing", async () => {
        emulator.addTrustedAccessProgram({ ...GLASSWING, approval: "requestable" });
        const requestable = await run("preview");
        assert.notStrictEqual(requestable.code, 0, requestable.output);
        assert.match(
            requestable.output,
            /anthropic\.claude-mythos-5 is gated in us-east-1[\s\S]*Project Glasswing \(anthropic-glasswing, Anthropic\) is requestable\. Apply through Anthropic: https:\/\/www\.anthropic\.com\/glasswing \(enrollment: https:\/\/www\.anthropic\.com\/glasswing\/apply\)/,
        );

        emulator.setProgramApproval(GLASSWING.programId, "approved");
        const withoutKey = await run("preview");
        assert.notStrictEqual(withoutKey.code, 0, withoutKey.output);
        assert.match(withoutKey.output, /approved for Project Glasswing[\s\S]*add the program to bedrock-model-access:acceptedTrustedAccessPrograms/);
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "nothing was changed");
        assert.strictEqual(emulator.enrollment(GLASSWING.programId), "inherit");
    });

    it("with the key, enrolls, enables the gated model and creates the tagged project in one up; the role may call bedrock-mantle there only; destroy archives it", async () => {
        emulator.addTrustedAccessProgram({ ...GLASSWING, approval: "approved" });
        appendFileSync(path.join(checkout, "Pulumi.east.yaml"), "  bedrock-model-access:acceptedTrustedAccessPrograms:\n    - anthropic-glasswing\n");
        const up = await run("up");
        assert.strictEqual(up.code, 0, up.output);
        assert.match(up.output, /Enrolled this account in Project Glasswing \(anthropic-glasswing\), accepting its terms/);
        assert.strictEqual(emulator.enrollment(GLASSWING.programId), "enabled");
        assert.strictEqual(emulator.model(EAST, MYTHOS).agreement, "AVAILABLE");

        const [project, ...others] = emulator.projectsIn(EAST);
        assert.deepStrictEqual(others, [], "one project");
        assert.deepStrictEqual(
            [project.name, project.status, project.mode, project.tags],
            ["bedrock-model-access-east", "active", "provider_data_share", { environment: "east" }],
        );
        const proofs = emulator.requestsFor("CreateInference").filter((r) => r.status === 200);
        assert.deepStrictEqual(
            [...new Set(proofs.map((r) => [r.modelId, r.workspace].join(" ")))].sort(),
            [`${MYTHOS} ${project.id}`, `${OPUS_48} ${project.id}`],
            "the mantle proofs ran in the environment's project",
        );

        // What the stack holds: the backend's parameter names the project; the role's policies allow it alone.
        const live = new Map(records().map((r) => [r.urn, r]));
        for (const r of records()) {
            if (r.op === "delete") {
                live.delete(r.urn);
            }
        }
        const resources = [...live.values()];
        const parameter = resources.find((r) => r.type === "aws:ssm/parameter:Parameter" && r.outputs.name === `${PREFIX}/mantle-project-id`);
        assert.strictEqual(parameter?.outputs.insecureValue, project.id);
        const attached = resources
            .filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.outputs.role === "chat-backend")
            .map((r) => r.outputs.policyArn);
        const documents = resources
            .filter((r) => r.type === "aws:iam/policy:Policy" && attached.includes(r.outputs.arn))
            .map((r) => JSON.parse(String(r.outputs.policy)) as PolicyDocument);
        const call = (model: string, projectId: string) => ({
            action: "bedrock-mantle:CreateInference",
            resource: `arn:aws:bedrock-mantle:${EAST}:${ACCOUNT}:project/${projectId}`,
            region: EAST,
            context: { "bedrock-mantle:Model": model },
        });
        const other = emulator.addProject(EAST, "another-team", { environment: "other" });
        for (const model of [OPUS_48, MYTHOS]) {
            assert.strictEqual(await decide(call(model, project.id), documents), "Allowed", `${model} in the environment's project`);
            assert.strictEqual(await decide(call(model, other), documents), "ImplicitlyDenied", `${model} in another project of the account`);
            assert.strictEqual(await decide(call(model, "default"), documents), "ImplicitlyDenied", `${model} in the default project`);
        }

        const destroyed = await run("destroy", "--yes");
        assert.strictEqual(destroyed.code, 0, destroyed.output);
        assert.strictEqual(emulator.projectsIn(EAST).find((p) => p.id === project.id)?.status, "archived");
        assert.strictEqual(emulator.enrollment(GLASSWING.programId), "enabled", "destroy leaves the enrollment as it is");
        assert.match(destroyed.output, /Leaving this account enrolled in Project Glasswing/);
    });
});
