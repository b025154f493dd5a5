/**
 * The stack's trusted-access enrollments (one per program the configuration accepts, as the
 * preflight found it) and, with bedrock-mantle among the endpoints, the environment's Bedrock
 * project: tagged like its application profiles, with its data-retention mode where the stack
 * manages retention.
 */
import * as pulumi from "@pulumi/pulumi";
import { MantleProject } from "../components/mantleProject/mantleProject";
import { ProgramEnrollment } from "../components/programEnrollment/programEnrollment";
import { ENVIRONMENT_TAG } from "../settings/usageTracking";
import type { Preflight } from "./preflight";
import type { StackSettings } from "./settings";

export function declareProgramEnrollments(settings: StackSettings, checked: Preflight): ProgramEnrollment[] {
    return checked.acceptedPrograms.map(
        (program) =>
            new ProgramEnrollment(`trusted-access-${program.programId}`, {
                programId: program.programId,
                programName: program.name,
                region: settings.region,
                awsProfile: settings.awsProfile,
                restoreOnDestroy: settings.revokeOnDestroy,
            }),
    );
}

/** The project's name: the project and the environment, as the budget's (unique in an account that holds several). */
export function mantleProjectName(stack: string): string {
    return `${pulumi.getProject()}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64);
}

export function declareMantleProject(settings: StackSettings): MantleProject | undefined {
    if (!settings.inferenceEndpoints.includes("mantle")) {
        return undefined;
    }
    const stack = pulumi.getStack();
    return new MantleProject("mantle-project", {
        name: mantleProjectName(stack),
        region: settings.region,
        tags: { ...(settings.usageTracking?.tags ?? {}), [ENVIRONMENT_TAG]: stack },
        dataRetentionMode: settings.dataRetentionMode ?? "inherit",
        awsProfile: settings.awsProfile,
    });
}
