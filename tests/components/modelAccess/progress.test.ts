/** Where ModelAccess's progress lines go: the engine, under the resource, only from the provider process. */
import * as assert from "node:assert";
import { engineAddress, progressLog } from "../../../components/modelAccess/progress";
import { captureLog } from "../../helpers/bedrockTestEnvironment";

describe("ModelAccess progress lines", () => {
    it("find the engine only in Pulumi's dynamic-provider process, as the CLI or a release's shim starts it", () => {
        assert.strictEqual(engineAddress(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:38513"]), "127.0.0.1:38513");
        assert.strictEqual(engineAddress(["node", "./node_modules/@pulumi/pulumi/cmd/dynamic-provider", "127.0.0.1:40001"]), "127.0.0.1:40001");
        assert.strictEqual(engineAddress(["node", "/p/node_modules/mocha/bin/mocha.js", "127.0.0.1:38513"]), undefined);
        assert.strictEqual(engineAddress(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"]), undefined);
    });

    it("go to stdout, in order, outside that process or without a URN", async () => {
        const { lines } = await captureLog(async () => {
            for (const urn of ["urn:pulumi:dev::p::pulumi-nodejs:dynamic/bedrock:ModelAccess::m", undefined]) {
                const log = progressLog(urn);
                log.line("first");
                log.line("second");
                await log.flush();
            }
        });
        assert.deepStrictEqual(lines, ["first", "second", "first", "second"]);
    });
});
