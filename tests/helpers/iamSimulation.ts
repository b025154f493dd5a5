/**
 * Builds the requests the IAM evaluator (@cloud-copilot/iam-simulate) judges in the policy tests:
 * one Bedrock call by the application's role, optionally through an inference profile.
 */
import { type Simulation, runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../bedrock/iamDocument";

export const ACCOUNT = "123456789012";

export interface BedrockRequest {
    readonly action: string;
    readonly resource: string;
    readonly region: string;
    /** The profile the call goes through, if any (sets bedrock:InferenceProfileArn). */
    readonly through?: string;
    /** Further request context keys, such as bedrock:DataRetentionMode. */
    readonly context?: Readonly<Record<string, string>>;
}

/** The call as the evaluator takes it, with the role's identity policies and the account's SCPs. */
export function bedrockSimulation(request: BedrockRequest, identityPolicies: PolicyDocument[], serviceControlPolicies: PolicyDocument[] = []): Simulation {
    const context: Record<string, string> = { "aws:RequestedRegion": request.region, ...request.context };
    if (request.through !== undefined) {
        context["bedrock:InferenceProfileArn"] = request.through;
    }
    return {
        request: {
            principal: `arn:aws:iam::${ACCOUNT}:role/chat-backend`,
            action: request.action,
            resource: { resource: request.resource, accountId: ACCOUNT },
            contextVariables: context,
        },
        identityPolicies: identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
        serviceControlPolicies:
            serviceControlPolicies.length === 0
                ? []
                : [{ orgIdentifier: ACCOUNT, policies: serviceControlPolicies.map((policy, i) => ({ name: `scp-${i}`, policy })) }],
        resourceControlPolicies: [],
    };
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/**
 * The evaluator's decision on one call. Its resource catalog has no region-less foundation-model
 * ARN (global routing reaches one), so its validating entry point refuses that ARN; the same core
 * engine decides it unvalidated. With `unvalidated` (the road catalogue's requests, as the pack
 * judges them), an action its catalog does not know (InvokeModelWithBidirectionalStream), or a
 * context key it would drop, is decided the same way instead.
 */
export async function decide(
    request: BedrockRequest,
    identityPolicies: PolicyDocument[],
    serviceControlPolicies: PolicyDocument[] = [],
    unvalidated = false,
): Promise<Decision> {
    const simulation = bedrockSimulation(request, identityPolicies, serviceControlPolicies);
    if (/^arn:[^:]+:bedrock:::/.test(request.resource)) {
        return runUnsafeSimulation(simulation, {});
    }
    const outcome = await runSimulation(simulation, {});
    // As the pack decides (policy/guardrailEvaluation.ts): also where the validating entry point drops a
    // context key its catalog does not list for the action (aws-marketplace:ProductId on Subscribe).
    if (unvalidated && (outcome.resultType === "error" || (outcome.resultType === "single" && (outcome.result.ignoredContextKeys ?? []).length > 0))) {
        return runUnsafeSimulation(simulation, {});
    }
    if (outcome.resultType === "error") {
        throw new Error(`the evaluator refused the request or a policy: ${JSON.stringify(outcome.errors)}`);
    }
    return outcome.overallResult;
}
