/**
 * The IAM policy that lets an application invoke a model only through one system-defined
 * inference profile (AWS user guide: "geographic cross-region inference" and "global
 * cross-region inference"), and on bedrock-mantle only that model. Tighter than AWS CDK's
 * grantInvoke, which allows the model in every region with no bedrock:InferenceProfileArn
 * condition, and than AWS's AmazonBedrockMantleInferenceAccess, which allows every model.
 */
import { type ApiKeyPolicy, DEFAULT_API_KEYS, DEFAULT_INFERENCE_ENDPOINTS, type InferenceEndpoint, mantleProjectArn } from "../../bedrock/endpoints";
import type { PolicyDocument, PolicyStatement } from "../../bedrock/iamDocument";
import { BEARER_TOKEN_ACTIONS, LONG_TERM_TOKEN, MANTLE_MODEL_KEY, SHORT_TERM_TOKEN } from "../../policy/bedrockFacts";

export interface InvokePolicyInput {
    readonly partition: string;
    readonly sourceRegion: string;
    readonly inferenceProfileArn: string;
    readonly modelId: string;
    /** Regions the profile routes to (from GetInferenceProfile's models[].modelArn). */
    readonly destinationRegions: readonly string[];
    readonly isGlobal: boolean;
    /** Also grant bedrock:InvokeModelWithResponseStream (ConverseStream). */
    readonly allowStreaming: boolean;
    /** SSM parameters the application reads its Bedrock settings from (ApplicationConfig); granted exactly. */
    readonly readableParameterArns?: readonly string[];
    /** The endpoints the application calls (default runtime only). */
    readonly endpoints?: readonly InferenceEndpoint[];
    /** Which Bedrock API keys the application may use (default none). */
    readonly apiKeys?: ApiKeyPolicy;
    /** The account, for the bedrock-mantle project ARN (needed with the mantle endpoint). */
    readonly accountId?: string;
    /**
     * The environment's project as bedrock-mantle's IAM names it (MantleProject's mantleArn): the
     * grant is on that project alone; without one, on every project of the account in the region.
     */
    readonly mantleProjectArn?: string;
    /**
     * The environment's application inference profile (a copy of this system profile, usage
     * tracking): invoking through it is granted like the system profile, the models narrowed to it.
     */
    readonly applicationProfileArn?: string;
}

/** The bedrock-mantle actions the application gets: inference and token counting, nothing that manages projects or tunes models. */
export const MANTLE_INVOKE_ACTIONS: readonly string[] = ["bedrock-mantle:CountTokens", "bedrock-mantle:CreateInference"];

/** Inference on bedrock-mantle for exactly this model, in the environment's project (else the source region's projects). */
function mantleStatements(input: Pick<InvokePolicyInput, "accountId" | "partition" | "sourceRegion" | "modelId" | "mantleProjectArn">): PolicyStatement[] {
    if (input.accountId === undefined && input.mantleProjectArn === undefined) {
        throw new Error("invokePolicyDocument: the mantle endpoint needs accountId (its project ARN names the account).");
    }
    return [
        {
            Sid: "InvokeOnMantleOnlyThisModel",
            Effect: "Allow",
            Action: [...MANTLE_INVOKE_ACTIONS],
            Resource: input.mantleProjectArn ?? mantleProjectArn(input.partition, input.sourceRegion, input.accountId!),
            Condition: { StringEquals: { [MANTLE_MODEL_KEY]: input.modelId } },
        },
    ];
}

/**
 * Using a Bedrock API key on the enabled endpoints: short-term keys only, or both kinds. One
 * statement per endpoint, since each names its own token-type key (two keys in one block would
 * both have to match).
 */
function apiKeyStatements(apiKeys: ApiKeyPolicy, endpoints: readonly InferenceEndpoint[]): PolicyStatement[] {
    if (apiKeys === "none") {
        return [];
    }
    const types = apiKeys === "short-term" ? SHORT_TERM_TOKEN : [SHORT_TERM_TOKEN, LONG_TERM_TOKEN];
    return BEARER_TOKEN_ACTIONS.filter(({ action }) => endpoints.includes(action.startsWith("bedrock-mantle:") ? "mantle" : "runtime")).map(
        ({ action, tokenTypeKey }) => ({
            Sid: `${apiKeys === "short-term" ? "UseShortTermApiKeys" : "UseApiKeys"}On${action.startsWith("bedrock-mantle:") ? "Mantle" : "Runtime"}`,
            Effect: "Allow",
            Action: action,
            Resource: "*",
            Condition: { StringEquals: { [tokenTypeKey]: types } },
        }),
    );
}

/** The statement that lets the application read exactly its configuration parameters. */
function readParameters(arns: readonly string[] | undefined): PolicyStatement[] {
    return arns === undefined || arns.length === 0
        ? []
        : [{ Sid: "ReadApplicationConfiguration", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: [...arns] }];
}

