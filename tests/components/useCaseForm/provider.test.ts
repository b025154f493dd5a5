/** UseCaseForm's provider against the emulator: submitted once where none is on file, again when it changes, never withdrawn. */
import * as assert from "node:assert";
import { useCaseFormProvider as provider } from "../../../components/useCaseForm/provider";
import { captureLog, useBedrockEmulator } from "../../helpers/bedrockTestEnvironment";
import { EXAMPLE_FORM as FORM, REGION } from "../../helpers/fixtures";

describe("UseCaseForm provider (the organization's use-case form)", () => {
    const emulator = useBedrockEmulator();

    it("submits the form where none is on file, and keeps a digest, never the form, in its state", async () => {
        const { result } = await captureLog(() => provider.create({ region: REGION, useCaseForm: FORM }));
        assert.strictEqual(result.outs!.submitted, true);
        assert.ok(emulator.useCaseForm(REGION)?.includes(FORM.companyName));
        assert.doesNotMatch(JSON.stringify(result.outs), new RegExp(FORM.companyName));
    });

    it("submits nothing where a form is on file, again when the form changes, and leaves it on delete", async () => {
        emulator.setUseCaseForm(REGION, '{"companyName":"submitted by hand"}');
        const { result } = await captureLog(() => provider.create({ region: REGION, useCaseForm: FORM }));
        assert.strictEqual(result.outs!.submitted, false);
        assert.deepStrictEqual(emulator.requestsFor("PutUseCaseForModelAccess"), []);
        const changed = { ...FORM, companyName: "Example Corp (renamed)" };
        assert.strictEqual((await provider.diff!(result.id, result.outs!, { region: REGION, useCaseForm: changed })).changes, true);
        await captureLog(() => provider.update!(result.id, result.outs!, { region: REGION, useCaseForm: changed }));
        assert.ok(emulator.useCaseForm(REGION)?.includes("renamed"));
        await captureLog(() => provider.delete!(result.id, result.outs!));
        assert.ok(emulator.useCaseForm(REGION) !== undefined, "still on file");
    });
});
