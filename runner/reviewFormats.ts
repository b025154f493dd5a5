/**
 * The review report in the formats reviewers' tools take: one self-contained HTML page (inline
 * style, no script, no network) with the effective-access grid, and JUnit XML, which CI systems
 * show natively as tests (GitHub Actions through test reporters, GitLab, Jenkins, Azure DevOps):
 * one test per catalogue check, policy and road; SARIF was left aside because it describes findings
 * at source locations, and these are findings about a stack.
 */
import type { ReviewReport } from "./reviewReport";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The CSS class of a result, for its colour. */
function tone(result: string): string {
    return result === "pass" || result === "yes" ? "ok" : result === "fail" || result === "violation" || result === "no" ? "bad" : "neutral";
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1b1f24; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.ok { background: #dafbe1; } .bad { background: #ffebe9; font-weight: 600; } .neutral { background: #f6f8fa; }
.summary span { display: inline-block; margin-right: 1.5em; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 4px; }
.road { border: 1px solid #d0d7de; padding: 4px; font-size: 12px; overflow-wrap: anywhere; }
.road.allowed { background: #dafbe1; } .road.denied { background: #eaeef2; } .road.broken { outline: 3px solid #cf222e; }
code { font-size: 12px; }
`;

/** The report as one self-contained HTML page. */
export function reviewHtml(report: ReviewReport): string {
    const counts = (results: readonly string[]) => [...new Set(results)].map((r) => `${results.filter((x) => x === r).length} ${r}`).join(", ") || "none";
    const checkRows = report.checks
        .map(
            (c) =>
                `<tr><td><code>${escapeHtml(c.id)}</code></td><td>${escapeHtml(c.catalogue)}</td><td>${escapeHtml(c.title)}</td>` +
                `<td class="${tone(c.result)}">${escapeHtml(c.result)}</td><td>${escapeHtml(c.evidence)}</td></tr>`,
        )
        .join("\n");
    const policyRows = report.policies
        .map((p) => {
            const messages = p.violations.map(
                (v) =>
                    `<li>${v.resource === null ? "" : `<code>${escapeHtml(v.resource.split("::").pop() ?? v.resource)}</code>: `}${escapeHtml(v.message)}</li>`,
            );
            return (
                `<tr><td><code>${escapeHtml(p.policy)}</code></td><td>${escapeHtml(p.enforcementLevel)}</td><td>${escapeHtml(p.catalogueChecks.join(", ") || "-")}</td>` +
                `<td class="${tone(p.result)}">${escapeHtml(p.result)}</td><td>${messages.length === 0 ? "-" : `<ul>${messages.join("")}</ul>`}</td></tr>`
            );
        })
        .join("\n");
    const access = report.effectiveAccess
        .map((g) => {
            const tiles = g.rows
                .map(
                    (r) =>
                        `<div class="road ${r.decision === "Allowed" ? "allowed" : "denied"}${r.holds ? "" : " broken"}" title="${escapeHtml(r.request)}">` +
                        `<code>${escapeHtml(r.road)}</code><br>must be ${escapeHtml(r.must)}: ${escapeHtml(r.decision)}${r.holds ? "" : " (does not hold)"}</div>`,
                )
                .join("\n");
            const broken = g.rows.filter((r) => !r.holds).length;
            return (
                `<h3><code>${escapeHtml(g.guardrail)}</code> (${g.kind === "scp" ? "service control policy" : "IAM policy"}): ` +
                `${g.rows.length} roads, ${broken === 0 ? "every one as it must be" : `${broken} not as they must be`}</h3>\n<div class="grid">\n${tiles}\n</div>`
            );
        })
        .join("\n");
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance review: ${escapeHtml(report.environment)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Compliance review: ${escapeHtml(report.environment)}</h1>
<p>Generated ${escapeHtml(report.generatedAt)} by <code>npm run review -- ${escapeHtml(report.environment)}</code>: a preview with the bedrock-model-access policy pack; nothing was changed.</p>
<p class="summary"><span>Result: <strong class="${tone(report.result === "pass" ? "pass" : report.result === "mandatory violation" ? "fail" : "neutral")}">${escapeHtml(report.result)}</strong></span>
<span>Guardrail: <code>${escapeHtml(report.guardrailMode)}</code></span>
<span>Model allow list: ${report.modelAllowList.length === 0 ? "none" : report.modelAllowList.map((m) => `<code>${escapeHtml(m)}</code>`).join(", ")}</span>
<span>Data retention: <code>${escapeHtml(report.dataRetention)}</code></span></p>
<h2>Catalogue checks (${escapeHtml(counts(report.checks.map((c) => c.result)))})</h2>
<table>
<tr><th>check</th><th>catalogue</th><th>what it asks</th><th>result</th><th>evidence</th></tr>
${checkRows}
</table>
<h2>Policies (${escapeHtml(counts(report.policies.map((p) => p.result)))})</h2>
<table>
<tr><th>policy</th><th>enforcement</th><th>catalogue checks</th><th>result</th><th>findings</th></tr>
${policyRows}
</table>
<h2>Effective access</h2>
<p>Each road to a model, as the IAM evaluator decides it for a principal otherwise allowed everything: green allowed, grey denied, a red outline where the decision is not what the road must be. Hover a tile for the request.</p>
${access === "" ? "<p>No model allow-list guardrail whose document is known at preview: nothing to evaluate.</p>" : access}
</body>
</html>
`;
}

/** The index of several reviews as one HTML page, linking each environment's page. */
export function reviewIndexHtml(reports: readonly ReviewReport[]): string {
    const rows = reports
        .map((r) => {
            const failed = r.checks.filter((c) => c.result === "fail").map((c) => `<code>${escapeHtml(c.id)}</code>`);
            return (
                `<tr><td><a href="review-${escapeHtml(r.environment)}.html">${escapeHtml(r.environment)}</a></td>` +
                `<td class="${tone(r.result === "pass" ? "pass" : r.result === "mandatory violation" ? "fail" : "neutral")}">${escapeHtml(r.result)}</td>` +
                `<td>${failed.length === 0 ? "none" : failed.join(", ")}</td><td>${escapeHtml(r.generatedAt)}</td></tr>`
            );
        })
        .join("\n");
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Compliance reviews</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Compliance reviews</h1>
<table>
<tr><th>environment</th><th>result</th><th>failed checks</th><th>generated</th></tr>
${rows}
</table>
</body>
</html>
`;
}

/** One JUnit test case. */
function testcase(classname: string, name: string, outcome: { failure?: string; skipped?: string }): string {
    const open = `    <testcase classname="${escapeHtml(classname)}" name="${escapeHtml(name)}">`;
    if (outcome.failure !== undefined) {
        return `${open}<failure message="${escapeHtml(outcome.failure.slice(0, 500))}">${escapeHtml(outcome.failure)}</failure></testcase>`;
    }
    if (outcome.skipped !== undefined) {
        return `${open}<skipped message="${escapeHtml(outcome.skipped.slice(0, 500))}"/></testcase>`;
    }
    return `${open}</testcase>`;
}

function suite(name: string, cases: readonly string[]): string {
    const failures = cases.filter((c) => c.includes("<failure")).length;
    const skipped = cases.filter((c) => c.includes("<skipped")).length;
    return `  <testsuite name="${escapeHtml(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n${cases.join("\n")}\n  </testsuite>`;
}

/** The report as JUnit XML: a failed check, a policy violation or a road that does not hold is a failure; not applicable, not assessable and not run are skipped. */
export function reviewJunit(report: ReviewReport): string {
    const env = report.environment;
    const checks = report.checks.map((c) =>
        testcase(
            `${env}.${c.catalogue}`,
            `${c.id}: ${c.title}`,
            c.result === "fail" ? { failure: c.evidence } : c.result === "pass" ? {} : { skipped: `${c.result}: ${c.evidence}` },
        ),
    );
    const policies = report.policies.map((p) =>
        testcase(
            `${env}.policies`,
            `${p.policy} (${p.enforcementLevel})`,
            p.result === "violation"
                ? { failure: p.violations.map((v) => v.message).join("\n") }
                : p.result === "not run"
                  ? { skipped: "disabled by the reviewers' policy configuration" }
                  : {},
        ),
    );
    const roads = report.effectiveAccess.flatMap((g) =>
        g.rows.map((r) =>
            testcase(`${env}.effective-access.${g.guardrail}`, `${r.road} must be ${r.must}`, r.holds ? {} : { failure: `${r.request}: ${r.decision}` }),
        ),
    );
    const suites = [
        suite(`${env}: catalogue checks`, checks),
        suite(`${env}: policies`, policies),
        ...(roads.length === 0 ? [] : [suite(`${env}: effective access`, roads)]),
    ];
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bedrock-model-access review: ${escapeHtml(env)}">\n${suites.join("\n")}\n</testsuites>\n`;
}
