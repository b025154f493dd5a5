/**
 * The post-deploy check the stack runs with @pulumi/command, with the deployer's credentials:
 * the inference profile is ACTIVE and model access is AVAILABLE in every region that needs it,
 * and with --invoke, one real call per endpoint proves that access really works (Converse
 * through the profile on the runtime; a Messages request on bedrock-mantle).
 *
 *   node -r ts-node/register/transpile-only commands/verifyAccess.ts \
 *     --region ap-southeast-1 --profile apac.anthropic.claude-sonnet-4-20250514-v1:0 \
 *     --model anthropic.claude-sonnet-4-20250514-v1:0 [--access-region <region> ...] [--aws-profile <name>]
 *     [--endpoint runtime|mantle ...] [--invoke] [--invoke-model-id <application profile ARN>] [--mantle-project <project ID>]
 *
 * It also reads the model's cross-region tokens-per-minute quota in the source region and warns
 * when it is 0 (a new account's can be), naming the quota and how to ask for more.
 */
import { parseArgs as parseCommandLine } from "node:util";
import { converseOnce } from "../aws/runtimeInference";
import { EXIT } from "./args";
import { invokeOnMantle } from "../aws/mantleInference";
import { bedrockQuotas, matchQuotas, zeroQuotaWarning } from "../aws/serviceQuotas";
import { parseProfileId } from "../bedrock/models";
import { DEFAULT_INFERENCE_ENDPOINTS, INFERENCE_ENDPOINTS, type InferenceEndpoint, isInferenceEndpoint } from "../bedrock/endpoints";
import { bedrockClient, connectBedrock, explainBedrockError } from "../aws/bedrock";

export interface VerifyRequest {
    readonly region: string;
    /** The profile to check; none for a model served only on bedrock-mantle (checked there only). */
    readonly inferenceProfileId?: string;
    readonly modelId: string;
    /** Regions where model access must be AVAILABLE (the source region and any extra ones). */
    readonly accessRegions: readonly string[];
    /** The stack's aws:profile, so the check runs as the identity that deployed. */
    readonly awsProfile?: string;
    /** Prove access with one real call per endpoint (one request each, a one-token answer). */
    readonly invoke?: boolean;
    /** The endpoints to prove (default: the runtime). */
    readonly endpoints?: readonly InferenceEndpoint[];
    /** What the backend passes as modelId when it is not the profile ID: the environment's application profile ARN (usage tracking). */
    readonly invokeModelId?: string;
    /** The environment's Bedrock project, where the bedrock-mantle proof runs (the backend's calls do); none: the account's default project. */
    readonly mantleProject?: string;
}

/** Attempts of the Converse call: the SDK's standard strategy retries only throttling and 5xx, with backoff (at most about 30 s in all). */
export const INVOKE_MAX_ATTEMPTS = 4;

/** Says why a Converse call through the profile was refused, and what to do, by AWS's error. */
export function explainInvokeError(err: unknown, request: VerifyRequest): string {
    const e = (typeof err === "object" && err !== null ? err : {}) as { name?: string; message?: string };
    const name = e.name ?? "Error";
    const message = e.message ?? String(err);
    const subject = `Converse through ${request.invokeModelId ?? request.inferenceProfileId} from ${request.region}`;
    const aws = `(AWS: ${name}: ${message})`;
    if (/use case details|use case form/i.test(message)) {
        return (
            `${subject} was refused: Anthropic's use-case form is missing or still being processed for this account ${aws}. ` +
            "Set it with `pulumi config set --secret --path useCaseForm.<field> <value>` (see docs/operators.md), or, if it was just " +
            "submitted, wait up to 15 minutes and run pulumi up again."
        );
    }
    if (/aws-marketplace/i.test(message)) {
        return (
            `${subject} was refused: the AWS Marketplace subscription for ${request.modelId} could not be made ${aws}. The ` +
            "identity needs aws-marketplace:Subscribe (scoped by aws-marketplace:ProductId) and aws-marketplace:ViewSubscriptions, " +
            "and the account a valid payment method; print the policy with `npm run --silent deployer-policy`."
        );
    }
    if (name === "AccessDeniedException" && /explicit deny/i.test(message)) {
        return (
            `${subject} was refused by an explicit Deny ${aws}: the model allow-list guardrail (modelGuardrail) or another SCP ` +
            `or IAM Deny blocks it. Check that the guardrail's allowed models include ${request.modelId} and its profiles, and ` +
            "that SCPs allow every destination region."
        );
    }
    if (name === "AccessDeniedException" && /not authorized to perform/i.test(message)) {
        return (
            `${subject} was refused by IAM ${aws}: the deploying identity may not invoke the model through the profile. It needs ` +
            "bedrock:InvokeModel on the profile and on the model in each destination region (the stack's invoke policy grants " +
            "exactly that; attach it to the deployer too, or set verifyInvoke to false)."
        );
    }
    if (name === "ThrottlingException" || name === "ServiceQuotaExceededException" || /too many requests/i.test(message)) {
        return `${subject} was throttled after ${INVOKE_MAX_ATTEMPTS} attempts ${aws}. Run pulumi up again later, or raise the account's Bedrock quota.`;
    }
    if (
        name === "ResourceNotFoundException" ||
        name === "ValidationException" ||
        /don't have access to the model|not available|end of its life|model identifier is invalid/i.test(message)
    ) {
        return (
            `${subject} failed: the model is not available to this account through this profile ${aws}. The model may be past ` +
            "its end of life or Legacy, not offered from this region, or need an AWS sales contact; check the profile ID and the " +
            "model's lifecycle."
        );
    }
    return `${subject} failed ${aws}.`;
}

