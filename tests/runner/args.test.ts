/** The deploy runner's command line: every accepted form and every message a user can get. */
import * as assert from "node:assert";
import { EXIT, environmentsIn, needsPassphrase, parseDeployArgs as parseWith } from "../../runner/args";
import { backendUrl } from "../../runner/environmentFile";
import { classifyFailure } from "../../runner/failures";
import { reviewArgs } from "../../runner/args";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ENVIRONMENTS = ["dev", "prod"];

/** Parses against a project with the given environments. */
function parseDeployArgs(argv: string[], environments: readonly string[]) {
    return parseWith(argv, () => environments);
}

describe("deploy runner arguments", () => {
    it("runs one environment, previewing by default", () => {
        assert.deepStrictEqual(parseDeployArgs(["dev"], ENVIRONMENTS), {
            kind: "run",
            options: { environments: ["dev"], operation: "preview", projectDir: undefined, policyConfig: undefined, yes: false, outDir: undefined },
        });
        for (const operation of ["preview", "up", "refresh", "destroy"]) {
            const parsed = parseDeployArgs(["prod", operation], ENVIRONMENTS);
            assert.deepStrictEqual(parsed.kind === "run" && parsed.options.operation, operation);
        }
    });

    it("reviews an environment (npm run review), writing the report where --out says", () => {
        const parsed = parseDeployArgs(reviewArgs(["dev", "--out", "reports"]), ENVIRONMENTS);
        assert.deepStrictEqual(parsed.kind === "run" && [parsed.options.operation, parsed.options.outDir], ["review", "reports"]);
        assert.deepStrictEqual(reviewArgs(["--project", "elsewhere", "prod"]), ["--project", "elsewhere", "prod", "review"]);
        const all = parseDeployArgs(reviewArgs(["--all", "--out", "reports"]), ENVIRONMENTS);
        assert.deepStrictEqual(
            all.kind === "run" && [all.options.environments, all.options.operation, all.options.outDir],
            [["dev", "prod"], "review", "reports"],
            "npm run review -- --all reviews every environment",
        );
        const missing = parseDeployArgs(["dev", "review", "--out"], ENVIRONMENTS);
        assert.deepStrictEqual(missing.kind === "error" && missing.message.split("\n")[0], "--out needs a directory.");
    });

    it("runs every environment in order with --all", () => {
        assert.deepStrictEqual(parseDeployArgs(["--all", "up"], ENVIRONMENTS), {
            kind: "run",
            options: { environments: ["dev", "prod"], operation: "up", projectDir: undefined, policyConfig: undefined, yes: false, outDir: undefined },
        });
    });

    it("takes another project directory, and checks the environment against that project's", () => {
        const asked: (string | undefined)[] = [];
        const parsed = parseWith(["dev", "up", "--project", "elsewhere"], (dir) => {
            asked.push(dir);
            return ["dev"];
        });
        assert.strictEqual(parsed.kind === "run" && parsed.options.projectDir, "elsewhere");
        assert.deepStrictEqual(asked, ["elsewhere"]);
        const other = parseWith(["prod", "--project", "elsewhere"], () => ["dev"]);
        assert.match(other.kind === "error" ? other.message : "", /Unknown environment "prod".*Known environments: dev\./);
    });

    it("takes --yes for destroy in a pipeline", () => {
        const parsed = parseDeployArgs(["prod", "destroy", "--yes"], ENVIRONMENTS);
        assert.strictEqual(parsed.kind === "run" && parsed.options.yes, true);
    });

    it("takes the reviewers' policy-pack configuration file", () => {
        const parsed = parseDeployArgs(["dev", "up", "--policy-config", "reviewers.json"], ENVIRONMENTS);
        assert.strictEqual(parsed.kind === "run" && parsed.options.policyConfig, "reviewers.json");
        const missing = parseDeployArgs(["dev", "--policy-config"], ENVIRONMENTS);
        assert.match(missing.kind === "error" ? missing.message : "", /--policy-config needs a file/);
    });

    it("asks for the passphrase for self-managed backends, not for Pulumi Cloud or another secrets provider", () => {
        assert.strictEqual(needsPassphrase("file:///state", undefined), true);
        assert.strictEqual(needsPassphrase("s3://bucket", undefined), true);
        assert.strictEqual(needsPassphrase("https://api.pulumi.com", undefined), false);
        assert.strictEqual(needsPassphrase("file:///state", "awskms://alias/pulumi"), false);
        assert.strictEqual(needsPassphrase("https://api.pulumi.com", "passphrase"), true);
    });

    const errors: [string, string[], RegExp][] = [
        [
            "an unknown environment, listing the known ones",
            ["staging", "up"],
            /Unknown environment "staging" \(no Pulumi\.staging\.yaml\)\. Known environments: dev, prod\./,
        ],
        ["no environment", [], /Name an environment \(known: dev, prod\), or use --all/],
        ["an operation in the environment's place", ["up"], /"up" is an operation; name the environment first/],
        ["an unknown operation", ["dev", "deploy"], /Unknown operation "deploy"; use one of preview, up, refresh, destroy/],
        ["an extra argument", ["dev", "up", "now"], /Unexpected argument now/],
        ["an unknown option", ["dev", "--force"], /Unknown option --force/],
        ["--project without a directory", ["dev", "--project"], /--project needs a directory/],
    ];
    for (const [name, argv, says] of errors) {
        it(`refuses ${name}`, () => {
            const parsed = parseDeployArgs(argv, ENVIRONMENTS);
            assert.strictEqual(parsed.kind, "error");
            assert.match(parsed.kind === "error" ? parsed.message : "", says);
        });
    }

    it("says when a project has no environment at all", () => {
        const parsed = parseDeployArgs(["--all"], []);
        assert.match(parsed.kind === "error" ? parsed.message : "", /--all found no environment \(none: add a Pulumi\.<environment>\.yaml\)/);
    });

    it("shows its usage with the exit codes", () => {
        const parsed = parseDeployArgs(["--help"], ENVIRONMENTS);
        assert.match(
            parsed.kind === "help" ? parsed.text : "",
            /Exit codes: 0 success, 1 deployment failed, 2 configuration error, 3 policy violation,\n4 prerequisite missing/,
        );
    });

    it("finds environments from Pulumi.<env>.yaml files", () => {
        assert.deepStrictEqual(environmentsIn(["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "index.ts", "Pulumi.yml"]), ["dev", "prod"]);
    });

    it("sorts failures into distinct exit codes", () => {
        assert.strictEqual(classifyFailure("preview failed", 2), EXIT.policyViolation);
        assert.strictEqual(classifyFailure("error: one or more mandatory policy violations were found", 0), EXIT.policyViolation);
        assert.strictEqual(classifyFailure("The stack configuration has 2 problems:", 0), EXIT.configurationError);
        assert.strictEqual(
            classifyFailure("validating stack config: Stack 'dev' is missing configuration value 'inferenceProfiles'", 0),
            EXIT.configurationError,
        );
        assert.strictEqual(classifyFailure("incorrect passphrase", 0), EXIT.configurationError);
        assert.strictEqual(classifyFailure("AWS refused bedrock:CreateFoundationModelAgreement", 0), EXIT.deploymentFailed);
        assert.deepStrictEqual(new Set(Object.values(EXIT)).size, Object.values(EXIT).length, "every outcome has its own code");
    });

    it("keeps state in a file backend in the project unless told otherwise", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "project-"));
        writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
        assert.strictEqual(backendUrl(dir, {}), `file://${path.join(dir, ".pulumi-state")}`);
        assert.strictEqual(backendUrl(dir, { PULUMI_BACKEND_URL: "s3://state-bucket" }), "s3://state-bucket");
        writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nbackend:\n  url: gs://team-state\n");
        assert.strictEqual(backendUrl(dir, {}), "gs://team-state");
    });
});
