/**
 * The runbook's catalog step as a command: which models of a provider a region offers, the
 * system-defined inference profiles usable from it, the endpoints that serve each model there
 * (bedrock-runtime through which profiles; bedrock-mantle from its live list), their lifecycle
 * (Legacy date, end of life, the Legacy period), whether the account already has access, the
 * region's data-retention mode and the modes each model runs under, what the account cannot use
 * and why, the account's cross-region quotas for each profile in the region (Service Quotas),
 * current models first.
 *
 * For each Legacy model an environment of the project uses (Pulumi.<env>.yaml in that region), it
 * names the suggested target and the `npm run migrate` command.
 *
 *   npm run models -- --region ap-southeast-1 [--provider anthropic] [--json] [--aws-profile <name>] [--project <dir>]
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { suggestTarget } from "../bedrock/modelFamilies";
import { environmentsIn } from "./args";
import { readEnvironmentFile, readProjectFile } from "./environmentFile";
import { readEnvironmentSettings } from "../settings/settings";
import { DATA_RETENTION_MEANING, DATA_RETENTION_MODES, allowedDataRetentionModes, isDataRetentionMode } from "../bedrock/dataRetention";
import { isValidRegion } from "../bedrock/models";
import { type InferenceQuota, bedrockQuotas, increaseHint, matchQuotas } from "../aws/serviceQuotas";
import { bedrockClient, connectBedrock, explainBedrockError } from "../aws/bedrock";
import { readMantleRegion } from "../aws/mantleCatalog";
import type { MantleModel, MantleRegionRead } from "../bedrock/mantleServing";
import { assertAwsCredentials } from "../aws/credentials";

export interface CatalogRow {
    /** The system-defined profile usable from the region, or undefined for the model called directly. */
    readonly inferenceProfileId?: string;
    readonly modelId: string;
    readonly lifecycleStatus: "ACTIVE" | "LEGACY";
    readonly endOfLifeTime?: string;
    /** Where the profile routes requests ("" for the region-less global route); the region itself for a direct call. */
    readonly destinationRegions: string[];
    /** The account's agreement status for the model in the region (AVAILABLE: access exists). */
    readonly access: string;
    /** The region's mode, and the modes the model runs under (absent: every mode; bedrock-mantle's live list wins over the project's table). */
    readonly dataRetention: { readonly regionMode: string; readonly allowedModes?: readonly string[] };
    /** The endpoints that serve the model from this region (the same on every row of the model). */
    readonly endpoints: {
        /** bedrock-runtime: the system-defined profiles from this region that route to it. */
        readonly runtimeProfiles: readonly string[];
        /** bedrock-mantle in this region: from its live list, or why that is not known. */
        readonly mantle: "served" | "unavailable" | "not served" | "no endpoint in this region" | `unknown (${string})`;
    };
    /** The lifecycle as ListFoundationModels reports it, and the Legacy period it implies (days from Legacy to end of life). */
    readonly lifecycle: {
        readonly legacyTime?: string;
        readonly publicExtendedAccessTime?: string;
        readonly endOfLifeTime?: string;
        readonly legacyPeriodDays?: number;
    };
    /** Why the account cannot use the model from this region now (empty: nothing stands in the way but access, which the stack requests). */
    readonly cannotUse: readonly string[];
    /**
     * For a profile: the account's cross-region quotas for the model in this (source) region, per
     * minute; undefined where Service Quotas lists none (AWS no longer lists requests per minute).
     */
    readonly quotas?: { readonly tokensPerMinute?: InferenceQuota; readonly requestsPerMinute?: InferenceQuota };
}

/** The catalog and, when Service Quotas could not be read, why. */
export interface Catalog {
    readonly rows: CatalogRow[];
    readonly quotaError?: string;
}

/** Current models first (ACTIVE, then LEGACY by latest end of life), newest model IDs first, profiles before direct calls. */
export function sortCatalog(rows: CatalogRow[]): CatalogRow[] {
    const eol = (r: CatalogRow) => (r.endOfLifeTime === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(r.endOfLifeTime));
    return [...rows].sort(
        (a, b) =>
            (a.lifecycleStatus === b.lifecycleStatus ? 0 : a.lifecycleStatus === "ACTIVE" ? -1 : 1) ||
            eol(b) - eol(a) ||
            b.modelId.localeCompare(a.modelId) ||
            (a.inferenceProfileId === undefined ? 1 : 0) - (b.inferenceProfileId === undefined ? 1 : 0) ||
            (a.inferenceProfileId ?? "").localeCompare(b.inferenceProfileId ?? ""),
    );
}

