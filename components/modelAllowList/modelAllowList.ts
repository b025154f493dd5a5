/**
 * The ModelAllowList component: "enable specific models only" on today's Bedrock, where every
 * serverless model is enabled by default. A Deny guardrail (IAM policy or SCP) that leaves only
 * the stack's models usable.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DataRetentionMode } from "../../bedrock/dataRetention";
import type { ApiKeyPolicy } from "../../bedrock/endpoints";
import type { InferenceProfileRef } from "../../bedrock/inferenceProfiles";
import { type ProductIdTable, knownMarketplaceProductIds } from "../../bedrock/models";
import { childNames } from "../childNames";
import { INVOKE_POLICY_PATH } from "../inferenceProfileAccess/inferenceProfileAccess";
import { type ClaudePlatformPolicy, type GuardrailMode, allowListPolicyText, allowedModelIds } from "./allowListDocument";

export interface ModelAllowListArgs {
    /** "iam" (default): an IAM policy attached to `roleNames`; "scp": an Organizations SCP attached to `targetIds`. */
    readonly mode?: GuardrailMode;
    /**
     * System-defined inference profiles that stay usable, their models too, parsed by the caller
     * (`resolveInferenceProfile`; the stack's settings parse their configuration into this form).
     */
    readonly inferenceProfileIds: readonly Pick<InferenceProfileRef, "inferenceProfileId" | "modelId">[];
    /** Foundation-model IDs allowed besides the profiles' models. */
    readonly extraAllowedModels?: readonly string[];
    /** Existing IAM roles the guardrail policy is attached to (mode "iam"). */
    readonly roleNames?: readonly pulumi.Input<string>[];
    /** Account IDs, OU IDs or the root ID the SCP is attached to (mode "scp"; at least one). */
    readonly targetIds?: readonly pulumi.Input<string>[];
    /** AWS Marketplace product IDs of allowed models the built-in table does not know, by model ID. */
    readonly marketplaceProductIds?: ProductIdTable;
    /** The stack's data-retention mode; with it, setting another mode is denied on both endpoints. */
    readonly dataRetentionMode?: DataRetentionMode;
    /** Several allowed modes (an organization's environments); wins over dataRetentionMode. */
    readonly dataRetentionModes?: readonly DataRetentionMode[];
    /** Which Bedrock API keys may be used: "none" (default; every use denied), "short-term" or "any". */
    readonly apiKeys?: ApiKeyPolicy;
    /**
     * The stack's application inference profiles (usage tracking), by ARN: allowed exactly. Their
     * ARNs are Bedrock's to choose, so the document is known once they exist.
     */
    readonly applicationProfileArns?: readonly pulumi.Input<string>[];
    /**
     * Claude Platform on AWS (aws-external-anthropic): "deny" (default) denies every action; a list
     * of workspace ARNs leaves those usable, for any Claude model (IAM cannot name the model there).
     */
    readonly claudePlatform?: ClaudePlatformPolicy;
}

/**
 * The longest ARN an application profile can have (the longest region name, a 12-character ID as
 * Bedrock makes them), so that the size check runs at preview, before the real ARNs are known.
 */
const LONGEST_APPLICATION_PROFILE_ARN = "arn:aws-us-gov:bedrock:ap-southeast-7:123456789012:application-inference-profile/abcdefghijkl";

/**
 * Child names for role names or target IDs: from the value (childNames), or from the position for
 * a value that is an output of another resource (its text is not known yet).
 */
function namedChildren(parent: string, values: readonly pulumi.Input<string>[]): { name: string; aliases: pulumi.Alias[] }[] {
    const known = childNames(
        parent,
        values.filter((v): v is string => typeof v === "string"),
    );
    let next = 0;
    return values.map((v, i) => (typeof v === "string" ? known[next++] : { name: `${parent}-${i}`, aliases: [] }));
}

export class ModelAllowList extends pulumi.ComponentResource {
    /** The foundation models the guardrail leaves usable. */
    readonly modelAllowList: pulumi.Output<string[]>;
    /** The SCP's ID (mode "scp") or the IAM policy's ARN (mode "iam"). */
    readonly guardrailPolicy: pulumi.Output<string>;
    /** The guardrail document as JSON. */
    readonly document: pulumi.Output<string>;
    /** Whether the guardrail is attached to anything; unattached, it restricts nothing. */
    readonly attached: boolean;

