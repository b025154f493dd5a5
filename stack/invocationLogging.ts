/**
 * The stack's model invocation logging: one InvocationLogging per region the stack enables model
 * access in (the preflight has checked that no other configuration is there already: one per
 * account and region, and declaring ours would replace it without a word).
 */
import * as pulumi from "@pulumi/pulumi";
import { InvocationLogging } from "../components/invocationLogging/invocationLogging";
import { logBucketPrefixFor, logGroupNameFor } from "./environmentNames";
import type { StackSettings } from "./settings";

/** Declares logging in the source region and each extra one (after the preflight); none without invocationLogging. */
export function declareInvocationLogging(settings: StackSettings): InvocationLogging[] {
    const logging = settings.invocationLogging;
    if (logging === undefined) {
        return [];
    }
    const logGroupName = logGroupNameFor(pulumi.getProject(), pulumi.getStack());
    const bucketPrefix = logBucketPrefixFor(pulumi.getProject(), pulumi.getStack());
    return settings.regions.map((region) => new InvocationLogging(`invocation-logging-${region}`, { region, settings: logging, logGroupName, bucketPrefix }));
}
