/**
 * The report `npm run review -- <env>` writes for reviewers to file: every policy of the pack with
 * its enforcement level and result (pass, or each violation with its resource and message), every
 * check of the reviewers' catalogues (AWS's AI/ML assessment, its FinServ checks, Prowler) with its
 * result and evidence, the stack's model allow list and data-retention mode, and the effective
 * access its guardrails leave (every road to a model, evaluated), as review-<env>.json and
 * review-<env>.md (and, from runner/reviewFormats.ts, review-<env>.html and review-<env>.junit.xml).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { JudgedGuardrail } from "../policy/guardrailEvaluation";
import { type AssessedCheck, assessCatalogue } from "../policy/assessmentCatalogue";
import { POLICIES, catalogueChecksOf } from "../policy/policies";
import { reviewHtml, reviewIndexHtml, reviewJunit } from "./reviewFormats";

/** One policy finding, as the engine's policy events carry it. */
export interface PolicyFinding {
    readonly policyName: string;
    readonly enforcementLevel: string;
    readonly message: string;
    readonly resourceUrn?: string;
}

export interface ReviewFacts {
    readonly environment: string;
    /** The models the guardrail leaves usable (the profiles' models and extraAllowedModels). */
    readonly modelAllowList: readonly string[];
    /** The guardrail's mode: iam, scp or off. */
    readonly guardrailMode: string;
    /** The data-retention mode the stack sets, or "not managed". */
    readonly dataRetention: string;
}

/** One road under one guardrail: the request, what it must be, the evaluator's decision and the deciding statement. */
export interface EffectiveAccessRow {
    readonly road: string;
    readonly request: string;
    readonly must: "denied" | "usable";
    readonly decision: string;
    /** The guardrail statement (Sid, or position) that denied it; null where none did. */
    readonly statement: string | null;
    readonly holds: boolean;
    /**
     * How the evaluator decided: "validated" (its validating entry point), or "core" where that
     * entry point cannot (a region-less ARN, an action or context key its catalogue lacks) and its
     * core engine decided unvalidated (policy/guardrailEvaluation.ts says why).
     */
    readonly engine: "validated" | "core";
}

export interface EffectiveAccess {
    /** The guardrail resource's name. */
    readonly guardrail: string;
    readonly kind: "scp" | "iam";
    readonly rows: EffectiveAccessRow[];
}

/** The report's effective-access section from the pack's judgement of the stack's guardrails. */
export function effectiveAccess(guardrails: readonly Pick<JudgedGuardrail, "resource" | "kind" | "decisions">[]): EffectiveAccess[] {
    return guardrails.map((g) => ({
        guardrail: g.resource.name,
        kind: g.kind,
        rows: g.decisions.map((d) => {
            const context = Object.entries(d.road.request.context)
                .filter(([key]) => key !== "aws:RequestedRegion")
                .map(([key, value]) => `${key}=${value}`);
            return {
                road: d.road.id,
                request: `${d.road.request.action} on ${d.road.request.resource}${context.length > 0 ? ` (${context.join(", ")})` : ""}`,
                must: d.road.must,
                decision: d.decision,
                statement: d.statement ?? null,
                holds: d.holds,
                engine: d.engine,
            };
        }),
    }));
}

export interface ReviewRow {
    readonly policy: string;
    readonly enforcementLevel: string;
    /** The catalogue checks the policy answers (policy/assessmentCatalogue.ts), e.g. BR-04. */
    readonly catalogueChecks: readonly string[];
    /** "not run": the reviewers' configuration disabled it (its own entry, or "all"). */
    readonly result: "pass" | "violation" | "not run";
    readonly violations: { readonly resource: string | null; readonly message: string }[];
}

export interface ReviewReport extends ReviewFacts {
    readonly generatedAt: string;
    /** "incomplete": a policy the pack declares mandatory did not run, so no pass can be given. */
    readonly result: "pass" | "mandatory violation" | "advisory findings" | "incomplete";
    readonly policies: ReviewRow[];
    /** Every catalogue check with its result and evidence, then the pack's own checks. */
    readonly checks: AssessedCheck[];
    /**
     * Per guardrail, every road to a model with the IAM evaluator's decision (policy/roads.ts,
     * policy/guardrailEvaluation.ts); empty where the stack declares none, or its document is
     * not known at preview (application profiles not created yet).
     */
    readonly effectiveAccess: EffectiveAccess[];
}

