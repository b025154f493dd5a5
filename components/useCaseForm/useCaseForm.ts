/**
 * The UseCaseFormSubmission resource: Anthropic's use-case form, once for an organization (the
 * organization stack submits it in the management account; member accounts inherit it), in one
 * region. The form is personal data: it reaches the provider as a secret, and the state keeps a
 * digest only.
 */
import * as pulumi from "@pulumi/pulumi";
import { USE_CASE_FORM_TYPE } from "../../policy/bedrockFacts";
import { providerByReference } from "../dynamicProvider/byReference";
import type { UseCaseForm } from "../modelAccess/inputs";
import type { UseCaseFormInputs, UseCaseFormState } from "./provider";

export interface UseCaseFormSubmissionArgs {
    readonly region: pulumi.Input<string>;
    /** The form (pass it as a secret). */
    readonly useCaseForm: pulumi.Input<UseCaseForm>;
    readonly awsProfile?: pulumi.Input<string>;
}

export class UseCaseFormSubmission extends pulumi.dynamic.Resource {
    /** Whether this resource submitted the form (false: the account had one already). */
    declare readonly submitted: pulumi.Output<boolean>;

    constructor(name: string, args: UseCaseFormSubmissionArgs, opts?: pulumi.CustomResourceOptions) {
        const props: pulumi.Inputs = {
            region: args.region,
            useCaseForm: pulumi.secret(args.useCaseForm),
            awsProfile: args.awsProfile ?? new pulumi.Config("aws").get("profile"),
            resourceUrn: new Promise<string>((resolve) => pulumi.createUrn(name, USE_CASE_FORM_TYPE, opts?.parent).apply(resolve)),
            submitted: undefined,
            formDigest: undefined,
            onFile: undefined,
        };
        super(providerByReference<UseCaseFormInputs, UseCaseFormState>("useCaseForm"), name, props, opts, "bedrock", "UseCaseForm");
    }
}
