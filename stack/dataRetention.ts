/**
 * The stack's data retention: with `dataRetention` set, one DataRetention per region the stack
 * uses; without it, nothing is declared and each region's mode as the preflight read it is exported.
 */
import * as pulumi from "@pulumi/pulumi";
import { DataRetention } from "../components/dataRetention/dataRetention";
import type { Preflight } from "./preflight";
import type { StackSettings } from "./settings";

export interface StackDataRetention {
    /** The resources that set the mode (empty when not managed). */
    readonly resources: DataRetention[];
    /** Region -> mode: what the stack sets, or what Bedrock reports when not managed. */
    readonly modes: pulumi.Output<Record<string, string>>;
}

export function declareDataRetention(settings: StackSettings, checked: Preflight): StackDataRetention {
    const mode = settings.dataRetentionMode;
    if (mode === undefined) {
        return { resources: [], modes: pulumi.output({ ...checked.currentRetentionModes }) };
    }
    // The settings have checked the profiles' models against the declared mode.
    const resources = settings.regions.map(
        (region) => new DataRetention(`data-retention-${region}`, { region, mode, awsProfile: settings.awsProfile, ...settings.dataRetentionOptions }),
    );
    return { resources, modes: pulumi.output(Object.fromEntries(settings.regions.map((r) => [r, mode]))) };
}
