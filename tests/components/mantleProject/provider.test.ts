/** MantleProject's provider against the emulator: create or adopt by name and environment tag, drift on refresh, archive on delete. */
import * as assert from "node:assert";
import { type MantleProjectInputs, type MantleProjectState, mantleArnOf, mantleProjectProvider as provider } from "../../../components/mantleProject/provider";
import { captureFailure, captureLog, useBedrockEmulator } from "../../helpers/bedrockTestEnvironment";

const EAST = "us-east-1";
const INPUTS: MantleProjectInputs = { name: "bedrock-model-access-dev", region: EAST, tags: { environment: "dev", team: "chat" }, dataRetentionMode: "none" };

describe("MantleProject provider", () => {
    const emulator = useBedrockEmulator();

    it("creates the project with its tags and mode, and names it as bedrock-mantle's IAM does", async () => {
        const { result, lines } = await captureLog(() => provider.create(INPUTS));
        const [project] = emulator.projectsIn(EAST);
        assert.strictEqual(result.id, project.id);
        assert.deepStrictEqual([project.name, project.mode, project.tags], [INPUTS.name, "none", INPUTS.tags]);
        assert.strictEqual(result.outs!.mantleArn, `arn:aws:bedrock-mantle:${EAST}:123456789012:project/${project.id}`);
        assert.strictEqual(result.outs!.adopted, false);
        assert.match(lines.join("\n"), /Created project bedrock-model-access-dev \(proj_\w+\) in us-east-1, data retention "none"/);
    });

    it("adopts an active project of the same name tagged for the environment, setting its mode and tags", async () => {
        const existing = emulator.addProject(EAST, INPUTS.name, { environment: "dev" }, "default");
        const { result } = await captureLog(() => provider.create(INPUTS));
        assert.strictEqual(result.id, existing);
        assert.strictEqual(result.outs!.adopted, true);
        const [project] = emulator.projectsIn(EAST);
        assert.deepStrictEqual([project.mode, project.tags], ["none", INPUTS.tags]);
        assert.deepStrictEqual(emulator.requestsFor("CreateProject"), []);
    });

    it("refuses a project of the same name tagged for another environment, creating nothing", async () => {
        emulator.addProject(EAST, INPUTS.name, { environment: "prod" });
        const { error } = await captureFailure(() => provider.create(INPUTS));
        assert.match(error.message, /already has an active project named bedrock-model-access-dev \(proj_\w+, environment=prod\), not tagged environment=dev/);
        assert.strictEqual(emulator.projectsIn(EAST).length, 1);
    });

    it("reports drift on refresh (a tag or the mode changed), and a project archived outside Pulumi as gone", async () => {
        const { result } = await captureLog(() => provider.create(INPUTS));
        emulator.addProject(EAST, "unrelated", { environment: "x" });
        const project = emulator.projectsIn(EAST).find((p) => p.id === result.id)!;
        project.tags.team = "someone-else";
        const { result: refreshed, lines } = await captureLog(() => provider.read!(result.id, result.outs!));
        assert.deepStrictEqual(refreshed.props?.observedTags, { environment: "dev", team: "someone-else" });
        assert.match(lines.join("\n"), /changed outside Pulumi \(tags or data-retention mode\)/);
        const diff = await provider.diff!(result.id, refreshed.props as MantleProjectState, INPUTS);
        assert.strictEqual(diff.changes, true, "the next up sets the declared tags again");

        emulator.archiveProject(result.id);
        const { result: gone } = await captureLog(() => provider.read!(result.id, result.outs!));
        assert.strictEqual(gone.id, undefined, "the engine drops it from the state; the next up creates one");
    });

    it("archives on delete (the Projects API has no delete), and deletes an archived one without a call", async () => {
        const { result } = await captureLog(() => provider.create(INPUTS));
        const { lines } = await captureLog(() => provider.delete!(result.id, result.outs!));
        assert.strictEqual(emulator.projectsIn(EAST)[0].status, "archived");
        assert.match(lines.join("\n"), /Archived project bedrock-model-access-dev/);
        await captureLog(() => provider.delete!(result.id, result.outs!));
        assert.strictEqual(emulator.requestsFor("ArchiveProject").length, 1);
    });

    it("refuses inputs without an environment tag, before any call", async () => {
        const checked = await provider.check!({} as MantleProjectInputs, { ...INPUTS, tags: { team: "chat" } });
        assert.match(checked.failures?.[0]?.reason ?? "", /"environment" tag/);
        assert.strictEqual(
            mantleArnOf("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:project/proj_1"),
            "arn:aws-us-gov:bedrock-mantle:us-gov-west-1:123456789012:project/proj_1",
        );
    });
});
