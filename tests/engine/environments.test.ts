/**
 * The committed environments, as a new user runs them: `npm run deploy -- <env> preview` in a
 * fresh copy of the repository previews Pulumi.dev.yaml and Pulumi.prod.yaml with the real
 * program and the compliance pack (mandatory policies included) against the emulator, whose
 * Bedrock lists their model as Active. Provider plugins are preview-only stand-ins (realProgram.ts).
 */
import * as assert from "node:assert";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REGION } from "../helpers/fixtures";
import { useEngineTests } from "./engineHarness";
import { GLOBAL_4_6, SONNET_4_6, addSonnet46, localCopy, newUserEnvironment } from "./realProgram";
import { runToEnd } from "../helpers/processes";
import { POLICIES } from "../../policy/policies";
import type { ReviewReport } from "../../runner/reviewReport";
import { CATALOGUE_CHECKS } from "../../policy/assessmentCatalogue";

/** Every catalogue check is in each of the four files, with its result (and, in JSON, its evidence). */
function assertEveryCheckInEveryFormat(out: string, environment: string): ReviewReport {
    const report = JSON.parse(readFileSync(path.join(out, `review-${environment}.json`), "utf8")) as ReviewReport;
    const markdown = readFileSync(path.join(out, `review-${environment}.md`), "utf8");
    const html = readFileSync(path.join(out, `review-${environment}.html`), "utf8");
    const junit = readFileSync(path.join(out, `review-${environment}.junit.xml`), "utf8");
    for (const { id } of CATALOGUE_CHECKS) {
        const check = report.checks.find((c) => c.id === id);
        assert.ok(check !== undefined && check.evidence.length > 0, `${environment}: ${id} in the JSON with evidence`);
        assert.ok(markdown.includes(`| \`${id}\` | ${check.catalogue} |`) && markdown.includes(`| ${check.result} |`), `${environment}: ${id} in the markdown`);
        assert.ok(
            new RegExp(`<code>${id}</code></td>.*?<td class="[a-z]+">${check.result}</td>`).test(html),
            `${environment}: ${id} in the HTML with ${check.result}`,
        );
        assert.ok(junit.includes(`name="${id}: `), `${environment}: ${id} in the JUnit XML`);
    }
    return report;
}

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
        assert.match(
            readFileSync(path.join(out, "review-dev.md"), "utf8"),
            /\| `bedrock-invocation-logging` \| mandatory \| BR-04, bedrock_model_invocation_logging_enabled \| pass \|/,
        );
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
        assertEveryCheckInEveryFormat(out, "dev");
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "a review only reads");
    });

    it("reviews every environment side by side with `npm run review -- --all`: a report per environment in every format, and an index", async () => {
        addSonnet46(emulator);
        const checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        const out = path.join(work, "reports");
        const result = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/review.ts", "--all", "--out", out], {
            cwd: checkout,
            env: newUserEnvironment(emulator, work),
        });
        assert.strictEqual(result.code, 0, result.stdout + result.stderr);
        for (const environment of ["dev", "prod"]) {
            assertEveryCheckInEveryFormat(out, environment);
        }
        const index = readFileSync(path.join(out, "review-index.md"), "utf8");
        // Advisory findings only (no budget or alarms, logs on CloudWatch's own key, an IAM guardrail rather than an SCP).
        assert.match(index, /\| dev \| advisory findings \| `BR-12`, `FS-05`, `FS-06`, `FS-12`, [^|]*\| \[html\]\(review-dev\.html\)/);
        assert.match(index, /\| prod \| advisory findings \|/);
        assert.match(readFileSync(path.join(out, "review-index.html"), "utf8"), /<a href="review-prod\.html">prod<\/a>/);
        assert.match(
            result.stdout,
            /=== dev: review[\s\S]*Review of dev written to[\s\S]*=== prod: review[\s\S]*Review of prod written to/,
            "each one's output whole, in order",
        );
        assert.deepStrictEqual(emulator.mutatingRequests(), [], "reviews only read");
    });

    it("fails BR-01, BR-04 and FS-12 in every format for a stack that attaches AmazonBedrockFullAccess and logs nothing, with exit 3", async () => {
        addSonnet46(emulator);
        const checkout = path.join(work, "checkout");
        localCopy(checkout, true);
        // Someone adds the broad managed policy to the application's role, and drops invocation logging.
        appendFileSync(
            path.join(checkout, "index.ts"),
            '\nimport * as aws from "@pulumi/aws";\nnew aws.iam.RolePolicyAttachment("chat-backend-full", { role: "chat-backend", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" });\n',
        );
        const devFile = path.join(checkout, "Pulumi.dev.yaml");
        writeFileSync(devFile, readFileSync(devFile, "utf8").replace(/ {2}bedrock-model-access:invocationLogging:\n(\s{4}.*\n)+/, ""));
        const out = path.join(work, "reports");
        const result = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/review.ts", "dev", "--out", out], {
            cwd: checkout,
            env: newUserEnvironment(emulator, work),
        });
        assert.strictEqual(result.code, 3, result.stdout + result.stderr);
        const report = assertEveryCheckInEveryFormat(out, "dev");
        const failed = ["BR-01", "BR-04", "FS-12"];
        assert.deepStrictEqual(
            failed.map((id) => report.checks.find((c) => c.id === id)?.result),
            ["fail", "fail", "fail"],
        );
        assert.match(report.checks.find((c) => c.id === "BR-01")!.evidence, /AmazonBedrockFullAccess/);
        const junit = readFileSync(path.join(out, "review-dev.junit.xml"), "utf8");
        const markdown = readFileSync(path.join(out, "review-dev.md"), "utf8");
        for (const id of failed) {
            assert.match(junit, new RegExp(`name="${id}: [^"]*"><failure `), `${id} fails in the JUnit XML`);
            assert.match(markdown, new RegExp(`\\| \`${id}\` \\| [a-z-]+ \\| [^|]+ \\| fail \\|`), `${id} fails in the markdown`);
        }
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });
});