    constructor(name: string, args: ModelAllowListArgs, opts?: pulumi.ComponentResourceOptions) {
        const mode = args.mode ?? "iam";
        const profiles = args.inferenceProfileIds;
        const models = allowedModelIds(
            profiles.map((p) => p.modelId),
            args.extraAllowedModels,
        );
        const targets = args.targetIds ?? [];
        if (mode === "scp" && targets.length === 0) {
            throw new Error(
                'ModelAllowList in mode "scp" needs targetIds: the accounts, OUs or root to attach the SCP to ' +
                    "(bedrock-model-access:modelGuardrail.targetIds).",
            );
        }
        const input = {
            allowedModelIds: models,
            inferenceProfileIds: profiles.map((p) => p.inferenceProfileId),
            marketplaceProductIds: args.marketplaceProductIds,
            dataRetentionMode: args.dataRetentionMode,
            dataRetentionModes: args.dataRetentionModes,
            apiKeys: args.apiKeys,
            claudePlatform: args.claudePlatform,
        };
        const applicationProfiles = args.applicationProfileArns ?? [];
        // Computed before anything is registered, so an over-long list fails the preview with no resource declared.
        const checkedText = allowListPolicyText(
            { ...input, applicationProfileArns: applicationProfiles.map((_, i) => `${LONGEST_APPLICATION_PROFILE_ARN}${i}`) },
            mode,
        );
        const text: pulumi.Output<string> =
            applicationProfiles.length === 0
                ? pulumi.output(checkedText)
                : pulumi.all([...applicationProfiles]).apply((arns) => allowListPolicyText({ ...input, applicationProfileArns: arns }, mode));
        super("bedrock-model-access:index:ModelAllowList", name, {}, opts);

        const description = `Deny every Bedrock model except ${models.join(", ")}`.slice(0, 512);
        if (mode === "scp") {
            const scp = new aws.organizations.Policy(`${name}-scp`, { type: "SERVICE_CONTROL_POLICY", content: text, description }, { parent: this });
            const children = namedChildren(name, targets);
            targets.forEach((targetId, i) => {
                new aws.organizations.PolicyAttachment(children[i].name, { policyId: scp.id, targetId }, { parent: this, aliases: children[i].aliases });
            });
            this.guardrailPolicy = scp.id;
            this.attached = true;
        } else {
            const policy = new aws.iam.Policy(`${name}-guardrail`, { path: INVOKE_POLICY_PATH, description, policy: text }, { parent: this });
            const roles = args.roleNames ?? [];
            const children = namedChildren(name, roles);
            roles.forEach((role, i) => {
                new aws.iam.RolePolicyAttachment(children[i].name, { role, policyArn: policy.arn }, { parent: this, aliases: children[i].aliases });
            });
            this.guardrailPolicy = policy.arn;
            this.attached = roles.length > 0;
            const { unknown } = knownMarketplaceProductIds(models, args.marketplaceProductIds);
            if (unknown.length > 0) {
                pulumi.log.info(
                    `No AWS Marketplace product ID is known for ${unknown.join(", ")}: the guardrail denies these roles every ` +
                        "Marketplace subscription, which they do not need while the stack's model access exists. The deployer " +
                        "needs aws-marketplace:Subscribe for it (npm run deployer-policy -- --product-id <model>=<prod-id>); " +
                        "marketplaceProductIds records the ID.",
                    this,
                );
            }
            if (!this.attached) {
                pulumi.log.warn(
                    "The model allow-list guardrail is attached to no role, so it restricts nothing yet. Attach it with " +
                        'bedrock-model-access:invokeRoleNames or modelGuardrail.roleNames, or use modelGuardrail.mode "scp".',
                    this,
                );
            }
        }
        if (args.claudePlatform !== undefined && args.claudePlatform !== "deny") {
            pulumi.log.warn(
                `modelGuardrail.claudePlatform leaves Claude Platform on AWS usable in ${args.claudePlatform.join(", ")}. IAM cannot ` +
                    "restrict the model there (no aws-external-anthropic condition key names it), so any Claude model can be called " +
                    "in those workspaces, outside the allow list; data there is processed by Anthropic. The policy pack fails this " +
                    "guardrail unless the reviewers list the workspaces in allowedClaudePlatformWorkspaces.",
                this,
            );
        }
        this.modelAllowList = pulumi.output(models);
        this.document = text;
        this.registerOutputs({ modelAllowList: this.modelAllowList, guardrailPolicy: this.guardrailPolicy });
    }
}
