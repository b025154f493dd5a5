/**
 * What bedrock-mantle's live list says about one model in one Region, as a table: served, not
 * served, no endpoint, unreadable, listed unavailable, and a retention mode the list says it refuses.
 */
import * as assert from "node:assert";
import { type MantleRegionRead, mantleServingProblem } from "../../bedrock/mantleServing";
import { parseMantleList } from "../../aws/mantleCatalog";

const KEYS = { endpoints: "p:inferenceEndpoints", dataRetention: "p:dataRetention", mantleOnlyModels: "p:mantleOnlyModels" };
const OPUS = { modelId: "anthropic.claude-opus-4-8", mantleOnly: false };
const MYTHOS = { modelId: "anthropic.claude-mythos-5", mantleOnly: true };
const listed = (...models: { id: string; status?: "available" | "unavailable"; statusReason?: string; allowedModes?: string[] }[]): MantleRegionRead => ({
    kind: "listed",
    models: models.map((m) => ({ status: "available" as const, ...m })),
});

describe("bedrock-mantle serving a model (bedrock/mantleServing.ts)", () => {
    const rows: {
        name: string;
        call: typeof OPUS;
        read: MantleRegionRead;
        elsewhere?: Record<string, MantleRegionRead>;
        mode?: string;
        says: RegExp | undefined;
    }[] = [
        { name: "listed and available", call: OPUS, read: listed({ id: OPUS.modelId }), says: undefined },
        { name: "a Region whose list cannot be read (the caller warns)", call: OPUS, read: { kind: "unreadable", reason: "throttled (429)" }, says: undefined },
        {
            name: "no endpoint in the Region",
            call: OPUS,
            read: { kind: "no-endpoint" },
            elsewhere: { "us-east-1": listed({ id: OPUS.modelId }), "eu-west-1": { kind: "unreadable", reason: "x" } },
            says: /has no endpoint there .*bedrock-mantle serves it in us-east-1 \(eu-west-1 could not be read\)\. Call it on the runtime/,
        },
        {
            name: "not on the Region's list",
            call: OPUS,
            read: listed(),
            says: /its model list there does not have it\); bedrock-mantle serves it in none of its Regions/,
        },
        {
            name: "a model bedrock-mantle lists under another ID (Haiku 4.5 without its date and version)",
            call: { modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", mantleOnly: false },
            read: listed({ id: "anthropic.claude-haiku-4-5" }),
            says: /anthropic\.claude-haiku-4-5-20251001-v1:0 is served on bedrock-mantle in r-1 under another ID, anthropic\.claude-haiku-4-5; this stack grants, publishes and proves one ID on both endpoints/,
        },
        {
            name: "a mantle-only model not on the list: the runtime is no alternative",
            call: MYTHOS,
            read: listed(),
            says: /the runtime is no alternative: run the environment in a Region bedrock-mantle serves it in \(aws:region\), or remove it from p:mantleOnlyModels/,
        },
        {
            name: "a mode the list says the model refuses (the list wins over the project's table)",
            call: OPUS,
            read: listed({ id: OPUS.modelId, allowedModes: ["aws_review"] }),
            mode: "none",
            says: /runs on bedrock-mantle in r-1 only under the data-retention mode "aws_review" .*is or will be "none"\. Set p:dataRetention to \{"mode": "aws_review"\}/,
        },
        {
            name: "listed unavailable now, but the stack sets a mode it runs under",
            call: MYTHOS,
            read: listed({
                id: MYTHOS.modelId,
                status: "unavailable",
                statusReason: "data retention mode 'default' is not available",
                allowedModes: ["provider_data_share"],
            }),
            mode: "provider_data_share",
            says: undefined,
        },
        {
            name: "listed unavailable for another reason",
            call: OPUS,
            read: listed({ id: OPUS.modelId, status: "unavailable", statusReason: "capacity" }),
            says: /lists anthropic\.claude-opus-4-8 in r-1 as unavailable to this account \("capacity"\)\. Resolve that first\./,
        },
    ];
    for (const row of rows) {
        it(row.name, () => {
            const problem = mantleServingProblem(row.call, "r-1", row.read, row.elsewhere ?? {}, row.mode, KEYS);
            if (row.says === undefined) {
                assert.strictEqual(problem, undefined);
            } else {
                assert.match(problem ?? "", row.says);
            }
        });
    }

    it("reads the wire list once: OpenAI's shape with AWS's status and retention fields, a missing status as available", () => {
        assert.deepStrictEqual(
            parseMantleList({
                object: "list",
                data: [
                    { id: "a.b", object: "model" },
                    { id: "c.d", status: "unavailable", status_reason: "why", data_retention: { mode: "none", allowed_modes: ["aws_review", 3] } },
                    { object: "model" },
                ],
            }),
            [
                { id: "a.b", status: "available" },
                { id: "c.d", status: "unavailable", statusReason: "why", allowedModes: ["aws_review"] },
            ],
        );
        assert.deepStrictEqual(parseMantleList(undefined), []);
    });
});