/** The level one entry of the reviewers' configuration sets: a level, or an object with enforcementLevel. */
function levelIn(given: unknown): string | undefined {
    if (typeof given === "string") {
        return given;
    }
    const level = typeof given === "object" && given !== null ? (given as { enforcementLevel?: unknown }).enforcementLevel : undefined;
    return typeof level === "string" ? level : undefined;
}

/**
 * The levels the pack declares, overridden by the reviewers' policy configuration: Pulumi's
 * `all` entry sets every policy's level, and a policy's own entry wins over it.
 */
function levelOf(name: string, declared: string, policyConfig: Readonly<Record<string, unknown>>): string {
    return levelIn(policyConfig[name]) ?? levelIn(policyConfig.all) ?? declared;
}

export function buildReviewReport(
    facts: ReviewFacts,
    findings: readonly PolicyFinding[],
    policyConfig: Readonly<Record<string, unknown>> = {},
    now = new Date(),
    access: EffectiveAccess[] = [],
): ReviewReport {
    const rows: ReviewRow[] = POLICIES.map((policy) => {
        const own = findings.filter((f) => f.policyName === policy.name);
        // The engine puts the policy's description before each message: the row has the description already.
        const message = (text: string) => {
            const trimmed = text.trim();
            const description = policy.description.trim();
            return trimmed.startsWith(description) && trimmed.length > description.length ? trimmed.slice(description.length).trim() : trimmed;
        };
        const level = own[0]?.enforcementLevel ?? levelOf(policy.name, policy.enforcementLevel ?? "advisory", policyConfig);
        return {
            policy: policy.name,
            enforcementLevel: level,
            catalogueChecks: catalogueChecksOf(policy.name),
            result: level === "disabled" ? "not run" : own.length === 0 ? "pass" : "violation",
            violations: own.map((f) => ({ resource: f.resourceUrn ?? null, message: message(f.message) })),
        };
    });
    const mandatory = rows.some((r) => r.result === "violation" && r.enforcementLevel === "mandatory");
    const advisory = rows.some((r) => r.result === "violation");
    // A policy the pack declares mandatory that the configuration disabled: nothing certifies what it checks.
    const skipped = rows.some((r, i) => r.result === "not run" && POLICIES[i].enforcementLevel === "mandatory");
    return {
        ...facts,
        generatedAt: now.toISOString(),
        result: mandatory ? "mandatory violation" : skipped ? "incomplete" : advisory ? "advisory findings" : "pass",
        policies: rows,
        checks: assessCatalogue(
            rows.map((r, i) => ({ ...r, description: POLICIES[i].description })),
            facts.guardrailMode,
        ),
        effectiveAccess: access,
    };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n+/g, " ");

