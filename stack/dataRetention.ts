/**
 * The stack's data retention: with `dataRetention` set, one DataRetention per region the stack
 * uses; without it, each region's mode is read (one GetAccountDataRetention per region), reported
 * in one line and exported, and a model that cannot run under a region's current mode stops the
 * preview before anything is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { DataRetentionMode, dataRetentionProblem } from "../bedrock/dataRetention";
import type { InferenceProfileRef } from "../bedrock/inferenceProfiles";
import { DataRetention } from "../components/dataRetention/dataRetention";
import { connectBedrock } from "../components/modelAccess/controlPlane";
import { key } from "./keys";
import { StackConfigError, StackSettings } from "./config";

export interface StackDataRetention {
    /** The resources that set the mode (empty when not managed). */
    readonly resources: DataRetention[];
    /** Region -> mode: what the stack sets, or what Bedrock reports when not managed. */
    readonly modes: pulumi.Output<Record<string, string>>;
}

function regionsOf(settings: StackSettings): string[] {
    return [settings.region, ...settings.extraModelAccessRegions];
}

/** Reads each region's current mode; a region that cannot be read is reported as such. */
async function currentModes(regions: readonly string[], awsProfile: string | undefined): Promise<Record<string, DataRetentionMode | `unknown (${string})`>> {
    const modes: Record<string, DataRetentionMode | `unknown (${string})`> = {};
    for (const region of regions) {
        try {
            modes[region] = (await (await connectBedrock(region, awsProfile)).getDataRetention()).mode;
        } catch (err) {
            modes[region] = `unknown (${(err as Error).message.split(" (")[0]})`;
        }
    }
    return modes;
}

export async function declareDataRetention(settings: StackSettings, profiles: readonly InferenceProfileRef[]): Promise<StackDataRetention> {
    const regions = regionsOf(settings);
    const mode = settings.dataRetentionMode;
    if (mode !== undefined) {
        const resources = regions.map((region) => new DataRetention(`data-retention-${region}`, { region, mode, awsProfile: settings.awsProfile }));
        return { resources, modes: pulumi.output(Object.fromEntries(regions.map((r) => [r, mode]))) };
    }
    const modes = await currentModes(regions, settings.awsProfile);
    const problems = profiles.flatMap((p) =>
        regions.flatMap((region) => {
            const current = modes[region];
            return current.startsWith("unknown") ? [] : [dataRetentionProblem(p.modelId, region, current as DataRetentionMode, key("dataRetention"))];
        }),
    );
    const found = problems.filter((p): p is string => p !== undefined);
    if (found.length > 0) {
        throw new StackConfigError(found);
    }
    pulumi.log.info(
        `Data retention is not managed by this stack (${key("dataRetention")} is not set): ` +
            `${regions.map((r) => `${r} "${modes[r]}"`).join(", ")}. The policy pack's bedrock-data-retention-declared reports it.`,
    );
    return { resources: [], modes: pulumi.output(modes as Record<string, string>) };
}
