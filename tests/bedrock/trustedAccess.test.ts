/** Which program gates a hidden model, and what the stack does with each program it accepts: tables over bedrock/trustedAccess.ts. */
import * as assert from "node:assert";
import { type TrustedAccessProgram, acceptedProgramDecision, hiddenModelProblem, modelDisplayName, programsNaming } from "../../bedrock/trustedAccess";

const KEY = "bedrock-model-access:acceptedTrustedAccessPrograms";

/** Programs shaped as ListTrustedAccessPrograms lists them; names and wording from the Mythos cards and Anthropic's pages. */
function program(programId: string, status: TrustedAccessProgram["status"], fields: Partial<TrustedAccessProgram> = {}): TrustedAccessProgram {
    return {
        programId,
        name: programId,
        description: "",
        providerName: "Anthropic",
        detailsUrl: `https://example.com/${programId}`,
        status,
        source: "program_default",
        optIn: "inherit",
        ...fields,
    };
}

const GLASSWING = program("anthropic-glasswing", "eligible", {
    name: "Project Glasswing",
    description: "Access to Claude Mythos Preview and Claude Mythos 5 for vetted cybersecurity defenders.",
    enrollmentUrl: "https://example.com/apply",
});
const CYBER = program("anthropic-cyber-verification", "requestable", {
    name: "Cyber Verification Program",
    description: "Verified access to Claude Mythos models for cybersecurity research.",
});
const SAFEGUARDS = program("anthropic-frontier-safeguards", "enabled", {
    name: "Enterprise Frontier Safeguards",
    description: "Zero data retention for Claude Fable 5 and Claude Fable 5.1 until 2026-12-31.",
});

describe("trusted-access programs (bedrock/trustedAccess.ts)", () => {
    it("writes a model's name from its ID", () => {
        const rows: [string, string][] = [
            ["anthropic.claude-mythos-5", "Claude Mythos 5"],
            ["anthropic.claude-mythos-5-1", "Claude Mythos 5.1"],
            ["anthropic.claude-opus-4-8", "Claude Opus 4.8"],
            ["anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5"],
            ["anthropic.claude-opus-4-6-v1", "Claude Opus 4.6"],
            ["anthropic.claude-mythos-preview", "Claude Mythos Preview"],
        ];
        for (const [id, name] of rows) {
            assert.strictEqual(modelDisplayName(id), name, id);
        }
    });

    it("finds the programs that name a model: by name, by family, of its provider only, not a later version", () => {
        const rows: [string, TrustedAccessProgram[], string[]][] = [
            ["anthropic.claude-mythos-5", [GLASSWING, CYBER, SAFEGUARDS], ["anthropic-glasswing", "anthropic-cyber-verification"]],
            ["anthropic.claude-mythos-5-1", [GLASSWING, CYBER], ["anthropic-cyber-verification"]],
            ["anthropic.claude-fable-5", [GLASSWING, SAFEGUARDS], ["anthropic-frontier-safeguards"]],
            ["anthropic.claude-opus-4-8", [GLASSWING, CYBER, SAFEGUARDS], []],
            ["anthropic.claude-mythos-5", [{ ...GLASSWING, providerName: "Amazon" }], []],
        ];
        for (const [model, programs, expected] of rows) {
            assert.deepStrictEqual(
                programsNaming(model, programs).map((p) => p.programId),
                expected,
                model,
            );
        }
    });

    it("decides each accepted program by its status: enroll, nothing to do, or stop with what to do", () => {
        const rows: [TrustedAccessProgram["status"], string, RegExp | undefined][] = [
            ["eligible", "enroll", undefined],
            ["enabled", "enrolled", undefined],
            [
                "requestable",
                "stop",
                /is requestable for this account, not yet approved\. Apply through Anthropic: https:\/\/example\.com\/anthropic-glasswing \(enrollment: https:\/\/example\.com\/apply\)/,
            ],
            ["disabled", "stop", /is disabled for this account .*does not overwrite a choice made outside it/],
            ["revoked", "stop", /was revoked for this account by Anthropic/],
        ];
        for (const [status, kind, message] of rows) {
            const decision = acceptedProgramDecision("anthropic-glasswing", [{ ...GLASSWING, status }], KEY);
            assert.strictEqual(decision.kind, kind, status);
            if (message !== undefined && decision.kind === "stop") {
                assert.match(decision.problem, message, status);
            }
        }
        const unknown = acceptedProgramDecision("anthropic-nothing", [GLASSWING], KEY);
        assert.ok(
            unknown.kind === "stop" &&
                /not a trusted-access program this account can see \(it sees anthropic-glasswing \(Project Glasswing\)\)/.test(unknown.problem),
        );
    });

    it("says, for a hidden model, which key accepts an approved program's terms, and how to apply where none is approved", () => {
        const eligible = hiddenModelProblem("anthropic.claude-mythos-5", "us-east-1", [GLASSWING], [], KEY);
        assert.match(eligible ?? "", /anthropic\.claude-mythos-5 is gated in us-east-1.*approved for Project Glasswing \(anthropic-glasswing, Anthropic\)/);
        assert.match(
            eligible ?? "",
            /add the program to bedrock-model-access:acceptedTrustedAccessPrograms: `pulumi config set --path 'acceptedTrustedAccessPrograms\[0\]' anthropic-glasswing`/,
        );
        const requestable = hiddenModelProblem("anthropic.claude-mythos-5", "us-east-1", [{ ...GLASSWING, status: "requestable" }], [], KEY);
        assert.match(
            requestable ?? "",
            /Project Glasswing .* is requestable\. Apply through Anthropic: https:\/\/example\.com\/anthropic-glasswing \(enrollment: https:\/\/example\.com\/apply\)/,
        );
        assert.strictEqual(hiddenModelProblem("anthropic.claude-mythos-5", "us-east-1", [GLASSWING], ["anthropic-glasswing"], KEY), undefined, "accepted");
        assert.strictEqual(hiddenModelProblem("anthropic.claude-opus-4-8", "us-east-1", [GLASSWING], [], KEY), undefined, "no program names it");
    });
});
