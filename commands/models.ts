/**
 * The runbook's catalog step as a command: which models of a provider a region offers, the
 * system-defined inference profiles usable from it, their lifecycle, whether the account
 * already has access, the region's data-retention mode and which models need another one,
 * current models first.
 *
 *   npm run models -- --region ap-southeast-1 [--provider anthropic] [--json] [--aws-profile <name>]
 */
import { parseArgs } from "node:util";
import { DATA_RETENTION_MEANING, DataRetentionMode, isDataRetentionMode, requiredDataRetentionMode } from "../bedrock/dataRetention";
import { isValidRegion } from "../bedrock/models";
import { identityOptions } from "../aws/identity";
import { connectBedrock, explainBedrockError } from "../components/modelAccess/controlPlane";
import { assertAwsCredentials } from "../stack/awsCredentials";

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
    /** The region's data-retention mode, and the mode the model requires when it requires one. */
    readonly dataRetention: { readonly regionMode: string; readonly requiredMode?: DataRetentionMode };
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

export async function catalog(region: string, provider: string, profile?: string): Promise<CatalogRow[]> {
    const sdk = await import("@aws-sdk/client-bedrock");
    const client = new sdk.BedrockClient({ region, ...identityOptions(profile) });
    try {
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
        const rows: CatalogRow[] = [];
        for (const [modelId, summary] of byModel) {
            const lifecycle = summary.modelLifecycle;
            const access = (await bedrock.getAvailability(modelId))?.agreementStatus ?? "unknown";
            const common = {
                modelId,
                lifecycleStatus: lifecycle?.status === "LEGACY" ? ("LEGACY" as const) : ("ACTIVE" as const),
                endOfLifeTime: lifecycle?.endOfLifeTime?.toISOString(),
                access,
                dataRetention: { regionMode, requiredMode: requiredDataRetentionMode(modelId) },
            };
            rows.push({ ...common, destinationRegions: [region] });
            for (const p of profiles.filter((p) => p.models.some((arn) => arn.endsWith(`:foundation-model/${modelId}`)))) {
                const regions = p.models.map((arn) => /^arn:[^:]+:bedrock:([^:]*):/.exec(arn)?.[1] ?? "");
                rows.push({ ...common, inferenceProfileId: p.id, destinationRegions: [...new Set(regions)].sort() });
            }
        }
        return sortCatalog(rows);
    } finally {
        client.destroy();
    }
}

export function formatCatalog(rows: readonly CatalogRow[], region: string, provider: string): string {
    if (rows.length === 0) {
        return `${region} offers no ${provider} model.\n`;
    }
    const table = rows.map((r) => [
        r.inferenceProfileId ?? "(direct)",
        r.modelId,
        r.lifecycleStatus,
        r.endOfLifeTime?.slice(0, 10) ?? "-",
        r.destinationRegions.map((d) => d || "(global)").join(","),
        r.access,
        r.dataRetention.requiredMode === undefined ? "any" : `${r.dataRetention.requiredMode} only`,
    ]);
    const header = ["PROFILE", "MODEL", "LIFECYCLE", "END OF LIFE", "DESTINATIONS", "ACCESS", "RETENTION"];
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    const mode = rows[0].dataRetention.regionMode;
    const meaning = isDataRetentionMode(mode) ? ` (${DATA_RETENTION_MEANING[mode]})` : "";
    return (
        [`Data retention in ${region}: "${mode}"${meaning}.`, `${provider} models from ${region}, current first:`, line(header), ...table.map(line)].join("\n") + "\n"
    );
}

export async function main(argv: readonly string[], print: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
    const usage = "Usage: npm run models -- --region <region> [--provider anthropic] [--json] [--aws-profile <name>]";
    let values: { region?: string; provider?: string; json?: boolean; "aws-profile"?: string };
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            options: { region: { type: "string" }, provider: { type: "string" }, json: { type: "boolean" }, "aws-profile": { type: "string" } },
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
        const rows = await catalog(region, provider, values["aws-profile"]);
        print(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatCatalog(rows, region, provider));
        return 0;
    } catch (err) {
        print(`${explainBedrockError(err, "GetFoundationModel", region, `the ${provider} catalog`).message}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