export async function catalog(region: string, provider: string, profile?: string): Promise<Catalog> {
    const { client, sdk } = await bedrockClient(region, profile);
    const models = (await client.send(new sdk.ListFoundationModelsCommand({ byProvider: provider }))).modelSummaries ?? [];
    const byModel = new Map(models.filter((m) => m.modelId !== undefined).map((m) => [m.modelId!, m]));
    const profiles: { id: string; models: string[] }[] = [];
    for await (const page of sdk.paginateListInferenceProfiles({ client }, { typeEquals: "SYSTEM_DEFINED" })) {
        for (const p of page.inferenceProfileSummaries ?? []) {
            profiles.push({ id: p.inferenceProfileId ?? "", models: (p.models ?? []).map((m) => m.modelArn ?? "") });
        }
    }
    const bedrock = await connectBedrock(region, profile);
    const regionMode = await bedrock.getDataRetention().then(
        (r) => r.mode as string,
        (err: Error) => `unknown (${err.message.split(" (")[0]})`,
    );
    // Not needed to list the catalog: a refusal is said under the table.
    let quotaError: string | undefined;
    const quotas = await bedrockQuotas(region, profile).catch((err: Error) => {
        quotaError = `${err.name}: ${err.message}`;
        return [] as InferenceQuota[];
    });
    const mantle = await readMantleRegion(region, profile);
    const now = Date.now();
    const rows: CatalogRow[] = [];
    for (const [modelId, summary] of byModel) {
        const lifecycle = summary.modelLifecycle;
        const access = (await bedrock.getAvailability(modelId))?.agreementStatus ?? "unknown";
        const routing = profiles.filter((p) => p.models.some((arn) => arn.endsWith(`:foundation-model/${modelId}`)));
        const listed = mantle.kind === "listed" ? mantle.models.find((m) => m.id === modelId) : undefined;
        const allowedModes = listed?.allowedModes !== undefined ? runsUnder(listed.allowedModes) : allowedDataRetentionModes(modelId);
        const iso = (d: Date | undefined) => d?.toISOString();
        const common = {
            modelId,
            lifecycleStatus: lifecycle?.status === "LEGACY" ? ("LEGACY" as const) : ("ACTIVE" as const),
            endOfLifeTime: iso(lifecycle?.endOfLifeTime),
            access,
            dataRetention: { regionMode, allowedModes },
            endpoints: { runtimeProfiles: routing.map((p) => p.id), mantle: mantleCell(mantle, listed) },
            lifecycle: {
                legacyTime: iso(lifecycle?.legacyTime),
                publicExtendedAccessTime: iso(lifecycle?.publicExtendedAccessTime),
                endOfLifeTime: iso(lifecycle?.endOfLifeTime),
                legacyPeriodDays:
                    lifecycle?.legacyTime !== undefined && lifecycle.endOfLifeTime !== undefined
                        ? Math.round((lifecycle.endOfLifeTime.getTime() - lifecycle.legacyTime.getTime()) / 86_400_000)
                        : undefined,
            },
            cannotUse: cannotUse(lifecycle?.endOfLifeTime, now, regionMode, allowedModes, listed),
        };
        rows.push({ ...common, destinationRegions: [region] });
        for (const p of routing) {
            const regions = p.models.map((arn) => /^arn:[^:]+:bedrock:([^:]*):/.exec(arn)?.[1] ?? "");
            const isGlobal = p.id.startsWith("global.");
            rows.push({
                ...common,
                inferenceProfileId: p.id,
                destinationRegions: [...new Set(regions)].sort(),
                quotas: quotaError === undefined ? matchQuotas(quotas, summary.modelName ?? modelId, isGlobal) : undefined,
            });
        }
    }
    return { rows: sortCatalog(rows), quotaError };
}

/**
 * The modes bedrock-mantle's list says a model runs under; undefined when that is every mode. Where
 * the list says, it wins over the project's table.
 */
function runsUnder(live: readonly string[]): readonly string[] | undefined {
    const every = DATA_RETENTION_MODES.filter((m) => m !== "inherit").every((m) => live.includes(m));
    return every ? undefined : live;
}

/** What bedrock-mantle's read says of one model in the region. */
function mantleCell(read: MantleRegionRead, listed: MantleModel | undefined): CatalogRow["endpoints"]["mantle"] {
    if (read.kind === "no-endpoint") {
        return "no endpoint in this region";
    }
    if (read.kind === "unreadable") {
        return `unknown (${read.reason})`;
    }
    return listed === undefined ? "not served" : listed.status === "available" ? "served" : "unavailable";
}

