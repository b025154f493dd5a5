/**
 * The GitHub Actions workflow teams copy (examples/github-actions): actionlint (built from the Go
 * module proxy by .ci/ensure-actionlint.sh) finds nothing in it, and it runs what the docs say: the
 * review per environment on a pull request with its files attached, `up` in order on main, and AWS
 * credentials only through OIDC.
 */
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW = path.join(ROOT, "examples", "github-actions", "bedrock-model-access.yml");

interface Step {
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, string>;
}
interface Job {
    readonly if?: string;
    readonly permissions?: Record<string, string>;
    readonly steps: Step[];
    readonly strategy?: { matrix?: { environment?: string[] } };
}

describe("the GitHub Actions workflow (examples/github-actions)", function () {
    this.timeout(300_000);
    const text = readFileSync(WORKFLOW, "utf8");
    const workflow = load(text) as { jobs: Record<string, Job> };

    it("passes actionlint", () => {
        const actionlint = execFileSync("bash", [path.join(ROOT, ".ci", "ensure-actionlint.sh")], { encoding: "utf8" })
            .trim()
            .split("\n")
            .pop()!;
        // -shellcheck= and -pyflakes=: the checks of run scripts that need those tools are not part of this test.
        const result = (() => {
            try {
                return { code: 0, out: execFileSync(actionlint, ["-no-color", "-shellcheck=", "-pyflakes=", WORKFLOW], { encoding: "utf8" }) };
            } catch (err) {
                const e = err as { status?: number; stdout?: string };
                return { code: e.status ?? 1, out: e.stdout ?? "" };
            }
        })();
        assert.deepStrictEqual(result, { code: 0, out: "" });
    });

    it("reviews each committed environment on a pull request and attaches every file the review writes", () => {
        const review = workflow.jobs.review;
        assert.match(review.if ?? "", /pull_request/);
        assert.deepStrictEqual(review.strategy?.matrix?.environment, ["dev", "prod"]);
        assert.ok(review.steps.some((s) => s.run === 'npm run review -- "$ENVIRONMENT" --out reports'));
        assert.ok(review.steps.some((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.path === "reports/"));
        assert.ok(
            review.steps.some((s) => String(s.with?.report_paths ?? "").endsWith(".junit.xml")),
            "the JUnit XML shown as tests",
        );
        assert.ok(
            review.steps.some((s) => (s.run ?? "").includes("gh pr comment")),
            "summarized on the pull request",
        );
    });

    it("deploys every environment in order on main", () => {
        const deploy = workflow.jobs.deploy;
        assert.match(deploy.if ?? "", /refs\/heads\/main/);
        assert.ok(deploy.steps.some((s) => s.run === "npm run deploy -- --all up --yes"));
    });

    it("takes AWS credentials only through OIDC role assumption, never a stored key", () => {
        for (const [name, job] of Object.entries(workflow.jobs)) {
            assert.strictEqual(job.permissions?.["id-token"], "write", `${name} may request an OIDC token`);
            assert.ok(job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") && typeof s.with?.["role-to-assume"] === "string"));
        }
        assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    });
});
