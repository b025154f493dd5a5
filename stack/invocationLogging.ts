/**
 * The stack's model invocation logging: one InvocationLogging per region the stack enables model
 * access in, after checking that no other configuration is there already (one per account and
 * region: declaring ours would replace it without a word).
 */
import * as pulumi from "@pulumi/pulumi";
import { connectBedrock } from "../components/modelAccess/controlPlane";
import { InvocationLogging } from "../components/invocationLogging/invocationLogging";
import { StackConfigError, StackSettings } from "./config";
import { key } from "./keys";
import { isOwnLogBucket, logBucketPrefixFor, logGroupNameFor } from "./environmentNames";

/**
 * Stops before anything is declared when a region already logs elsewhere, unless
 * replaceExisting says to take it over. Destinations the stack itself writes are its own.
 */
async function assertNoOtherLogging(settings: StackSettings, regions: readonly string[], logGroupName: string, bucketPrefix: string): Promise<void> {
    const found = await Promise.all(
        regions.map(async (region) => {
            try {
                const current = await (await connectBedrock(region, settings.awsProfile)).getInvocationLogging();
                const ours = current === undefined || current.logGroupName === logGroupName || isOwnLogBucket(current.bucketName ?? "", bucketPrefix);
                return ours ? undefined : { region, ...current };
            } catch {
                // Not readable now (permissions): the deployer policy has the read; the up itself reports a refusal.
                return undefined;
            }
        }),
    );
    const others = found.filter((f): f is NonNullable<typeof f> => f !== undefined);
    if (others.length > 0 && !settings.invocationLogging?.replaceExisting) {
        throw new StackConfigError(
            others.map(
                (o) =>
                    `${o.region} already has model invocation logging (${[o.logGroupName && `log group ${o.logGroupName}`, o.bucketName && `bucket ${o.bucketName}`].filter(Boolean).join(", ")}), ` +
                        `which ${key("invocationLogging")} would replace: there is one configuration per account and region. Keep it and ` +
                        `remove invocationLogging from this stack, or let this stack replace it with \`pulumi config set --path --type bool ` +
                        `invocationLogging.replaceExisting true\` (whoever manages the other one should then stop).`,
            ),
        );
    }
}

/** The regions the stack logs: the source region and each extra one. */
function loggedRegions(settings: StackSettings): string[] {
    return [settings.region, ...settings.extraModelAccessRegions];
}

/**
 * Before anything is declared: stops over another configuration in a region the stack would log
 * (reads only), or warns that nothing is logged when invocationLogging is not set.
 */
export async function checkInvocationLogging(settings: StackSettings): Promise<void> {
    if (settings.invocationLogging === undefined) {
        pulumi.log.warn(
            `${key("invocationLogging")} is not set: Bedrock does not log this environment's model invocations (AWS's AI/ML security ` +
                "assessment, check BR-04). The policy pack's bedrock-invocation-logging fails this stack.",
        );
        return;
    }
    await assertNoOtherLogging(settings, loggedRegions(settings), logGroupNameFor(pulumi.getProject(), pulumi.getStack()), logBucketPrefixFor(pulumi.getProject(), pulumi.getStack()));
}

/** Declares logging in the source region and each extra one (after checkInvocationLogging); none without invocationLogging. */
export function declareInvocationLogging(settings: StackSettings): InvocationLogging[] {
    const logging = settings.invocationLogging;
    if (logging === undefined) {
        return [];
    }
    const logGroupName = logGroupNameFor(pulumi.getProject(), pulumi.getStack());
    const bucketPrefix = logBucketPrefixFor(pulumi.getProject(), pulumi.getStack());
    return loggedRegions(settings).map(
        (region) => new InvocationLogging(`invocation-logging-${region}`, { region, settings: logging, logGroupName, bucketPrefix }),
    );
}
