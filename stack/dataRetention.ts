/**
 * The stack's data retention: with `dataRetention` set, one DataRetention per region the stack
 * uses; without it, each region's mode is read (one GetAccountDataRetention per region), reported
 * in one line and exported, and a model that cannot run under a region's current mode stops the
 * preview before anything is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { dataRetentionProblems } from "../bedrock/dataRetention";
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

/**
 * Reads each region's current mode, all regions at once; a region that cannot be read is reported
 * as such (and skipped by the checks).
 */
async function currentModes(regions: readonly string[], awsProfile: string | undefined): Promise<Record<string, string>> {
    const read = await Promise.all(
        regions.map(async (region) => {
            try {
                return (await (await connectBedrock(region, awsProfile)).getDataRetention()).mode as string;
            } catch (err) {
                return `unknown (${(err as Error).message.split(" (")[0]})`;
            }
        }),
    );
    return Object.fromEntries(regions.map((region, i) => [region, read[i]]));
}

export async function declareDataRetention(settings: StackSettings, profiles: readonly InferenceProfileRef[]): Promise<StackDataRetention> {
    const regions = regionsOf(settings);
    const mode = settings.dataRetentionMode;
    if (mode !== undefined) {
        // readStackSettings has checked the profiles' models against the declared mode.
        const resources = regions.map(
            (region) => new DataRetention(`data-retention-${region}`, { region, mode, awsProfile: settings.awsProfile, ...settings.dataRetentionOptions }),
        );
        return { resources, modes: pulumi.output(Object.fromEntries(regions.map((r) => [r, mode]))) };
    }
    const modes = await currentModes(regions, settings.awsProfile);
    const problems = dataRetentionProblems(
        profiles.map((p) => p.modelId),
        modes,
        key("dataRetention"),
    );
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    pulumi.log.info(
        `Data retention is not managed by this stack (${key("dataRetention")} is not set): ` +
            `${regions.map((r) => `${r} "${modes[r]}"`).join(", ")}. The policy pack's bedrock-data-retention-declared reports it.`,
    );
    return { resources: [], modes: pulumi.output(modes) };
}
