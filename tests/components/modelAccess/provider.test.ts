/**
 * The ModelAccess dynamic provider through the real AWS SDK, over HTTP, against the Bedrock
 * emulator: each test drives the provider the way the engine does (check, then create, read,
 * diff, update or delete) and asserts what a user would see: outputs, errors, log lines and
 * the requests that reached Bedrock.
 */
import * as assert from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { modelAccessProvider, type ModelAccessState, nextPollDelayMs, resourceId } from "../../../components/modelAccess/provider";
import { type ModelAccessInputs, serializeUseCaseForm } from "../../../components/modelAccess/inputs";
import { captureFailure, captureLog, useBedrockEmulator } from "../../helpers/bedrockTestEnvironment";
import { EXAMPLE_FORM as FORM, REGION, SONNET } from "../../helpers/fixtures";

const TITAN = "amazon.titan-text-express-v1";
const FORM_JSON = serializeUseCaseForm(FORM);
const provider = modelAccessProvider;

/** Runs the provider's check, as the engine does before every other call. */
async function checked(raw: Partial<Record<keyof ModelAccessInputs, unknown>>): Promise<ModelAccessInputs> {
    const result = await provider.check!({} as ModelAccessInputs, { region: REGION, ...raw } as unknown as ModelAccessInputs);
    assert.deepStrictEqual(result.failures ?? [], [], "check should accept these inputs");
    return result.inputs!;
}

async function createQuietly(inputs: ModelAccessInputs): Promise<{ id: string; outs: ModelAccessState; lines: string[] }> {
    const { result, lines } = await captureLog(() => provider.create(inputs));
    return { id: result.id, outs: result.outs!, lines };
}

describe("ModelAccess wait schedule", () => {
    it("sees access at most 10% of the wait (and 0.5 s) late, and polls at most every 0.5 s", () => {
        for (const pendingMs of [100, 2_000, 20_000, 60_000, 900_000]) {
            let elapsed = 0;
            let polls = 0;
            while (elapsed < pendingMs) {
                elapsed += nextPollDelayMs(elapsed);
                polls++;
            }
            const late = elapsed - pendingMs;
            assert.ok(late <= Math.max(500, Math.min(10_000, pendingMs * 0.1)), `${pendingMs} ms pending seen ${late} ms late`);
            assert.ok(polls <= pendingMs / 500 + 1, `${polls} polls for ${pendingMs} ms`);
        }
        assert.strictEqual(nextPollDelayMs(0), 500);
        assert.strictEqual(nextPollDelayMs(3_600_000), 10_000, "at most one poll every 10 s on long waits");
    });
});

