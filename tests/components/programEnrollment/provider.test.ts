/** ProgramEnrollment's provider against the emulator: enables only what is approved, never opts out what it did not enable. */
import * as assert from "node:assert";
import { type ProgramEnrollmentInputs, programEnrollmentProvider as provider } from "../../../components/programEnrollment/provider";
import type { EmulatedProgram } from "../../emulator/bedrockEmulator";
import { captureFailure, captureLog, useBedrockEmulator } from "../../helpers/bedrockTestEnvironment";

const EAST = "us-east-1";
const PROGRAM: EmulatedProgram = {
    programId: "anthropic-glasswing",
    name: "Project Glasswing",
    description: "Access to Claude Mythos 5.",
    providerName: "Anthropic",
    detailsUrl: "https://www.anthropic.com/glasswing",
    approval: "approved",
    gates: ["anthropic.claude-mythos-5"],
};
const INPUTS: ProgramEnrollmentInputs = { programId: PROGRAM.programId, programName: PROGRAM.name, region: EAST };

describe("ProgramEnrollment provider", () => {
    const emulator = useBedrockEmulator();

    it("enables an approved program, recording what it found, and leaves it enrolled on destroy by default", async () => {
        emulator.addTrustedAccessProgram(PROGRAM);
        const { result } = await captureLog(() => provider.create(INPUTS));
        assert.strictEqual(result.outs!.previousOptIn, "inherit");
        assert.strictEqual(emulator.enrollment(PROGRAM.programId), "enabled");
        const { lines } = await captureLog(() => provider.delete!(result.id, result.outs!));
        assert.strictEqual(emulator.enrollment(PROGRAM.programId), "enabled");
        assert.match(lines.join("\n"), /Leaving this account enrolled in Project Glasswing/);
    });

    it("with restoreOnDestroy, puts back what it changed, and never opts out an enrollment that was there before", async () => {
        emulator.addTrustedAccessProgram(PROGRAM);
        const { result } = await captureLog(() => provider.create({ ...INPUTS, restoreOnDestroy: true }));
        await captureLog(() => provider.delete!(result.id, result.outs!));
        assert.strictEqual(emulator.enrollment(PROGRAM.programId), "inherit");

        emulator.addTrustedAccessProgram(PROGRAM, "enabled");
        const { result: adopted } = await captureLog(() => provider.create({ ...INPUTS, restoreOnDestroy: true }));
        assert.strictEqual(adopted.outs!.previousOptIn, "enabled");
        await captureLog(() => provider.delete!(adopted.id, adopted.outs!));
        assert.strictEqual(emulator.enrollment(PROGRAM.programId), "enabled");
        assert.deepStrictEqual(
            emulator.requestsFor("PutTrustedAccessProgramAccountEnrollment").map((r) => r.status),
            [200, 200],
            "one enable and one restore, nothing for the enrollment found enabled",
        );
    });

    it("says why Bedrock refuses enabling a program the account is not approved for (ConflictException), keeping the stored setting", async () => {
        emulator.addTrustedAccessProgram({ ...PROGRAM, approval: "requestable" });
        const { error } = await captureFailure(() => provider.create(INPUTS));
        assert.match(error.message, /refused to set this account's enrollment in trusted-access program anthropic-glasswing to "enabled".*not approved for it/);
        assert.strictEqual(emulator.enrollment(PROGRAM.programId), "inherit");
    });

    it("reports a disabled enrollment on refresh as drift the next up corrects", async () => {
        emulator.addTrustedAccessProgram(PROGRAM);
        const { result } = await captureLog(() => provider.create(INPUTS));
        emulator.addTrustedAccessProgram(PROGRAM, "disabled");
        const { result: read, lines } = await captureLog(() => provider.read!(result.id, result.outs!));
        assert.strictEqual(read.props?.observedOptIn, "disabled");
        assert.match(lines.join("\n"), /is "disabled", changed outside Pulumi/);
        assert.strictEqual((await provider.diff!(result.id, read.props!, INPUTS)).changes, true);
    });
});
