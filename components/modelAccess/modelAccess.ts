/**
 * The ModelAccess resource the stack declares; its provider (provider.ts), input checks
 * (inputs.ts) and Bedrock calls (controlPlane.ts) sit beside it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgreementStatus, ModelAvailability } from "../../aws/bedrock";
import type { ModelAccessInputs, OfferType, UseCaseForm } from "./inputs";
import { MODEL_ACCESS_TYPE } from "../../policy/bedrockFacts";
import { providerByReference } from "../dynamicProvider/byReference";
import type { ModelAccessState } from "./provider";

export interface ModelAccessArgs {
    /** One concrete foundation-model ID, e.g. `anthropic.claude-sonnet-4-20250514-v1:0`. No wildcards. */
    readonly modelId: pulumi.Input<string>;
    /** The region to enable the model in. Defaults to the stack's `aws:region`. */
    readonly region?: pulumi.Input<string>;
    /** Which Marketplace offers to choose from: "PUBLIC" (default) or "ALL" (includes private offers). */
    readonly offerType?: pulumi.Input<OfferType>;
    /**
     * Anthropic's use-case form, submitted when the account has none. Personal and company data:
     * it is always stored as a secret.
     */
    readonly useCaseForm?: pulumi.Input<UseCaseForm>;
    /**
     * Delete the model agreement when this resource is deleted. Default false: access is
     * account-wide and other workloads may use it. Not allowed for models whose access AWS cannot
     * remove (Amazon Titan and Nova, Mistral AI, Meta Llama 3 Instruct).
     */
    readonly revokeOnDestroy?: pulumi.Input<boolean>;
    /** How long to wait for access to become AVAILABLE, in seconds (default 900). */
    readonly accessWaitTimeoutSeconds?: pulumi.Input<number>;
    /**
     * The AWS profile (shared config and credentials files) whose identity every call uses. Defaults
     * to the stack's `aws:profile`, the identity @pulumi/aws resources use; without one, the standard chain.
     */
    readonly awsProfile?: pulumi.Input<string>;
}

/**
 * Access to one Amazon Bedrock foundation model in one region, with the whole lifecycle the
 * console runbook does by hand: availability check, Anthropic's use-case form, offer,
 * agreement, and the wait until access is usable. Existing access is adopted, not duplicated.
 */
export class ModelAccess extends pulumi.dynamic.Resource {
    declare readonly modelId: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string>;
    declare readonly offerType: pulumi.Output<OfferType>;
    declare readonly revokeOnDestroy: pulumi.Output<boolean>;
    declare readonly accessWaitTimeoutSeconds: pulumi.Output<number>;
    declare readonly awsProfile: pulumi.Output<string | undefined>;
    /** AVAILABLE once the model can be used. */
    declare readonly agreementStatus: pulumi.Output<AgreementStatus>;
    declare readonly agreementErrorMessage: pulumi.Output<string | undefined>;
    declare readonly authorizationStatus: pulumi.Output<ModelAvailability["authorizationStatus"]>;
    declare readonly entitlementAvailability: pulumi.Output<ModelAvailability["entitlementAvailability"]>;
    declare readonly regionAvailability: pulumi.Output<ModelAvailability["regionAvailability"]>;
    /** The Marketplace offer accepted, when this resource created the agreement. */
    declare readonly offerId: pulumi.Output<string | undefined>;
    /** When access was first seen AVAILABLE (ISO 8601). */
    declare readonly accessAvailableAt: pulumi.Output<string | undefined>;
    /** false when access already existed and was adopted. */
    declare readonly agreementCreated: pulumi.Output<boolean>;
    declare readonly useCaseFormSubmitted: pulumi.Output<boolean>;
    /** ACTIVE or LEGACY in the region, as Bedrock reports it (kept current by refresh). */
    declare readonly lifecycleStatus: pulumi.Output<"ACTIVE" | "LEGACY" | undefined>;
    /** When the model became Legacy in the region (ISO 8601), when reported. */
    declare readonly legacyTime: pulumi.Output<string | undefined>;
    /** The model's end of life in the region (ISO 8601), when reported. */
    declare readonly endOfLifeTime: pulumi.Output<string | undefined>;

    constructor(name: string, args: ModelAccessArgs, opts?: pulumi.CustomResourceOptions) {
        const props: pulumi.Inputs = {
            modelId: args.modelId,
            region: args.region ?? new pulumi.Config("aws").get("region"),
            offerType: args.offerType,
            revokeOnDestroy: args.revokeOnDestroy,
            accessWaitTimeoutSeconds: args.accessWaitTimeoutSeconds,
            awsProfile: args.awsProfile ?? new pulumi.Config("aws").get("profile"),
            // The form is personal data: secret whatever the caller passed.
            useCaseForm: args.useCaseForm === undefined ? undefined : pulumi.secret(args.useCaseForm),
            // Where the provider sends progress lines, so the CLI shows them under this resource.
            // Not desired state: the provider's diff ignores it. A plain promise, not the Output:
            // an input that depends on a component parent waits for all of its children, this one too.
            resourceUrn: new Promise<string>((resolve) => pulumi.createUrn(name, MODEL_ACCESS_TYPE, opts?.parent).apply(resolve)),
            // Output-only properties, declared so the engine exposes them.
            agreementStatus: undefined,
            agreementErrorMessage: undefined,
            authorizationStatus: undefined,
            entitlementAvailability: undefined,
            regionAvailability: undefined,
            offerId: undefined,
            accessAvailableAt: undefined,
            agreementCreated: undefined,
            useCaseFormSubmitted: undefined,
            useCaseFormDigest: undefined,
            lifecycleStatus: undefined,
            legacyTime: undefined,
            endOfLifeTime: undefined,
        };
        super(
            providerByReference<ModelAccessInputs, ModelAccessState>("modelAccess"),
            name,
            props,
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["useCaseFormDigest"] }),
            "bedrock",
            "ModelAccess",
        );
    }
}

/** The type token policies and tools match on (policy/bedrockFacts.ts, shared with the pack). */
export { MODEL_ACCESS_TYPE };