/** One Converse call through the profile; returns the line to print, or throws the explanation. */
async function invokeThroughProfile(request: VerifyRequest): Promise<string> {
    const modelId = request.invokeModelId ?? request.inferenceProfileId ?? request.modelId;
    try {
        const outputTokens = await converseOnce({ region: request.region, modelId, awsProfile: request.awsProfile, maxAttempts: INVOKE_MAX_ATTEMPTS });
        const through = request.invokeModelId === undefined ? "" : ` (the application profile copying ${request.inferenceProfileId})`;
        return `Invoked ${modelId}${through} with Converse from ${request.region}: access works (${outputTokens} output token).`;
    } catch (err) {
        throw new Error(explainInvokeError(err, request));
    }
}

/**
 * The quota preflight: a warning line when the model's cross-region tokens-per-minute quota is 0
 * in the source region. A quota that cannot be read is said, not failed: Service Quotas is not
 * needed to deploy, only to see this in advance.
 */
async function quotaLines(request: VerifyRequest, inferenceProfileId: string): Promise<string[]> {
    const { client, sdk } = await bedrockClient(request.region, request.awsProfile);
    try {
        const details = (await client.send(new sdk.GetFoundationModelCommand({ modelIdentifier: request.modelId }))).modelDetails;
        const isGlobal = parseProfileId(inferenceProfileId)?.geography === "global";
        const quotas = matchQuotas(await bedrockQuotas(request.region, request.awsProfile), details?.modelName ?? request.modelId, isGlobal);
        const warning = zeroQuotaWarning(quotas, inferenceProfileId, request.region);
        if (warning !== undefined) {
            return [warning];
        }
        return quotas.tokensPerMinute === undefined
            ? []
            : [`Quota "${quotas.tokensPerMinute.name}" in ${request.region}: ${quotas.tokensPerMinute.value.toLocaleString("en-US")} tokens per minute.`];
    } catch (err) {
        return [
            `Note: could not read the account's Bedrock quotas in ${request.region} (${(err as Error).name}: ${(err as Error).message}); check them in Service Quotas.`,
        ];
    }
}