export function reviewMarkdown(report: ReviewReport): string {
    const lines = [
        `# Compliance review: ${report.environment}`,
        "",
        `Generated ${report.generatedAt} by \`npm run review -- ${report.environment}\` (a preview with the bedrock-model-access policy pack; nothing was changed).`,
        "",
        `- Result: **${report.result}**${report.result === "incomplete" ? " (a policy the pack declares mandatory was disabled, so it did not run)" : ""}`,
        `- Model allow list (guardrail mode \`${report.guardrailMode}\`): ${report.modelAllowList.length === 0 ? "none" : report.modelAllowList.map((m) => `\`${m}\``).join(", ")}`,
        `- Data retention: \`${report.dataRetention}\``,
        "",
        "| policy | enforcement | catalogue checks | result | resource | message |",
        "|---|---|---|---|---|---|",
    ];
    for (const row of report.policies) {
        const check = row.catalogueChecks.length === 0 ? "-" : row.catalogueChecks.join(", ");
        if (row.result === "not run") {
            lines.push(`| \`${row.policy}\` | ${row.enforcementLevel} | ${check} | not run | - | disabled by the reviewers' policy configuration |`);
        } else if (row.violations.length === 0) {
            lines.push(`| \`${row.policy}\` | ${row.enforcementLevel} | ${check} | pass | - | - |`);
        }
        for (const v of row.violations) {
            lines.push(
                `| \`${row.policy}\` | ${row.enforcementLevel} | ${check} | violation | ${v.resource === null ? "-" : `\`${cell(v.resource.split("::").pop() ?? v.resource)}\``} | ${cell(v.message)} |`,
            );
        }
    }
    lines.push(
        "",
        "## Catalogue checks",
        "",
        "Each check of the catalogues reviewers use, as this stack answers it (policy/README.md names each source): `pass` / `fail` from",
        "the pack's policies, `not applicable` with the reason, `not assessable` before deployment with what to check in the account.",
        "",
        "| check | catalogue | what it asks | result | evidence |",
        "|---|---|---|---|---|",
        ...report.checks.map((c) => `| \`${c.id}\` | ${c.catalogue} | ${cell(c.title)} | ${c.result} | ${cell(c.evidence)} |`),
    );
    lines.push("", "## Effective access", "");
    if (report.effectiveAccess.length === 0) {
        lines.push("No model allow-list guardrail whose document is known at preview: nothing to evaluate.");
    }
    for (const access of report.effectiveAccess) {
        lines.push(
            `### \`${access.guardrail}\` (${access.kind === "scp" ? "service control policy, with FullAWSAccess beside it" : "IAM policy"})`,
            "",
            "Each request as the IAM evaluator decides it for a principal otherwise allowed everything. Evaluator: `validated` is its",
            "validating entry point; `core` is its core engine, unvalidated, for what that entry point cannot take (a region-less",
            "foundation-model ARN, an action or a context key such as aws-marketplace:ProductId its catalogue lacks).",
            "",
            "| road | request | must be | decision | deciding statement | holds | evaluator |",
            "|---|---|---|---|---|---|---|",
        );
        for (const row of access.rows) {
            lines.push(
                `| \`${cell(row.road)}\` | ${cell(row.request)} | ${row.must} | ${row.decision} | ${row.statement ?? "-"} | ${row.holds ? "yes" : "**no**"} | ${row.engine} |`,
            );
        }
        lines.push("");
    }
    return `${lines.join("\n")}\n`;
}

/** Writes review-<env>.json, .md, .html and .junit.xml into `dir`; returns their paths. */
export function writeReviewReport(report: ReviewReport, dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    const file = (extension: string) => path.join(dir, `review-${report.environment}.${extension}`);
    const files: [string, string][] = [
        [file("json"), `${JSON.stringify(report, null, 2)}\n`],
        [file("md"), reviewMarkdown(report)],
        [file("html"), reviewHtml(report)],
        [file("junit.xml"), reviewJunit(report)],
    ];
    for (const [name, text] of files) {
        writeFileSync(name, text);
    }
    return files.map(([name]) => name);
}

/** One environment's line of the index of `npm run review -- --all`. */
export interface IndexEntry {
    readonly report: ReviewReport;
    /** The runner's exit code for that environment. */
    readonly code: number;
}

/** The index of several reviews as markdown: each environment's result, its failed checks, and its files. */
export function reviewIndexMarkdown(entries: readonly IndexEntry[]): string {
    const lines = [
        "# Compliance reviews",
        "",
        "| environment | result | failed checks | files |",
        "|---|---|---|---|",
        ...entries.map(({ report }) => {
            const failed = report.checks.filter((c) => c.result === "fail").map((c) => `\`${c.id}\``);
            const files = ["html", "md", "json", "junit.xml"].map((e) => `[${e}](review-${report.environment}.${e})`).join(" ");
            return `| ${report.environment} | ${report.result} | ${failed.length === 0 ? "none" : failed.join(", ")} | ${files} |`;
        }),
    ];
    return `${lines.join("\n")}\n`;
}

/** Writes review-index.md and review-index.html into `dir`; returns their paths. */
export function writeReviewIndex(entries: readonly IndexEntry[], dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    const markdown = path.join(dir, "review-index.md");
    const html = path.join(dir, "review-index.html");
    writeFileSync(markdown, reviewIndexMarkdown(entries));
    writeFileSync(html, reviewIndexHtml(entries.map((e) => e.report)));
    return [html, markdown];
}
