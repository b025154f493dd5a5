/**
 * `npm run models`: the runbook's catalog step against the Bedrock emulator, as a user runs it
 * (a separate process, text and --json), and its errors.
 */
import * as assert from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { CatalogRow } from "../../runner/models";
import { emulatorEnvironment, useBedrockEmulator } from "../helpers/bedrockTestEnvironment";
import { runToEnd } from "../helpers/processes";

const ROOT = path.resolve(__dirname, "..", "..");
const REGION = "ap-southeast-1";
const SONNET_4 = "anthropic.claude-sonnet-4-20250514-v1:0";
const SONNET_46 = "anthropic.claude-sonnet-4-6";

describe("npm run models", function () {
    this.timeout(30_000);
    const emulator = useBedrockEmulator();

    async function models(args: string[], env: Record<string, string> = emulatorEnvironment(emulator)): Promise<{ code: number; stdout: string }> {
        const { code, stdout } = await runToEnd(process.execPath, ["-r", "ts-node/register/transpile-only", "commands/models.ts", ...args], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? "", HOME: mkdtempSync(path.join(tmpdir(), "home-")), ...env },
        });
        return { code, stdout };
    }

    beforeEach(() => {
        emulator.addModel(REGION, SONNET_4, {
            agreement: "AVAILABLE",
            lifecycle: { status: "LEGACY", legacyTime: new Date("2026-04-14T00:00:00Z"), endOfLifeTime: new Date("2026-10-14T00:00:00Z") },
        });
        emulator.addModel(REGION, SONNET_46);
        emulator.addModel(REGION, "amazon.nova-pro-v1:0");
        emulator.addInferenceProfile(REGION, {
            inferenceProfileId: `apac.${SONNET_4}`,
            modelArns: ["ap-northeast-1", "ap-southeast-1"].map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET_4}`),
        });
        emulator.addInferenceProfile(REGION, {
            inferenceProfileId: `global.${SONNET_46}`,
            modelArns: [`arn:aws:bedrock:${REGION}::foundation-model/${SONNET_46}`, `arn:aws:bedrock:::foundation-model/${SONNET_46}`],
        });
    });

    it("lists the provider's models and the profiles usable from the region, current first, with lifecycle and access", async () => {
        const { code, stdout } = await models(["--region", REGION, "--json"]);
        assert.strictEqual(code, 0, stdout);
        const rows = JSON.parse(stdout) as CatalogRow[];
        assert.deepStrictEqual(
            rows.map((r) => [r.inferenceProfileId ?? "(direct)", r.modelId, r.lifecycleStatus, r.access]),
            [
                [`global.${SONNET_46}`, SONNET_46, "ACTIVE", "NOT_AVAILABLE"],
                ["(direct)", SONNET_46, "ACTIVE", "NOT_AVAILABLE"],
                [`apac.${SONNET_4}`, SONNET_4, "LEGACY", "AVAILABLE"],
                ["(direct)", SONNET_4, "LEGACY", "AVAILABLE"],
            ],
            "only anthropic models; the Active one first",
        );
        assert.deepStrictEqual(rows[0].destinationRegions, ["", REGION], "the global route's region-less destination");
        assert.strictEqual(rows[2].endOfLifeTime, "2026-10-14T00:00:00.000Z");
        assert.strictEqual(emulator.requestsFor("ListInferenceProfiles").length, 2, "every page of profiles was read");
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("prints a table for people", async () => {
        const { code, stdout } = await models(["--region", REGION, "--provider", "Anthropic"]);
        assert.strictEqual(code, 0, stdout);
        const lines = stdout.trim().split("\n");
        assert.strictEqual(lines[0], `Data retention in ${REGION}: "inherit" (never configured here: each model's default applies).`);
        assert.strictEqual(lines[1], `anthropic models from ${REGION}, current first:`);
        assert.match(lines[2], /^PROFILE\s+MODEL\s+LIFECYCLE\s+END OF LIFE\s+DESTINATIONS\s+ENDPOINTS\s+ACCESS\s+RETENTION\s+TOKENS\/MIN\s+REQUESTS\/MIN$/);
        assert.match(
            lines[3],
            new RegExp(
                `^global\\.anthropic\\.claude-sonnet-4-6\\s+${SONNET_46.replace(/\./g, "\\.")}\\s+ACTIVE\\s+-\\s+\\(global\\),ap-southeast-1\\s+runtime\\s+NOT_AVAILABLE\\s+any\\s+-\\s+-$`,
            ),
        );
        assert.match(lines[5], /LEGACY since 2026-04-14 \(183 d\)\s+2026-10-14\s+ap-northeast-1,ap-southeast-1\s+runtime\s+AVAILABLE\s+any\s+-\s+-$/);
        assert.match(
            stdout,
            /bedrock-mantle has no endpoint in ap-southeast-1 \(AWS's "Regional availability by endpoints"\); every model here is reached on bedrock-runtime only\./,
        );
        assert.deepStrictEqual(emulator.requestsFor("ListModels"), [], "a Region without bedrock-mantle is not asked");
    });

    it("shows each profile's cross-region quotas in the source region, and how to raise one that is 0", async () => {
        emulator.setServiceQuota(REGION, {
            QuotaName: "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6",
            QuotaCode: "L-G46TOKEN",
            Value: 0,
        });
        emulator.setServiceQuota(REGION, {
            QuotaName: "Global cross-region model inference requests per minute for Anthropic Claude Sonnet 4.6",
            QuotaCode: "L-G46REQST",
            Value: 200,
        });
        emulator.setServiceQuota(REGION, {
            QuotaName: "Cross-Region model inference tokens per minute for Anthropic Claude Sonnet 4 V1",
            QuotaCode: "L-APAC4TOK",
            Value: 400000,
        });
        emulator.setServiceQuota(REGION, {
            QuotaName: "On-demand model inference tokens per minute for Anthropic Claude Sonnet 4 V1",
            QuotaCode: "L-ONDEMAND",
            Value: 7,
        });
        const { code, stdout } = await models(["--region", REGION]);
        assert.strictEqual(code, 0, stdout);
        assert.match(stdout, /^global\.anthropic\.claude-sonnet-4-6\s.*any\s+0 \(!\)\s+200$/m);
        assert.match(stdout, /^apac\.anthropic\.claude-sonnet-4-20250514-v1:0\s.*any\s+400,000\s+-$/m, "the cross-region quota, not the on-demand one");
        assert.match(
            stdout,
            /global\.anthropic\.claude-sonnet-4-6: "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4\.6" is 0, so every call would be throttled\. Request more: aws service-quotas request-service-quota-increase --service-code bedrock --quota-code L-G46TOKEN/,
        );
        const rows = JSON.parse((await models(["--region", REGION, "--json"])).stdout) as CatalogRow[];
        assert.strictEqual(rows.find((r) => r.inferenceProfileId === `apac.${SONNET_4}`)?.quotas?.tokensPerMinute?.code, "L-APAC4TOK");
    });

    it("names, for each environment on a Legacy model, the newest Active model of its family and the migrate command", async () => {
        const project = mkdtempSync(path.join(tmpdir(), "project-"));
        writeFileSync(path.join(project, "Pulumi.yaml"), "name: chat-bedrock\nruntime: nodejs\n");
        writeFileSync(
            path.join(project, "Pulumi.staging.yaml"),
            `config:\n  aws:region: ${REGION}\n  chat-bedrock:inferenceProfiles:\n    - apac.${SONNET_4}\n`,
        );
        writeFileSync(path.join(project, "Pulumi.prod.yaml"), `config:\n  aws:region: ${REGION}\n  chat-bedrock:inferenceProfile: global.${SONNET_46}\n`);
        writeFileSync(path.join(project, "Pulumi.eu.yaml"), `config:\n  aws:region: eu-west-1\n  chat-bedrock:inferenceProfiles:\n    - eu.${SONNET_4}\n`);
        const { code, stdout } = await models(["--region", REGION, "--project", project]);
        assert.strictEqual(code, 0, stdout);
        const section = stdout.slice(stdout.indexOf("Environments on Legacy models"));
        assert.strictEqual(
            section,
            `Environments on Legacy models in ${REGION}, and where to move them:\n` +
                `  staging: apac.${SONNET_4} (Legacy, end of life 2026-10-14) -> global.${SONNET_46}: npm run migrate -- staging --to global.${SONNET_46}\n`,
            "prod is on an Active model; eu is in another region",
        );
    });

    it("lists the catalog with a note when Service Quotas refuses", async () => {
        emulator.injectFault({
            operation: "ListServiceQuotas",
            type: "AccessDeniedException",
            status: 400,
            message: "not authorized to perform servicequotas:ListServiceQuotas",
        });
        const { code, stdout } = await models(["--region", REGION]);
        assert.strictEqual(code, 0, stdout);
        assert.match(stdout, /Quotas: could not read Service Quotas in ap-southeast-1 \(AccessDeniedException: not authorized/);
    });

    it("shows the region's data-retention mode and marks models that run only under another", async () => {
        emulator.setDataRetention(REGION, "none");
        emulator.addModel(REGION, "anthropic.claude-fable-5");
        const { code, stdout } = await models(["--region", REGION]);
        assert.strictEqual(code, 0, stdout);
        assert.match(stdout, /^Data retention in ap-southeast-1: "none" \(zero retention: nothing is kept/);
        assert.match(stdout, /\(direct\)\s+anthropic\.claude-fable-5\s+ACTIVE.*aws_review or provider_data_share only$/m);
        const rows = JSON.parse((await models(["--region", REGION, "--json"])).stdout) as CatalogRow[];
        assert.deepStrictEqual(rows.find((r) => r.modelId === "anthropic.claude-fable-5")?.dataRetention, {
            regionMode: "none",
            allowedModes: ["aws_review", "provider_data_share"],
        });
    });

    it("shows, in us-east-1, the endpoints that serve each model, the modes it runs under and its lifecycle, and what the account cannot use (text and --json)", async () => {
        const EAST = "us-east-1";
        const OPUS_48 = "anthropic.claude-opus-4-8";
        const FABLE = "anthropic.claude-fable-5";
        const MYTHOS = "anthropic.claude-mythos-5";
        emulator.addModel(EAST, SONNET_46);
        emulator.addModel(EAST, OPUS_48);
        emulator.addModel(EAST, FABLE);
        emulator.addModel(EAST, MYTHOS);
        emulator.addModel(EAST, SONNET_4, {
            lifecycle: { status: "LEGACY", legacyTime: new Date("2026-04-14T00:00:00Z"), endOfLifeTime: new Date("2026-05-29T00:00:00Z") },
        });
        for (const model of [SONNET_46, OPUS_48, FABLE]) {
            emulator.addInferenceProfile(EAST, { inferenceProfileId: `global.${model}`, modelArns: [`arn:aws:bedrock:::foundation-model/${model}`] });
        }
        emulator.setDataRetention(EAST, "none");
        const rows = JSON.parse((await models(["--region", EAST, "--json"])).stdout) as CatalogRow[];
        const direct = (model: string) => rows.find((r) => r.modelId === model && r.inferenceProfileId === undefined)!;
        assert.deepStrictEqual(direct(SONNET_46).endpoints, { runtimeProfiles: [`global.${SONNET_46}`], mantle: "not served" });
        assert.deepStrictEqual(direct(OPUS_48).endpoints, { runtimeProfiles: [`global.${OPUS_48}`], mantle: "served" });
        assert.deepStrictEqual(direct(MYTHOS).endpoints, { runtimeProfiles: [], mantle: "unavailable" });
        assert.deepStrictEqual(direct(MYTHOS).dataRetention, { regionMode: "none", allowedModes: ["provider_data_share"] });
        assert.deepStrictEqual(direct(FABLE).cannotUse, [
            `the region's data-retention mode "none" refuses it (it runs under aws_review or provider_data_share)`,
        ]);
        assert.deepStrictEqual(direct(OPUS_48).cannotUse, []);
        assert.deepStrictEqual(direct(SONNET_4).lifecycle, {
            legacyTime: "2026-04-14T00:00:00.000Z",
            endOfLifeTime: "2026-05-29T00:00:00.000Z",
            legacyPeriodDays: 45,
        });
        assert.deepStrictEqual(direct(SONNET_4).cannotUse, ["reached its end of life on 2026-05-29"]);

        const { code, stdout } = await models(["--region", EAST]);
        assert.strictEqual(code, 0, stdout);
        assert.match(
            stdout,
            /^global\.anthropic\.claude-opus-4-8\s+anthropic\.claude-opus-4-8\s+ACTIVE\s+-\s+\(global\)\s+runtime,mantle\s+NOT_AVAILABLE\s+any/m,
        );
        assert.match(
            stdout,
            /^\(direct\)\s+anthropic\.claude-mythos-5\s+ACTIVE\s+-\s+us-east-1\s+mantle\(unavailable\)\s+NOT_AVAILABLE\s+provider_data_share only/m,
        );
        assert.match(stdout, /^\(direct\)\s+anthropic\.claude-sonnet-4-20250514-v1:0\s+LEGACY since 2026-04-14 \(45 d\)\s+2026-05-29\s+us-east-1\s+-\s/m);
        assert.match(
            stdout,
            /What this account cannot use from us-east-1, and why:\n(.*\n)* {2}anthropic\.claude-fable-5: the region's data-retention mode "none" refuses it/,
        );
        assert.deepStrictEqual(
            emulator.requestsFor("ListModels").map((r) => [r.region, r.signatureValid]),
            [
                [EAST, true],
                [EAST, true],
            ],
            "one signed list read per run",
        );
        assert.deepStrictEqual(emulator.mutatingRequests(), []);
    });

    it("refuses a bad region (exit 2) and says when there are no credentials (exit 4)", async () => {
        const bad = await models(["--region", "singapore"]);
        assert.strictEqual(bad.code, 2);
        assert.match(bad.stdout, /"singapore" is not an AWS region name/);
        const { AWS_ENDPOINT_URL_BEDROCK } = emulatorEnvironment(emulator);
        const none = await models(["--region", REGION], { AWS_ENDPOINT_URL_BEDROCK });
        assert.strictEqual(none.code, 4);
        assert.match(none.stdout, /No AWS credentials found/);
        assert.deepStrictEqual(emulator.requests, []);
    });
});