/** Why the account cannot use a model from the region now: past its end of life, a retention mode it refuses, bedrock-mantle's own reason. */
function cannotUse(
    endOfLife: Date | undefined,
    now: number,
    regionMode: string,
    allowedModes: readonly string[] | undefined,
    listed: MantleModel | undefined,
): string[] {
    const reasons: string[] = [];
    if (endOfLife !== undefined && endOfLife.getTime() <= now) {
        reasons.push(`reached its end of life on ${endOfLife.toISOString().slice(0, 10)}`);
    }
    if (allowedModes !== undefined && isDataRetentionMode(regionMode) && regionMode !== "inherit" && !allowedModes.includes(regionMode)) {
        reasons.push(`the region's data-retention mode "${regionMode}" refuses it (it runs under ${allowedModes.join(" or ")})`);
    } else if (allowedModes !== undefined && regionMode === "inherit" && !allowedModes.includes("default")) {
        reasons.push(`the region's data-retention mode is not set, and the model's default refuses it (it runs under ${allowedModes.join(" or ")})`);
    }
    if (listed?.status === "unavailable" && listed.statusReason !== undefined && reasons.length === 0) {
        reasons.push(`bedrock-mantle lists it unavailable: ${listed.statusReason}`);
    }
    return reasons;
}

/** The ENDPOINTS cell: runtime (through profiles) and/or mantle, or why mantle is not known. */
function endpointsCell(endpoints: CatalogRow["endpoints"]): string {
    const served = [
        ...(endpoints.runtimeProfiles.length > 0 ? ["runtime"] : []),
        ...(endpoints.mantle === "served" ? ["mantle"] : endpoints.mantle === "unavailable" ? ["mantle(unavailable)"] : []),
    ];
    const unknown = endpoints.mantle.startsWith("unknown") ? ["mantle?"] : [];
    return [...served, ...unknown].join(",") || "-";
}

/** The LIFECYCLE cell: ACTIVE, or LEGACY with the date it became Legacy and the Legacy period. */
function lifecycleCell(row: CatalogRow): string {
    if (row.lifecycleStatus === "ACTIVE") {
        return "ACTIVE";
    }
    const since = row.lifecycle.legacyTime === undefined ? "" : ` since ${row.lifecycle.legacyTime.slice(0, 10)}`;
    const period = row.lifecycle.legacyPeriodDays === undefined ? "" : ` (${row.lifecycle.legacyPeriodDays} d)`;
    return `LEGACY${since}${period}`;
}

/** A quota cell: the value, "0 (!)" for none at all, "-" where none is listed. */
function quotaCell(quota: InferenceQuota | undefined): string {
    return quota === undefined ? "-" : quota.value === 0 ? "0 (!)" : quota.value.toLocaleString("en-US");
}

export function formatCatalog(catalog: Catalog, region: string, provider: string): string {
    const rows = catalog.rows;
    if (rows.length === 0) {
        return `${region} offers no ${provider} model.\n`;
    }
    const table = rows.map((r) => [
        r.inferenceProfileId ?? "(direct)",
        r.modelId,
        lifecycleCell(r),
        r.endOfLifeTime?.slice(0, 10) ?? "-",
        r.destinationRegions.map((d) => d || "(global)").join(","),
        endpointsCell(r.endpoints),
        r.access,
        r.dataRetention.allowedModes === undefined ? "any" : `${r.dataRetention.allowedModes.join(" or ")} only`,
        r.inferenceProfileId === undefined || r.quotas === undefined ? "" : quotaCell(r.quotas.tokensPerMinute),
        r.inferenceProfileId === undefined || r.quotas === undefined ? "" : quotaCell(r.quotas.requestsPerMinute),
    ]);
    const header = ["PROFILE", "MODEL", "LIFECYCLE", "END OF LIFE", "DESTINATIONS", "ENDPOINTS", "ACCESS", "RETENTION", "TOKENS/MIN", "REQUESTS/MIN"];
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    const mode = rows[0].dataRetention.regionMode;
    const meaning = isDataRetentionMode(mode) ? ` (${DATA_RETENTION_MEANING[mode]})` : "";
    const notes: string[] = [];
    const blocked = new Map(rows.filter((r) => r.cannotUse.length > 0).map((r) => [r.modelId, r.cannotUse]));
    if (blocked.size > 0) {
        notes.push(`What this account cannot use from ${region}, and why:`);
        for (const [modelId, reasons] of blocked) {
            notes.push(`  ${modelId}: ${reasons.join("; ")}.`);
        }
    }
    const mantle = rows[0].endpoints.mantle;
    if (mantle === "no endpoint in this region") {
        notes.push(
            `bedrock-mantle has no endpoint in ${region} (AWS's "Regional availability by endpoints"); every model here is reached on bedrock-runtime only.`,
        );
    } else if (mantle.startsWith("unknown")) {
        notes.push(`bedrock-mantle's model list in ${region} could not be read: ${mantle.slice("unknown (".length, -1)}.`);
    }
    if (catalog.quotaError !== undefined) {
        notes.push(`Quotas: could not read Service Quotas in ${region} (${catalog.quotaError}); the account needs servicequotas:ListServiceQuotas.`);
    } else {
        notes.push(`Quotas: the account's cross-region quotas for calls from ${region} ("-": none listed; AWS enforces tokens per minute).`);
        for (const r of rows.filter((r) => r.quotas?.tokensPerMinute?.value === 0)) {
            const quota = r.quotas!.tokensPerMinute!;
            notes.push(`  ${r.inferenceProfileId}: "${quota.name}" is 0, so every call would be throttled. Request more: ${increaseHint(quota, region)}.`);
        }
    }
    return `${[`Data retention in ${region}: "${mode}"${meaning}.`, `${provider} models from ${region}, current first:`, line(header), ...table.map(line), ...notes].join("\n")}\n`;
}