/** Returns the lines to print; throws with every problem found. */
export async function verifyAccess(request: VerifyRequest): Promise<string[]> {
    const { client, sdk } = await bedrockClient(request.region, request.awsProfile);
    const problems: string[] = [];
    const lines: string[] = [];

    if (request.inferenceProfileId !== undefined) {
        // A model served only on bedrock-mantle has no profile to check.
        const id = request.inferenceProfileId;
        try {
            const profile = await client.send(new sdk.GetInferenceProfileCommand({ inferenceProfileIdentifier: id }));
            if (profile.status !== "ACTIVE") {
                problems.push(`Inference profile ${id} in ${request.region} is ${profile.status ?? "without status"}, not ACTIVE.`);
            } else {
                lines.push(`Inference profile ${id} is ACTIVE in ${request.region} (${profile.models?.length ?? 0} destination regions).`);
            }
        } catch (err) {
            const name = (err as { name?: string }).name;
            problems.push(
                name === "ResourceNotFoundException"
                    ? `Inference profile ${id} does not exist in ${request.region}.`
                    : `Could not read inference profile ${id} in ${request.region}: ${(err as Error).message}`,
            );
        }
    }

    for (const region of request.accessRegions) {
        try {
            const bedrock = await connectBedrock(region, request.awsProfile);
            const availability = await bedrock.getAvailability(request.modelId);
            const status = availability?.agreementStatus ?? "unknown to Bedrock";
            if (status === "AVAILABLE") {
                lines.push(`Access to ${request.modelId} is AVAILABLE in ${region}.`);
            } else {
                problems.push(`Access to ${request.modelId} in ${region} is ${status}, not AVAILABLE.`);
            }
        } catch (err) {
            problems.push(explainBedrockError(err, "GetFoundationModelAvailability", region, request.modelId).message);
        }
    }
    if (problems.length === 0 && request.inferenceProfileId !== undefined) {
        // The cross-Region quotas are the profile's; bedrock-mantle's own are not in Service Quotas' bedrock list.
        lines.push(...(await quotaLines(request, request.inferenceProfileId)));
    }
    if (problems.length === 0 && request.invoke) {
        // Availability can say AVAILABLE while invocation is still refused; one real call per endpoint proves it.
        const endpoints = request.endpoints ?? DEFAULT_INFERENCE_ENDPOINTS;
        const proofs = endpoints.map((endpoint) =>
            endpoint === "runtime"
                ? () => invokeThroughProfile(request)
                : () =>
                      invokeOnMantle({
                          region: request.region,
                          modelId: request.modelId,
                          awsProfile: request.awsProfile,
                          maxAttempts: INVOKE_MAX_ATTEMPTS,
                          project: request.mantleProject,
                      }),
        );
        for (const prove of proofs) {
            try {
                lines.push(await prove());
            } catch (err) {
                problems.push((err as Error).message);
            }
        }
    }
    if (problems.length > 0) {
        throw new Error(`Verification failed:\n  - ${problems.join("\n  - ")}`);
    }
    return lines;
}

function parseVerifyArgs(argv: readonly string[]): VerifyRequest {
    const usage =
        "Usage: verifyAccess --region R [--profile ID] --model ID [--access-region R ...] [--aws-profile NAME] [--endpoint runtime|mantle ...] [--invoke] [--invoke-model-id ARN] [--mantle-project ID]";
    let values: {
        region?: string;
        profile?: string;
        model?: string;
        "access-region"?: string[];
        "aws-profile"?: string;
        endpoint?: string[];
        invoke?: boolean;
        "invoke-model-id"?: string;
        "mantle-project"?: string;
    };
    try {
        ({ values } = parseCommandLine({
            args: [...argv],
            strict: true,
            options: {
                region: { type: "string" },
                profile: { type: "string" },
                model: { type: "string" },
                "access-region": { type: "string", multiple: true },
                "aws-profile": { type: "string" },
                endpoint: { type: "string", multiple: true },
                invoke: { type: "boolean" },
                "invoke-model-id": { type: "string" },
                "mantle-project": { type: "string" },
            },
        }));
    } catch (err) {
        throw new Error(`${(err as Error).message}\n${usage}`);
    }
    const { region, profile, model } = values;
    const endpoints = values.endpoint ?? [...DEFAULT_INFERENCE_ENDPOINTS];
    // Without --profile only bedrock-mantle can be proven: a model served only there has no profile.
    if (region === undefined || model === undefined || (profile === undefined && endpoints.join() !== "mantle")) {
        throw new Error(`verifyAccess needs --region, --model and --profile (--profile may be left out only with --endpoint mantle alone).\n${usage}`);
    }
    const unknown = endpoints.filter((e) => !isInferenceEndpoint(e));
    if (unknown.length > 0) {
        throw new Error(`--endpoint ${unknown.join(", ")} is not one of ${INFERENCE_ENDPOINTS.join(", ")}.\n${usage}`);
    }
    return {
        region,
        inferenceProfileId: profile,
        modelId: model,
        accessRegions: [region, ...(values["access-region"] ?? []).filter((r) => r !== region)],
        awsProfile: values["aws-profile"],
        invoke: values.invoke ?? false,
        endpoints: endpoints as InferenceEndpoint[],
        invokeModelId: values["invoke-model-id"],
        mantleProject: values["mantle-project"],
    };
}

/** The verification step's operation: prints what was proved; exit code 1 on any problem (the stack's update fails). */
export async function verifyAccessCommand(
    argv: readonly string[],
    out: (line: string) => void = console.log,
    err: (line: string) => void = console.error,
): Promise<number> {
    try {
        for (const line of await verifyAccess(parseVerifyArgs(argv))) {
            out(line);
        }
        return EXIT.success;
    } catch (e) {
        err((e as Error).message);
        return EXIT.deploymentFailed;
    }
}
