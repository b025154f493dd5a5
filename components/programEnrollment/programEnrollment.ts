/**
 * The ProgramEnrollment resource: the account's enrollment in one trusted-access program (a
 * provider's gate on a model, such as Anthropic's programs for Claude Mythos), enabled because the
 * stack's configuration accepts the program's terms. Its provider (provider.ts) records what it
 * found and puts it back on destroy only when asked.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROGRAM_ENROLLMENT_TYPE } from "../../policy/bedrockFacts";
import { providerByReference } from "../dynamicProvider/byReference";
import type { ProgramEnrollmentInputs, ProgramEnrollmentState } from "./provider";

export { PROGRAM_ENROLLMENT_TYPE };

export interface ProgramEnrollmentArgs {
    /** The program's ID, as ListTrustedAccessPrograms lists it (never hard-coded: the stack reads it live). */
    readonly programId: pulumi.Input<string>;
    /** The program's display name, for progress lines. */
    readonly programName: pulumi.Input<string>;
    /** The region whose control plane is asked. */
    readonly region: pulumi.Input<string>;
    /** The AWS profile of every call. Defaults to the stack's `aws:profile`; without one, the standard chain. */
    readonly awsProfile?: pulumi.Input<string>;
    /** Put the enrollment found back on destroy, where this stack changed it (default false: left enrolled). */
    readonly restoreOnDestroy?: pulumi.Input<boolean>;
}

export class ProgramEnrollment extends pulumi.dynamic.Resource {
    declare readonly programId: pulumi.Output<string>;
    /** The account's enrollment before this resource enabled it. */
    declare readonly previousOptIn: pulumi.Output<string>;
    /** What Bedrock reported at the last up or refresh. */
    declare readonly observedOptIn: pulumi.Output<string | undefined>;

    constructor(name: string, args: ProgramEnrollmentArgs, opts?: pulumi.CustomResourceOptions) {
        const props: pulumi.Inputs = {
            programId: args.programId,
            programName: args.programName,
            region: args.region,
            awsProfile: args.awsProfile ?? new pulumi.Config("aws").get("profile"),
            restoreOnDestroy: args.restoreOnDestroy ?? false,
            resourceUrn: new Promise<string>((resolve) => pulumi.createUrn(name, PROGRAM_ENROLLMENT_TYPE, opts?.parent).apply(resolve)),
            previousOptIn: undefined,
            observedOptIn: undefined,
        };
        super(providerByReference<ProgramEnrollmentInputs, ProgramEnrollmentState>("programEnrollment"), name, props, opts, "bedrock", "ProgramEnrollment");
    }
}
