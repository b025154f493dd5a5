/**
 * The committed environments, as a new user runs them: `npm run deploy -- <env> preview` in a
 * fresh copy of the repository previews Pulumi.dev.yaml and Pulumi.prod.yaml with the real
 * program and the compliance pack (mandatory policies included) against the emulator, whose
 * Bedrock lists their model as Active. Provider plugins are preview-only stand-ins (realProgram.ts).
 */
import * as assert from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REGION } from "../helpers/fixtures";
import { useEngineTests } from "./engineHarness";
import { GLOBAL_4_6, SONNET_4_6, addSonnet46, localCopy, newUserEnvironment } from "./realProgram";
import { runToEnd } from "../helpers/processes";
import { POLICIES } from "../../policy/policies";
import type { ReviewReport } from "../../runner/reviewReport";

describe("the committed environments through the deploy runner", function () {
    const emulator = useEngineTests(this);
    let work: string;

    beforeEach(() => {
        work = mkdtempSync(path.join(tmpdir(), "environments-"));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    for (const environment of ["dev", "prod"]) {
        it(`previews ${environment} with the compliance pack, on a model Bedrock lists as Active`, async () => {
            addSonnet46(emulator);
            const checkout = path.join(work, "checkout");
            localCopy(checkout, true);
            const tracked = readFileSync(path.join(checkout, `Pulumi.${environment}.yaml`), "utf8");
            const env = newUserEnvironment(emulator, work);
            const result = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/deploy.ts", environment, "preview"], {
                cwd: checkout,
                env,
            });
            const output = result.stdout + result.stderr;
            assert.strictEqual(result.code, 0, output);
            assert.match(output, /Policies:\s*\n\s*\S+\s+bedrock-model-access@v0\.1\.0 \(local: /, "the compliance pack ran");
            assert.match(
                output,
                new RegExp(`\\+\\s+pulumi-nodejs:dynamic/bedrock:ModelAccess\\s+model-access-${REGION}-anthropic-claude-sonnet-4-6\\s+create`),
            );
            assert.match(output, /\+\s+bedrock-model-access:index:ModelAllowList\s+model-allow-list\s+create/);
            assert.match(output, new RegExp(`inferenceProfileId\\s*: "${GLOBAL_4_6.replace(/\./g, "\\.")}"`));
            assert.doesNotMatch(output, /mandatory/i, "no mandatory policy is violated");
            assert.doesNotMatch(output, /can.t run policy/, `every policy ran at preview:\n${(output.match(/.*can.t run policy.*/g) ?? []).join("\n")}`);
            assert.deepStrictEqual(emulator.mutatingRequests(), [], "a preview only reads");
            assert.ok(
                emulator.requests.some((r) => r.operation === "GetFoundationModel"),
                `the lifecycle of ${SONNET_4_6} was read`,
            );
            assert.strictEqual(readFileSync(path.join(checkout, `Pulumi.${environment}.yaml`), "utf8"), tracked, "the tracked file is unchanged");
        });
    }

    it("reviews dev with `npm run review -- dev`: both files, every mandatory policy passing, the allow list and retention on file", async () => {
        addSonnet46(emulator);
        const checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        const env = newUserEnvironment(emulator, work);
        const out = path.join(work, "reports");
        const result = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/review.ts", "dev", "--out", out], {
            cwd: checkout,
            env,
        });
        assert.strictEqual(result.code, 0, result.stdout + result.stderr);
        const report = JSON.parse(readFileSync(path.join(out, "review-dev.json"), "utf8")) as ReviewReport;
        assert.deepStrictEqual(
            report.policies.map((p) => p.policy),
            POLICIES.map((p) => p.name),
        );
        assert.deepStrictEqual(
            report.policies.filter((p) => p.enforcementLevel === "mandatory" && p.result !== "pass"),
            [],
            "no mandatory policy fails dev",
        );
        assert.strictEqual(report.policies.find((p) => p.policy === "bedrock-invocation-logging")?.result, "pass", "dev logs its invocations");
        assert.deepStrictEqual(report.modelAllowList, [SONNET_4_6]);
        assert.strictEqual(report.dataRetention, "not managed");
        assert.match(readFileSync(path.join(out, "review-dev.md"), "utf8"), /\| `bedrock-invocation-logging` \| mandatory \| BR-04 \| pass \|/);
        // The guardrail as the preview declared it, evaluated on every road.
        assert.deepStrictEqual(
            report.effectiveAccess.map((a) => [a.guardrail, a.kind]),
            [["model-allow-list-guardrail", "iam"]],
        );
        const rows = report.effectiveAccess[0].rows;
        assert.ok(rows.length >= 25, `${rows.length} roads`);
        assert.deepStrictEqual(
            rows.filter((r) => !r.holds),
            [],
            "every road is as it must be",
        );
        const road = (id: string) => rows.find((r) => r.road === id);
        assert.deepStrictEqual(road("claude-platform/other-workspace/CreateInference")?.statement, "DenyClaudePlatformOnAws");
        assert.deepStrictEqual(road(`bedrock-runtime/own-profile/${GLOBAL_4_6}`)?.decision, "Allowed");
        assert.match(
            readFileSync(path.join(out, "review-dev.md"), "utf8"),
            /## Effective access[\s\S]*\| `bedrock-runtime\/other-model\/InvokeModelWithResponseStream` \| .* \| denied \| ExplicitlyDenied \| DenyModelsOutsideAllowList \| yes \| validated \|/,
        );
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "a review only reads");
    });
});