describe("ModelAccess messages name the settings a user sets", function () {
    this.timeout(30_000);
    const emulator = useBedrockEmulator();
    // The stack's keys (Pulumi.yaml), which are also the names of ModelAccess's inputs.
    const stackKeys = Object.keys(
        (yaml.load(readFileSync(path.join(__dirname, "..", "..", "..", "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> }).config,
    );

    it("says to raise accessWaitTimeoutSeconds on a wait timeout, a key of the stack and an input of the resource", async () => {
        emulator.addModel(REGION, TITAN, { pendingMs: Infinity });
        const { error } = await captureFailure(async () => provider.create(await checked({ modelId: TITAN, accessWaitTimeoutSeconds: 1 })));
        const named = /raise (\w+)/.exec(error.message)?.[1];
        assert.strictEqual(named, "accessWaitTimeoutSeconds", error.message);
        assert.ok(stackKeys.includes(named!), `${named} is a stack key`);
        assert.doesNotMatch(error.message, /\bwaitTimeoutSeconds/);
    });

    it("says to set revokeOnDestroy when it leaves access in place on destroy, a key of the stack and an input of the resource", async () => {
        emulator.addModel(REGION, TITAN);
        const { id, outs } = await createQuietly(await checked({ modelId: TITAN }));
        const { lines } = await captureLog(() => provider.delete!(id, outs));
        const named = lines.map((l) => /Set (\w+) to remove it on destroy/.exec(l)?.[1]).find((n) => n !== undefined);
        assert.strictEqual(named, "revokeOnDestroy", lines.join("\n"));
        assert.ok(stackKeys.includes(named!), `${named} is a stack key`);
    });

    it("revokes on delete from state an earlier version wrote under the old name (revokeOnDelete)", async () => {
        emulator.addModel(REGION, SONNET);
        emulator.setUseCaseForm(REGION, FORM_JSON);
        const { id, outs } = await createQuietly(await checked({ modelId: SONNET, revokeOnDestroy: true }));
        const { revokeOnDestroy: _dropped, ...rest } = outs;
        const legacy = { ...rest, revokeOnDelete: true } as unknown as ModelAccessState;
        await captureLog(() => provider.delete!(id, legacy));
        assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
    });
});

describe("ModelAccess provider against the Bedrock emulator", function () {
    this.timeout(30_000);
    const emulator = useBedrockEmulator();

    describe("create", () => {
        it("accepts the public offer, waits, and reports access AVAILABLE", async () => {
            emulator.addModel(REGION, SONNET, { pendingMs: 200 });
            emulator.setUseCaseForm(REGION, FORM_JSON);
            const { id, outs } = await createQuietly(await checked({ modelId: SONNET }));

            assert.strictEqual(id, `${REGION}/${SONNET}`);
            assert.strictEqual(outs.agreementStatus, "AVAILABLE");
            assert.strictEqual(outs.agreementCreated, true);
            assert.strictEqual(outs.offerId, "offer-public-1");
            assert.ok(outs.accessAvailableAt && !Number.isNaN(Date.parse(outs.accessAvailableAt)));
            assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
            assert.ok(
                emulator.requests.every((r) => r.signatureValid && r.region === REGION),
                "every request is SigV4-signed for the region",
            );
            assert.deepStrictEqual(
                emulator.requests.slice(0, 6).map((r) => r.operation),
                [
                    "GetFoundationModel", // check: a new model's lifecycle, at preview
                    "GetFoundationModel", // create: the lifecycle recorded in the outputs
                    "GetFoundationModelAvailability",
                    "GetUseCaseForModelAccess",
                    "ListFoundationModelAgreementOffers",
                    "CreateFoundationModelAgreement",
                ],
            );
            assert.strictEqual(outs.lifecycleStatus, "ACTIVE");
        });

        it("adopts access that is already AVAILABLE without creating an agreement", async () => {
            emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" });
            const { outs, lines } = await createQuietly(await checked({ modelId: SONNET }));

            assert.strictEqual(outs.agreementStatus, "AVAILABLE");
            assert.strictEqual(outs.agreementCreated, false);
            assert.deepStrictEqual(emulator.mutatingRequests(), [], "nothing created");
            assert.deepStrictEqual(
                emulator.requests.map((r) => r.operation),
                ["GetFoundationModel", "GetFoundationModel", "GetFoundationModelAvailability"],
            );
            assert.ok(lines.some((l) => l.includes("already AVAILABLE; adopting")));
        });

        it("waits for a PENDING agreement and logs its progress", async () => {
            emulator.addModel(REGION, TITAN, { pendingMs: 1500 });
            const started = Date.now();
            const { outs, lines } = await createQuietly(await checked({ modelId: TITAN }));

            assert.ok(Date.now() - started >= 1500, "create returns only once access is usable");
            assert.strictEqual(outs.agreementStatus, "AVAILABLE");
            assert.ok(lines.some((l) => l.startsWith(`Waiting for access to ${TITAN} in ${REGION}`)));
            assert.ok(lines.some((l) => l.includes("is AVAILABLE after")));
            assert.ok(emulator.requestsFor("GetFoundationModelAvailability").length >= 3, "it polled while PENDING");
        });

        it("waits for an agreement someone else left PENDING instead of creating a second one", async () => {
            emulator.addModel(REGION, TITAN, { agreement: "PENDING", pendingMs: 600 });
            const { outs } = await createQuietly(await checked({ modelId: TITAN }));

            assert.strictEqual(outs.agreementStatus, "AVAILABLE");
            assert.strictEqual(emulator.requestsFor("CreateFoundationModelAgreement").length, 0);
        });

        it("fails with AWS's message when the agreement ends in ERROR, and still records the resource", async () => {
            emulator.addModel(REGION, TITAN, { pendingMs: 100, failsWith: "The payment instrument was declined." });
            const { error } = await captureFailure(async () => provider.create(await checked({ modelId: TITAN })));

            assert.match(error.message, /could not grant access to amazon\.titan-text-express-v1 in ap-southeast-1: The payment instrument was declined\./);
            assert.strictEqual(error.id, resourceId(REGION, TITAN));
            assert.strictEqual((error.properties as ModelAccessState).agreementStatus, "ERROR");
        });

        it("records partial state on timeout, and the next update resumes without a second agreement", async () => {
            emulator.addModel(REGION, TITAN, { pendingMs: 2500 });
            const inputs = await checked({ modelId: TITAN, accessWaitTimeoutSeconds: 1 });
            const { error } = await captureFailure(() => provider.create(inputs));

            assert.match(error.message, /still PENDING after 1s/);
            assert.match(error.message, /run pulumi up again to keep waiting \(no second agreement is created\)/);
            const recorded = error.properties as ModelAccessState;
            assert.strictEqual(error.id, resourceId(REGION, TITAN));
            assert.strictEqual(recorded.agreementStatus, "PENDING");
            assert.strictEqual(recorded.agreementCreated, true);

            const diff = await provider.diff!(error.id as string, recorded, { ...inputs, accessWaitTimeoutSeconds: 10 });
            assert.strictEqual(diff.changes, true, "an unfinished agreement shows as a change");
            const { result } = await captureLog(() => provider.update!(error.id as string, recorded, { ...inputs, accessWaitTimeoutSeconds: 10 }));
            assert.strictEqual(result.outs!.agreementStatus, "AVAILABLE");
            assert.strictEqual(emulator.model(REGION, TITAN).agreementsCreated, 1);
        });

        it("retries throttling and server errors with the SDK's retry strategy", async () => {
            emulator.addModel(REGION, TITAN);
            emulator.injectFault({ operation: "GetFoundationModelAvailability", type: "ThrottlingException", status: 429, times: 2 });
            emulator.injectFault({ operation: "CreateFoundationModelAgreement", type: "InternalServerException", status: 500, times: 2 });
            const { outs } = await createQuietly(await checked({ modelId: TITAN }));

            assert.strictEqual(outs.agreementStatus, "AVAILABLE");
            assert.deepStrictEqual(
                emulator.requestsFor("CreateFoundationModelAgreement").map((r) => r.status),
                [500, 500, 202],
            );
            assert.strictEqual(emulator.requestsFor("GetFoundationModelAvailability").filter((r) => r.status === 429).length, 2);
            assert.strictEqual(emulator.model(REGION, TITAN).agreementsCreated, 1);
        });

        it("gives up on endless throttling after a bounded number of attempts", async () => {
            emulator.addModel(REGION, TITAN);
            emulator.injectFault({ operation: "GetFoundationModelAvailability", type: "ThrottlingException", status: 429, times: 100 });
            process.env.AWS_MAX_ATTEMPTS = "3";
            try {
                const { error } = await captureFailure(async () => provider.create(await checked({ modelId: TITAN })));
                assert.match(error.message, /bedrock:GetFoundationModelAvailability .* failed after retries \(ThrottlingException/);
                assert.strictEqual(emulator.requestsFor("GetFoundationModelAvailability").length, 3);
            } finally {
                delete process.env.AWS_MAX_ATTEMPTS;
            }
        });

        it("names the refused IAM action and the deployer policy on AccessDenied, without retrying", async () => {
            emulator.addModel(REGION, TITAN);
            emulator.injectFault({
                operation: "CreateFoundationModelAgreement",
                type: "AccessDeniedException",
                status: 403,
                message: "User is not authorized to perform: bedrock:CreateFoundationModelAgreement",
            });
            const { error } = await captureFailure(async () => provider.create(await checked({ modelId: TITAN })));

            assert.match(error.message, /AWS refused bedrock:CreateFoundationModelAgreement for amazon\.titan-text-express-v1 in ap-southeast-1/);
            assert.match(error.message, /aws-marketplace:Subscribe/);
            assert.match(error.message, /npm run --silent deployer-policy/);
            assert.strictEqual(emulator.requestsFor("CreateFoundationModelAgreement").length, 1);
        });

        it("refuses an Anthropic model when the account has no use-case form and none is configured", async () => {
            emulator.addModel(REGION, SONNET);
            const { error } = await captureFailure(async () => provider.create(await checked({ modelId: SONNET })));

            assert.match(error.message, /Anthropic requires its use-case form/);
            assert.match(error.message, /pulumi config set --secret --path useCaseForm\.companyName/);
            assert.strictEqual(emulator.mutatingRequests().length, 0);
        });

        it("submits the configured use-case form when the account has none", async () => {
            emulator.addModel(REGION, SONNET);
            const { outs } = await createQuietly(await checked({ modelId: SONNET, useCaseForm: FORM }));

            assert.strictEqual(emulator.useCaseForm(REGION), FORM_JSON);
            assert.strictEqual(outs.useCaseFormSubmitted, true);
            assert.strictEqual(outs.agreementStatus, "AVAILABLE");
            const state = JSON.stringify(outs);
            assert.ok(!state.includes(FORM.companyName) && !state.includes(FORM.useCases), "the form never appears in outputs");
        });

        it("leaves a use-case form that is already on the account alone", async () => {
            emulator.addModel(REGION, SONNET);
            emulator.setUseCaseForm(REGION, '{"companyName":"Submitted by the org"}');
            const { outs } = await createQuietly(await checked({ modelId: SONNET, useCaseForm: FORM }));

            assert.strictEqual(emulator.requestsFor("PutUseCaseForModelAccess").length, 0);
            assert.strictEqual(emulator.useCaseForm(REGION), '{"companyName":"Submitted by the org"}');
            assert.strictEqual(outs.useCaseFormSubmitted, false);
        });

        it("does not ask for a use-case form for models of other providers", async () => {
            emulator.addModel(REGION, TITAN);
            await createQuietly(await checked({ modelId: TITAN }));
            assert.strictEqual(emulator.requestsFor("GetUseCaseForModelAccess").length, 0);
        });

        it("says so when the model is not offered in the region", async () => {
            emulator.addModel(REGION, SONNET, { offeredInRegion: false });
            const { error } = await captureFailure(async () => provider.create(await checked({ modelId: SONNET })));

            assert.match(error.message, /anthropic\.claude-sonnet-4-20250514-v1:0 is not offered in ap-southeast-1/);
            assert.strictEqual(emulator.mutatingRequests().length, 0);
        });

        it("says so when Bedrock does not know the model", async () => {
            const { error } = await captureFailure(async () => provider.create(await checked({ modelId: "anthropic.claude-nonexistent-v9:0" })));
            assert.match(error.message, /Bedrock does not know the model anthropic\.claude-nonexistent-v9:0 in ap-southeast-1/);
        });

        it("points to offerType ALL when only a private offer exists, and uses it when asked", async () => {
            const privateOffer = { offerId: "offer-private-7", offerToken: "token-private-7" };
            emulator.addModel(REGION, TITAN, { publicOffers: [], privateOffers: [privateOffer] });
            const { error } = await captureFailure(async () => provider.create(await checked({ modelId: TITAN })));
            assert.match(
                error.message,
                /no PUBLIC offer .* declare ModelAccess with the input offerType "ALL" \(the stack takes public offers; it has no key for this\)/,
            );

            const { outs } = await createQuietly(await checked({ modelId: TITAN, offerType: "ALL" }));
            assert.strictEqual(outs.offerId, "offer-private-7");
        });
    });

    describe("read (refresh)", () => {
        it("makes two reads (availability and lifecycle) and returns the same state while access is in place", async () => {
            emulator.addModel(REGION, TITAN);
            const inputs = await checked({ modelId: TITAN });
            const { id, outs } = await createQuietly(inputs);
            emulator.requests.length = 0;

            const read = await provider.read!(id, outs);
            assert.deepStrictEqual(emulator.requests.map((r) => r.operation).sort(), ["GetFoundationModel", "GetFoundationModelAvailability"]);
            assert.deepStrictEqual(read.props, outs);
            const diff = await provider.diff!(id, read.props!, inputs);
            assert.strictEqual(diff.changes, false, "no spurious diff after a refresh");
        });

        it("drops the resource when access was revoked out of band, so the next up restores it", async () => {
            emulator.addModel(REGION, TITAN);
            const inputs = await checked({ modelId: TITAN });
            const { id, outs } = await createQuietly(inputs);
            emulator.revoke(REGION, TITAN);

            const { result, lines } = await captureLog(() => provider.read!(id, outs));
            assert.strictEqual(result.id, undefined, "no id tells the engine the resource is gone");
            assert.ok(lines.some((l) => l.includes("revoked outside Pulumi")));

            await createQuietly(inputs);
            assert.strictEqual(emulator.model(REGION, TITAN).agreement, "AVAILABLE");
            assert.strictEqual(emulator.model(REGION, TITAN).agreementsCreated, 2);
        });
    });

    describe("diff and update", () => {
        async function created(raw: Partial<Record<keyof ModelAccessInputs, unknown>>) {
            emulator.addModel(REGION, SONNET);
            emulator.setUseCaseForm(REGION, FORM_JSON);
            const inputs = await checked({ modelId: SONNET, ...raw });
            const { id, outs } = await createQuietly(inputs);
            emulator.requests.length = 0;
            return { id, inputs, outs };
        }

        it("replaces on a model or region change", async () => {
            const { id, inputs, outs } = await created({});
            assert.deepStrictEqual((await provider.diff!(id, outs, { ...inputs, modelId: TITAN })).replaces, ["modelId"]);
            assert.deepStrictEqual((await provider.diff!(id, outs, { ...inputs, region: "ap-northeast-1" })).replaces, ["region"]);
        });

        it("updates settings in place without any AWS call", async () => {
            const { id, inputs, outs } = await created({});
            const news = { ...inputs, revokeOnDestroy: true, accessWaitTimeoutSeconds: 60 };
            const diff = await provider.diff!(id, outs, news);
            assert.deepStrictEqual({ changes: diff.changes, replaces: diff.replaces }, { changes: true, replaces: [] });

            const { result } = await captureLog(() => provider.update!(id, outs, news));
            assert.strictEqual(result.outs!.revokeOnDestroy, true);
            assert.strictEqual(result.outs!.accessWaitTimeoutSeconds, 60);
            assert.strictEqual(emulator.requests.length, 0);
        });

        it("submits a changed use-case form on update", async () => {
            const { id, inputs, outs } = await created({ useCaseForm: FORM });
            const changedForm = { ...FORM, useCases: "Customer support summaries." };
            const news = { ...inputs, useCaseForm: changedForm };
            assert.strictEqual((await provider.diff!(id, outs, news)).changes, true);
            assert.strictEqual((await provider.diff!(id, outs, inputs)).changes, false);

            const { result } = await captureLog(() => provider.update!(id, outs, news));
            assert.strictEqual(emulator.useCaseForm(REGION), serializeUseCaseForm(changedForm));
            assert.strictEqual(result.outs!.useCaseFormSubmitted, true);
            assert.notStrictEqual(result.outs!.useCaseFormDigest, outs.useCaseFormDigest);
        });
    });

    describe("delete", () => {
        it("leaves access in place by default and says so", async () => {
            emulator.addModel(REGION, TITAN);
            const { id, outs } = await createQuietly(await checked({ modelId: TITAN }));
            emulator.requests.length = 0;

            const { lines } = await captureLog(() => provider.delete!(id, outs));
            assert.strictEqual(emulator.requests.length, 0);
            assert.strictEqual(emulator.model(REGION, TITAN).agreement, "AVAILABLE");
            assert.ok(lines.some((l) => l.startsWith(`Leaving access to ${TITAN} in ${REGION} in place`)));
        });

        it("deletes the agreement with revokeOnDestroy, and treats a missing agreement as done", async () => {
            emulator.addModel(REGION, SONNET);
            emulator.setUseCaseForm(REGION, FORM_JSON);
            const { id, outs } = await createQuietly(await checked({ modelId: SONNET, revokeOnDestroy: true }));

            const first = await captureLog(() => provider.delete!(id, outs));
            assert.strictEqual(emulator.model(REGION, SONNET).agreement, "NOT_AVAILABLE");
            assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
            const revoked = first.lines.find((l) => l.startsWith(`Revoked access to ${SONNET} in ${REGION}.`));
            assert.ok(revoked, first.lines.join("\n"));
            assert.match(
                revoked,
                /deleting an agreement does not stop later use.*the model allow-list guardrail \(bedrock-model-access:modelGuardrail\) is what blocks use/,
            );

            const second = await captureLog(() => provider.delete!(id, outs));
            assert.ok(second.lines.some((l) => l.includes("No agreement")));
        });

        it("revokes an agreement whose create answer was lost: the retry met it (ConflictException), and it is still this resource's own", async () => {
            emulator.addModel(REGION, SONNET, { pendingMs: 100 });
            emulator.setUseCaseForm(REGION, FORM_JSON);
            emulator.injectFault({ operation: "CreateFoundationModelAgreement", type: "InternalServerException", status: 500, afterServing: true });
            const { id, outs, lines } = await createQuietly(await checked({ modelId: SONNET, revokeOnDestroy: true }));
            assert.strictEqual(emulator.requestsFor("CreateFoundationModelAgreement").length, 2, "the SDK retried the lost answer");
            assert.strictEqual(emulator.model(REGION, SONNET).agreementsCreated, 1);
            assert.strictEqual(outs.agreementCreated, true);
            assert.ok(
                lines.some((l) => /the answer to an earlier attempt was lost/.test(l)),
                lines.join("\n"),
            );

            await captureLog(() => provider.delete!(id, outs));
            assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
            assert.strictEqual(emulator.model(REGION, SONNET).agreement, "NOT_AVAILABLE");
        });

        it("succeeds when the agreement was deleted outside Pulumi and Bedrock answers ValidationException 'No agreement exists to cancel'", async () => {
            emulator.addModel(REGION, SONNET);
            emulator.setUseCaseForm(REGION, FORM_JSON);
            const { id, outs } = await createQuietly(await checked({ modelId: SONNET, revokeOnDestroy: true }));
            emulator.revoke(REGION, SONNET);
            emulator.requests.length = 0;

            const { lines } = await captureLog(() => provider.delete!(id, outs));
            assert.deepStrictEqual(
                emulator.requests.map((r) => [r.operation, r.status]),
                [["DeleteFoundationModelAgreement", 400]],
            );
            assert.ok(
                lines.some((l) => l.startsWith(`No agreement for ${SONNET} in ${REGION} was left to revoke.`)),
                lines.join("\n"),
            );
        });

        it("retries a delete that Bedrock refuses with ConflictException while the agreement settles", async () => {
            emulator.addModel(REGION, SONNET);
            emulator.setUseCaseForm(REGION, FORM_JSON);
            const { id, outs } = await createQuietly(await checked({ modelId: SONNET, revokeOnDestroy: true }));
            emulator.injectFault({ operation: "DeleteFoundationModelAgreement", type: "ConflictException", status: 409, times: 2 });

            await captureLog(() => provider.delete!(id, outs));
            assert.strictEqual(emulator.requestsFor("DeleteFoundationModelAgreement").length, 3);
            assert.strictEqual(emulator.model(REGION, SONNET).agreement, "NOT_AVAILABLE");
        });

        it("records as its own the agreement of its interrupted create when the engine imports it (read with inputs only)", async () => {
            emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" });
            const inputs = await checked({ modelId: SONNET, revokeOnDestroy: true });
            const { result, lines } = await captureLog(() => provider.read!(resourceId(REGION, SONNET), inputs as unknown as ModelAccessState));
            const props = result.props as ModelAccessState;
            assert.strictEqual(props.agreementCreated, true);
            assert.strictEqual(props.agreementStatus, "AVAILABLE");
            assert.ok(
                lines.some((l) => /requested before it was interrupted, as its own/.test(l)),
                lines.join("\n"),
            );

            await captureLog(() => provider.delete!(resourceId(REGION, SONNET), props));
            assert.strictEqual(emulator.model(REGION, SONNET).agreementsDeleted, 1);
        });

        it("drops an interrupted create that left no agreement, so the next up requests it", async () => {
            emulator.addModel(REGION, SONNET);
            const inputs = await checked({ modelId: SONNET });
            const { result } = await captureLog(() => provider.read!(resourceId(REGION, SONNET), inputs as unknown as ModelAccessState));
            assert.deepStrictEqual(result, {});
        });

        it("never revokes access it adopted, even with revokeOnDestroy, and says why", async () => {
            emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" });
            const { id, outs } = await createQuietly(await checked({ modelId: SONNET, revokeOnDestroy: true }));
            assert.strictEqual(outs.agreementCreated, false);
            emulator.requests.length = 0;

            const { lines } = await captureLog(() => provider.delete!(id, outs));
            assert.deepStrictEqual(emulator.requests, [], "no DeleteFoundationModelAgreement");
            assert.strictEqual(emulator.model(REGION, SONNET).agreement, "AVAILABLE");
            assert.ok(lines.some((l) => /Leaving access to .* in place although revokeOnDestroy is set: it existed before this resource adopted it/.test(l)));
        });
    });

    describe("model lifecycle", () => {
        const PAST = new Date("2026-10-14T00:00:00Z");
        const FUTURE = new Date(Date.now() + 90 * 86_400_000);

        it("refuses at check (preview) a model past its end of life in the region, with one read and nothing created", async () => {
            emulator.addModel(REGION, SONNET, { lifecycle: { status: "LEGACY", legacyTime: new Date("2026-04-14T00:00:00Z"), endOfLifeTime: PAST } });
            const result = await provider.check!({} as ModelAccessInputs, { region: REGION, modelId: SONNET } as unknown as ModelAccessInputs);
            assert.strictEqual(result.failures?.length, 1);
            assert.match(
                result.failures![0].reason,
                /reached its end of life in ap-southeast-1 on 2026-10-14.*npm run models -- --region ap-southeast-1 --provider anthropic/,
            );
            assert.deepStrictEqual(
                emulator.requests.map((r) => r.operation),
                ["GetFoundationModel"],
            );
        });

        it("makes no request at check for an unchanged resource", async () => {
            emulator.addModel(REGION, SONNET);
            const inputs = await checked({ modelId: SONNET });
            emulator.requests.length = 0;
            await provider.check!(inputs, inputs);
            assert.deepStrictEqual(emulator.requests, []);
        });

        it("deploys a Legacy model before its end of life, with a warning and the lifecycle in the outputs", async () => {
            emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE", lifecycle: { status: "LEGACY", legacyTime: PAST, endOfLifeTime: FUTURE } });
            const { outs, lines } = await createQuietly(await checked({ modelId: SONNET }));
            assert.strictEqual(outs.lifecycleStatus, "LEGACY");
            assert.strictEqual(outs.legacyTime, PAST.toISOString());
            assert.strictEqual(outs.endOfLifeTime, FUTURE.toISOString());
            assert.ok(
                lines.some((l) =>
                    l.startsWith(`Warning: ${SONNET} is Legacy in ${REGION} since 2026-10-14; its end of life is ${FUTURE.toISOString().slice(0, 10)}`),
                ),
                lines.join("\n"),
            );
        });

        it("says, for a Legacy model launched under the lifecycle policy since 2026-09-07, that it cannot be taken up and may be lost unused", async () => {
            const launched = new Date("2026-09-30T00:00:00Z");
            emulator.addModel(REGION, SONNET, {
                agreement: "AVAILABLE",
                lifecycle: { status: "LEGACY", startOfLifeTime: launched, legacyTime: PAST, endOfLifeTime: FUTURE },
            });
            const { lines } = await createQuietly(await checked({ modelId: SONNET }));
            assert.ok(
                lines.some((l) =>
                    l.includes(
                        "It launched on 2026-09-30, under Bedrock's lifecycle policy since 2026-09-07: an account that has not used it cannot take it up now",
                    ),
                ),
                lines.join("\n"),
            );
        });

        it("picks up a lifecycle change on refresh", async () => {
            emulator.addModel(REGION, SONNET, { agreement: "AVAILABLE" });
            const { id, outs } = await createQuietly(await checked({ modelId: SONNET }));
            emulator.setLifecycle(REGION, SONNET, { status: "LEGACY", legacyTime: PAST, endOfLifeTime: FUTURE });
            const read = await provider.read!(id, outs);
            assert.strictEqual(read.props?.lifecycleStatus, "LEGACY");
            assert.strictEqual(read.props?.endOfLifeTime, FUTURE.toISOString());
        });
    });

    describe("partial state", () => {
        it("keeps the serialized provider in the recorded state after a failed wait, so refresh and destroy can load it", async () => {
            emulator.addModel(REGION, SONNET, { pendingMs: 60_000 });
            emulator.setUseCaseForm(REGION, FORM_JSON);
            const inputs = { ...(await checked({ modelId: SONNET, accessWaitTimeoutSeconds: 1 })), __provider: "exports.handler = ..." };
            const { error: failure } = await captureFailure(() => provider.create(inputs));
            assert.match(failure.message, /still PENDING after 1s/);
            assert.strictEqual(failure.id, `${REGION}/${SONNET}`);
            const properties = failure.properties as Record<string, unknown>;
            assert.strictEqual(properties.__provider, "exports.handler = ...");
            assert.strictEqual(properties.agreementStatus, "PENDING");
        });
    });

    describe("the use-case form", () => {
        it("is submitted once when several resources of one region are created at once", async () => {
            const OPUS = "anthropic.claude-opus-4-20250514-v1:0";
            emulator.addModel(REGION, SONNET, { pendingMs: 100 });
            emulator.addModel(REGION, OPUS, { pendingMs: 100 });
            const [a, b] = await Promise.all([
                createQuietly(await checked({ modelId: SONNET, useCaseForm: FORM })),
                createQuietly(await checked({ modelId: OPUS, useCaseForm: FORM })),
            ]);
            assert.strictEqual(emulator.requestsFor("PutUseCaseForModelAccess").length, 1);
            assert.deepStrictEqual([a.outs.useCaseFormSubmitted, b.outs.useCaseFormSubmitted].sort(), [false, true]);
            assert.strictEqual(a.outs.agreementStatus, "AVAILABLE");
            assert.strictEqual(b.outs.agreementStatus, "AVAILABLE");
        });
    });
});