export function invokeActions(allowStreaming: boolean): string[] {
    // Converse uses InvokeModel; ConverseStream uses InvokeModelWithResponseStream.
    return allowStreaming ? ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] : ["bedrock:InvokeModel"];
}

function foundationModelArn(partition: string, region: string, modelId: string): string {
    return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

export function invokePolicyDocument(input: InvokePolicyInput): PolicyDocument {
    const endpoints = input.endpoints ?? DEFAULT_INFERENCE_ENDPOINTS;
    const statements = [
        ...(endpoints.includes("runtime") ? runtimeStatements(input) : []),
        ...(endpoints.includes("mantle") ? mantleStatements(input) : []),
        ...apiKeyStatements(input.apiKeys ?? DEFAULT_API_KEYS, endpoints),
        ...readParameters(input.readableParameterArns),
    ];
    return { Version: "2012-10-17", Statement: statements };
}

/** What a model served only on bedrock-mantle needs: no profile, no destination regions. */
export interface MantleOnlyPolicyInput {
    readonly partition: string;
    readonly sourceRegion: string;
    readonly accountId: string;
    readonly modelId: string;
    /** The environment's project (bedrock-mantle's ARN); without one, every project of the account in the region. */
    readonly mantleProjectArn?: string;
    readonly apiKeys?: ApiKeyPolicy;
    readonly readableParameterArns?: readonly string[];
}

/** The invoke policy of a model served only on bedrock-mantle: that model there, API keys as configured, its parameters. */
export function mantleOnlyPolicyDocument(input: MantleOnlyPolicyInput): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            ...mantleStatements(input),
            ...apiKeyStatements(input.apiKeys ?? DEFAULT_API_KEYS, ["mantle"]),
            ...readParameters(input.readableParameterArns),
        ],
    };
}

/**
 * bedrock-runtime: the profile, and the model in each destination region only through it; the same
 * for the application profile, whose calls IAM checks on its own ARN and on the routed models with
 * bedrock:InferenceProfileArn = its ARN (user guide, "Prerequisites for inference profiles").
 */
function runtimeStatements(input: InvokePolicyInput): PolicyStatement[] {
    const readProfile: PolicyStatement = {
        Sid: "ReadInferenceProfile",
        Effect: "Allow",
        Action: "bedrock:GetInferenceProfile",
        Resource: input.applicationProfileArn === undefined ? input.inferenceProfileArn : [input.inferenceProfileArn, input.applicationProfileArn],
    };
    return [
        ...throughProfile(input, input.inferenceProfileArn, ""),
        ...(input.applicationProfileArn === undefined ? [] : throughProfile(input, input.applicationProfileArn, "Application")),
        readProfile,
    ];
}

/** Invoking through one profile ARN: the ARN itself, and the model where it routes only with that ARN in bedrock:InferenceProfileArn. */
function throughProfile(input: InvokePolicyInput, profileArn: string, sidPart: "" | "Application"): PolicyStatement[] {
    const Action = invokeActions(input.allowStreaming);
    const through = { "bedrock:InferenceProfileArn": profileArn };
    if (!input.isGlobal) {
        const regions = [...new Set(input.destinationRegions)].sort();
        return [
            { Sid: `InvokeThrough${sidPart}InferenceProfile`, Effect: "Allow", Action, Resource: profileArn },
            {
                Sid: `InvokeModelOnlyThrough${sidPart}InferenceProfile`,
                Effect: "Allow",
                Action,
                Resource: regions.map((region) => foundationModelArn(input.partition, region, input.modelId)),
                Condition: { StringEquals: through },
            },
        ];
    }
    const inSourceRegion = { "aws:RequestedRegion": input.sourceRegion };
    // A copy of a global profile routes as the global profile does: the source region's model, and the region-less ARN.
    const profileWord = sidPart === "" ? "GlobalProfile" : "ApplicationProfile";
    return [
        {
            Sid: sidPart === "" ? "InvokeThroughGlobalInferenceProfile" : "InvokeThroughApplicationInferenceProfile",
            Effect: "Allow",
            Action,
            Resource: profileArn,
            Condition: { StringEquals: inSourceRegion },
        },
        {
            Sid: sidPart === "" ? "InvokeModelInSourceRegionThroughProfile" : "InvokeModelInSourceRegionThroughApplicationProfile",
            Effect: "Allow",
            Action,
            Resource: foundationModelArn(input.partition, input.sourceRegion, input.modelId),
            Condition: { StringEquals: { ...inSourceRegion, ...through } },
        },
        {
            Sid: `InvokeModelAnywhereThrough${profileWord}`,
            Effect: "Allow",
            Action,
            // Global routing reaches the region-less model ARN, with the requested region "unspecified".
            Resource: foundationModelArn(input.partition, "", input.modelId),
            Condition: { StringEquals: { "aws:RequestedRegion": "unspecified", ...through } },
        },
    ];
}