/** An environment of the project in the region, and the profiles it lists. */
export interface EnvironmentProfiles {
    readonly environment: string;
    readonly profiles: readonly string[];
}

/** The environments of a project whose source region is `region`, with their profiles (unreadable files are left out). */
export function environmentsInRegion(projectDir: string, region: string): EnvironmentProfiles[] {
    let project: string;
    try {
        project = readProjectFile(projectDir).name;
    } catch {
        return [];
    }
    const found: EnvironmentProfiles[] = [];
    for (const environment of environmentsIn(readdirSync(projectDir))) {
        try {
            const { settings } = readEnvironmentSettings(readEnvironmentFile(projectDir, environment), project, environment);
            // The organization stack (no profiles of its own) is no environment of the region.
            if (settings.region === region && settings.inferenceProfiles.length > 0) {
                found.push({ environment, profiles: settings.inferenceProfiles.map((p) => p.inferenceProfileId) });
            }
        } catch {
            // A file the runner would refuse is its business, not the catalog's.
        }
    }
    return found;
}

/** For each Legacy profile an environment uses: the suggested target and the migrate command. */
export function formatMigrations(rows: readonly CatalogRow[], environments: readonly EnvironmentProfiles[], region: string): string {
    const lines: string[] = [];
    for (const { environment, profiles } of environments) {
        for (const profile of profiles) {
            const row = rows.find((r) => r.inferenceProfileId === profile);
            if (row?.lifecycleStatus !== "LEGACY") {
                continue;
            }
            const eol = row.endOfLifeTime === undefined ? "" : `, end of life ${row.endOfLifeTime.slice(0, 10)}`;
            const target = suggestTarget(rows, profile);
            lines.push(
                target === undefined
                    ? `  ${environment}: ${profile} (Legacy${eol}): ${region} serves no newer Active model of its family; choose another profile above.`
                    : `  ${environment}: ${profile} (Legacy${eol}) -> ${target.inferenceProfileId}: npm run migrate -- ${environment} --to ${target.inferenceProfileId}`,
            );
        }
    }
    return lines.length === 0 ? "" : `Environments on Legacy models in ${region}, and where to move them:\n${lines.join("\n")}\n`;
}

export async function modelsCommand(argv: readonly string[], print: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
    const usage = "Usage: npm run models -- --region <region> [--provider anthropic] [--json] [--aws-profile <name>] [--project <dir>]";
    let values: { region?: string; provider?: string; json?: boolean; "aws-profile"?: string; project?: string };
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            options: {
                region: { type: "string" },
                provider: { type: "string" },
                json: { type: "boolean" },
                "aws-profile": { type: "string" },
                project: { type: "string" },
            },
        }));
    } catch (err) {
        print(`${(err as Error).message}\n${usage}\n`);
        return 2;
    }
    const region = values.region;
    if (region === undefined || !isValidRegion(region)) {
        print(`${region === undefined ? "--region is required" : `"${region}" is not an AWS region name such as ap-southeast-1`}.\n${usage}\n`);
        return 2;
    }
    const provider = (values.provider ?? "anthropic").toLowerCase();
    try {
        await assertAwsCredentials(region, values["aws-profile"]);
    } catch (err) {
        print(`${(err as Error).message}\n`);
        return 4;
    }
    try {
        const found = await catalog(region, provider, values["aws-profile"]);
        const projectDir = path.resolve(values.project ?? path.join(__dirname, ".."));
        print(
            values.json
                ? `${JSON.stringify(found.rows, null, 2)}\n`
                : formatCatalog(found, region, provider) + formatMigrations(found.rows, environmentsInRegion(projectDir, region), region),
        );
        return 0;
    } catch (err) {
        print(`${explainBedrockError(err, "GetFoundationModel", region, `the ${provider} catalog`).message}\n`);
        return 1;
    }
}
