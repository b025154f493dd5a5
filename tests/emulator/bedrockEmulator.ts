/**
 * An emulator of the Amazon Bedrock control plane for tests: the real REST-JSON wire protocol
 * of the operations this project calls, served on 127.0.0.1, with per-(region, model) state,
 * scriptable offers and pending time, injected faults, a request log, and SigV4 verification
 * (each request is re-signed with the emulator's credentials and compared). Three listeners, as
 * AWS has three endpoints: the control plane, the runtime (HTTP/2) and bedrock-mantle.
 */
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";

export type AgreementStatus = "AVAILABLE" | "PENDING" | "NOT_AVAILABLE" | "ERROR";

export interface EmulatedOffer {
    readonly offerId: string;
    readonly offerToken: string;
}

/** How a model behaves in one region. */
export interface ModelSetup {
    /** Agreement status before any request (default NOT_AVAILABLE). */
    readonly agreement?: AgreementStatus;
    readonly agreementErrorMessage?: string;
    /** Time from CreateFoundationModelAgreement to AVAILABLE (default 0; Infinity holds it until finishPending). */
    readonly pendingMs?: number;
    /** When set, the agreement ends in ERROR with this message instead of AVAILABLE. */
    readonly failsWith?: string;
    /** Offers for offerType PUBLIC (default one public offer). */
    readonly publicOffers?: EmulatedOffer[];
    /** Offers listed only for offerType ALL. */
    readonly privateOffers?: EmulatedOffer[];
    /** false: the model exists but is not offered in this region. */
    readonly offeredInRegion?: boolean;
    /** The model's lifecycle in this region (default ACTIVE with no dates). */
    readonly lifecycle?: EmulatedLifecycle;
    /**
     * Whether bedrock-mantle serves the model in this region; default: what the model's card says
     * (MANTLE_SERVED below) where bedrock-mantle has an endpoint.
     */
    readonly servedOnMantle?: boolean;
    /** The model's display name (ListFoundationModels' modelName); default from MODEL_NAMES, else the ID. */
    readonly modelName?: string;
}

/**
 * Display names as ListFoundationModels returns them (modelName; the Bedrock console's model
 * catalog shows the same), for the models the tests use. Service Quotas names its per-model quotas
 * after them ("... tokens per minute for Anthropic Claude Sonnet 4 V1").
 */
const MODEL_NAMES: Readonly<Record<string, string>> = {
    "anthropic.claude-sonnet-4-20250514-v1:0": "Claude Sonnet 4",
    "anthropic.claude-sonnet-4-5-20250929-v1:0": "Claude Sonnet 4.5",
    "anthropic.claude-sonnet-4-6": "Claude Sonnet 4.6",
    "anthropic.claude-3-haiku-20240307-v1:0": "Claude 3 Haiku",
    "anthropic.claude-3-5-sonnet-20240620-v1:0": "Claude 3.5 Sonnet",
};

/**
 * A trusted-access program as the emulated account sees it. What the provider decided (approval)
 * and what the account stored (optIn) make the status ListTrustedAccessPrograms reports, as the API
 * reference's TrustedAccessProgramSummary describes: requestable (not approved), eligible
 * (approved, not opted in), enabled, disabled (opted out), revoked.
 */
export interface EmulatedProgram {
    readonly programId: string;
    readonly name: string;
    readonly description: string;
    readonly providerName: string;
    readonly detailsUrl: string;
    readonly enrollmentUrl?: string;
    readonly approval: "requestable" | "approved" | "revoked";
    readonly statusReason?: string;
    /** The models it gates: hidden from the account until it is enabled (the models' IDs). */
    readonly gates: readonly string[];
}

/** A project (API reference, CreateProject/GetProject): one per ID, tags kept beside it (ListTagsForResource). */
interface EmulatedProject {
    readonly id: string;
    readonly region: string;
    name: string;
    status: "active" | "archived";
    createdAt: Date;
    archivedAt?: Date;
    mode: EmulatedRetentionMode;
    tags: Record<string, string>;
}

/** One quota as Service Quotas' ListServiceQuotas returns it (API reference, ServiceQuota). */
export interface EmulatedQuota {
    readonly QuotaName: string;
    readonly QuotaCode: string;
    readonly Value: number;
    readonly Adjustable?: boolean;
}

/** GetFoundationModel's modelDetails.modelLifecycle, with dates as Date. */
export interface EmulatedLifecycle {
    readonly status: "ACTIVE" | "LEGACY";
    /** The launch date (the SDK's FoundationModelLifecycle.startOfLifeTime). */
    readonly startOfLifeTime?: Date;
    readonly legacyTime?: Date;
    readonly publicExtendedAccessTime?: Date;
    readonly endOfLifeTime?: Date;
}

export interface EmulatedInferenceProfile {
    readonly inferenceProfileId: string;
    readonly inferenceProfileName?: string;
    readonly status?: "ACTIVE";
    readonly type?: "SYSTEM_DEFINED" | "APPLICATION";
    /** Foundation-model ARNs, one per destination region. */
    readonly modelArns: string[];
}

export interface LoggedRequest {
    readonly operation: string;
    readonly method: string;
    readonly path: string;
    readonly region: string;
    readonly modelId?: string;
    readonly status: number;
    readonly signatureValid: boolean;
    readonly at: number;
    /** bedrock-mantle: the Messages API version the request asked for (its anthropic-version header, else the body's anthropic_version). */
    readonly apiVersion?: string;
    /** bedrock-mantle: the project the request ran in (its anthropic-workspace header). */
    readonly workspace?: string;
}

export interface InjectedFault {
    /** Operation name such as CreateFoundationModelAgreement, or "*" for any. */
    readonly operation: string;
    /** AWS error type, e.g. AccessDeniedException, ThrottlingException, InternalServerException. */
    readonly type: string;
    readonly status: number;
    readonly message?: string;
    /** How many matching requests fail (default 1). */
    readonly times?: number;
    /**
     * The request is carried out and only its answer is replaced by the error: an answer lost on
     * the way back (a 500 after the agreement was made), which the client then retries.
     */
    readonly afterServing?: boolean;
}

interface ModelState {
    setup: ModelSetup;
    lifecycle?: EmulatedLifecycle;
    agreement: AgreementStatus;
    errorMessage?: string;
    pendingUntil?: number;
    /** When the latest agreement became AVAILABLE (emulator clock, ms). */
    availableSince?: number;
    agreementsCreated: number;
    agreementsDeleted: number;
}

/** Operations that change state: a no-change preview must send none of them. */
export const MUTATING_OPERATIONS = new Set([
    "CreateFoundationModelAgreement",
    "DeleteFoundationModelAgreement",
    "PutUseCaseForModelAccess",
    "PutAccountDataRetention",
    "PutTrustedAccessProgramAccountEnrollment",
    "CreateProject",
    "UpdateProject",
    "ArchiveProject",
    "TagResource",
]);

/**
 * The data-retention modes Bedrock reports, and the ones PutAccountDataRetention accepts: the
 * service model of @aws-sdk/client-bedrock 3.1178.0 (`DataRetentionMode`: aws_review, default,
 * inherit, none, provider_data_share; the request's `mode` takes that enum).
 */
export type EmulatedRetentionMode = "none" | "default" | "provider_data_share" | "aws_review" | "inherit";
const PUT_RETENTION_MODES = ["aws_review", "default", "inherit", "none", "provider_data_share"];

/**
 * Models that run only under some modes, by ID prefix: Claude Fable 5, 5.1 and 5.2 under
 * aws_review or provider_data_share, Claude Mythos 5 under provider_data_share (the Bedrock user
 * guide's "Data retention" and "Amazon Bedrock abuse detection", and the model cards), and how the
 * runtime refuses them otherwise (the error users report: a 400 naming the mode).
 */
const RETENTION_ONLY: readonly { readonly prefix: string; readonly modes: readonly string[] }[] = [
    { prefix: "anthropic.claude-fable-5", modes: ["aws_review", "provider_data_share"] },
    { prefix: "anthropic.claude-mythos-5", modes: ["provider_data_share"] },
];

/**
 * The Regions where bedrock-mantle has an endpoint (the Bedrock user guide's "Regional availability
 * by endpoints", read 2026-12-07, plus ap-southeast-4, which model cards name).
 */
const MANTLE_ENDPOINT_REGIONS = new Set([
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "us-gov-west-1",
    "sa-east-1",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "eu-west-1",
    "eu-west-2",
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
]);

/**
 * The models whose cards list bedrock-mantle among their endpoints, by bedrock-mantle's model ID,
 * and in which Regions ("*": wherever bedrock-mantle has an endpoint). The cards of Claude Sonnet
 * 4.5, Sonnet 4.6 and Opus 4.6 list bedrock-runtime only (no Messages API on bedrock-mantle); Sonnet
 * 5.5, Haiku 5.5 and Fable 5.1 list bedrock-mantle in us-gov-west-1 only; Mythos 5 and Mythos
 * Preview are served on bedrock-mantle only (no inference profile). Models not listed here: not served.
 */
const MANTLE_SERVED: Readonly<Record<string, "*" | readonly string[]>> = {
    "anthropic.claude-opus-4-7": "*",
    "anthropic.claude-opus-4-8": "*",
    "anthropic.claude-opus-5": "*",
    "anthropic.claude-opus-5-5": "*",
    "anthropic.claude-sonnet-5": "*",
    "anthropic.claude-haiku-4-5": "*",
    "anthropic.claude-fable-5": "*",
    "anthropic.claude-mythos-5": "*",
    "anthropic.claude-mythos-preview": "*",
    "anthropic.claude-sonnet-5-5": ["us-gov-west-1"],
    "anthropic.claude-haiku-5-5": ["us-gov-west-1"],
    "anthropic.claude-fable-5-1": ["us-gov-west-1"],
};

/** Whether bedrock-mantle serves a model in a region: the test's word, else the card's. */
function servedOnMantle(region: string, modelId: string, setup: ModelSetup): boolean {
    if (!MANTLE_ENDPOINT_REGIONS.has(region)) {
        return false;
    }
    const card = MANTLE_SERVED[modelId];
    return setup.servedOnMantle ?? (card === "*" || card?.includes(region) === true);
}

/** Whether a model refuses to run under a region's mode. */
function refusedUnder(model: string, mode: string): boolean {
    const rule = RETENTION_ONLY.find((r) => model.includes(r.prefix));
    return rule !== undefined && !rule.modes.includes(mode);
}

/**
 * How Bedrock's runtime refuses a Converse call, with AWS's own wording (as users report it), for
 * the verification step's tests: inject one with injectFault({ operation: "Converse", ...fault }).
 */
export const RUNTIME_FAILURES = {
    useCaseFormMissing: {
        type: "ResourceNotFoundException",
        status: 404,
        message:
            "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model. If you have already filled out the form, try again in 15 minutes.",
    },
    marketplaceSubscriptionFailed: {
        type: "AccessDeniedException",
        status: 403,
        message:
            "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.",
    },
    deniedByIam: {
        type: "AccessDeniedException",
        status: 403,
        message:
            "User: arn:aws:sts::123456789012:assumed-role/deployer/ci is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:ap-southeast-1:123456789012:inference-profile/apac.anthropic.claude-sonnet-4-20250514-v1:0 because no identity-based policy allows the bedrock:InvokeModel action",
    },
    deniedByGuardrail: {
        type: "AccessDeniedException",
        status: 403,
        message:
            "User: arn:aws:sts::123456789012:assumed-role/deployer/ci is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0 with an explicit deny in a service control policy",
    },
    throttled: { type: "ThrottlingException", status: 429, message: "Too many requests, please wait before trying again." },
    notAvailable: {
        type: "AccessDeniedException",
        status: 403,
        message: "You don't have access to the model with the specified model ID.",
    },
} as const;

/**
 * How bedrock-mantle refuses a Messages call. It answers in Anthropic's error shape
 * (`{"type":"error","error":{"type":...,"message":...}}`); the IAM wording is the one users
 * report from AWS (public code quoting a live 403: "permission_error", "User: ... is not
 * authorized to perform: bedrock-mantle:CreateInference on resource: ...:project/default"), the
 * unknown-model one Anthropic's Messages API's ("not_found_error", "model: <id>"). Inject one with
 * injectFault({ operation: "CreateInference", ...fault }).
 */
export const MANTLE_FAILURES = {
    deniedByIam: {
        type: "permission_error",
        status: 403,
        message:
            "User: arn:aws:sts::123456789012:assumed-role/deployer/ci is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:ap-southeast-1:123456789012:project/default because no identity-based policy allows the bedrock-mantle:CreateInference action",
    },
    deniedByGuardrail: {
        type: "permission_error",
        status: 403,
        message:
            "User: arn:aws:sts::123456789012:assumed-role/deployer/ci is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:ap-southeast-1:123456789012:project/default with an explicit deny in a service control policy",
    },
    // Anthropic's type for a 429 (its error table); the message is the runtime's, no test relies on it.
    throttled: { type: "rate_limit_error", status: 429, message: "Too many requests, please wait before trying again." },
} as const;

/** Anthropic's error type for an HTTP status (its Messages API's error table), for errors the emulator itself raises on bedrock-mantle. */
const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, string>> = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
};

type Listener = "control" | "runtime" | "mantle";

const DEFAULT_OFFER: EmulatedOffer = { offerId: "offer-public-1", offerToken: "token-public-1" };

/** A small node-crypto implementation of the Checksum interface SignatureV4 needs. */
class NodeSha256 {
    private readonly hash;
    constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
    }
    update(data: string | ArrayBuffer | ArrayBufferView): void {
        this.hash.update(toBytes(data));
    }
    async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
    }
    reset(): void {
        throw new Error("reset is not supported");
    }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
    if (typeof data === "string") {
        return data;
    }
    return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

class AwsError extends Error {
    constructor(
        readonly status: number,
        readonly type: string,
        message: string,
    ) {
        super(message);
    }
}

export class BedrockEmulator {
    /** The credentials the tests give the SDK (account 123456789012); requests signed with anything else are rejected. */
    static readonly credentials = { accessKeyId: "AKIDBEDROCKEMULATOR", secretAccessKey: "bedrock-emulator-secret" };

    /** Credentials of another account (12 digits), for tests of several accounts (an organization's management and members). */
    static accountCredentials(account: string): { accessKeyId: string; secretAccessKey: string } {
        return { accessKeyId: `AKID${account}`, secretAccessKey: `bedrock-emulator-secret-${account}` };
    }

    /** The account whose credentials signed a request (its access key ID), or undefined for unknown keys. */
    static accountOf(accessKeyId: string): string | undefined {
        if (accessKeyId === BedrockEmulator.credentials.accessKeyId) {
            return "123456789012";
        }
        return /^AKID(\d{12})$/.exec(accessKeyId)?.[1];
    }

    /** The organization the emulated accounts belong to: its management account; undefined: none (AWSOrganizationsNotInUseException). */
    organizationManagementAccount: string | undefined = undefined;

    readonly requests: LoggedRequest[] = [];
    /** Converse calls answered (the runtime endpoint). */
    conversations = 0;
    /** Messages calls answered (bedrock-mantle). */
    mantleInferences = 0;
    /** Added to every response, to model network and service latency. */
    latencyMs = 0;
    /** When > 0, every n-th request is answered with ThrottlingException. */
    throttleEvery = 0;

    private server?: http.Server;
    /** The runtime endpoint (Converse): the runtime SDK client speaks HTTP/2, as AWS's endpoint does. */
    private runtimeServer?: http2.Http2Server;
    /** bedrock-mantle: Anthropic's SDK calls it with fetch, over HTTP/1.1. */
    private mantleServer?: http.Server;
    private readonly models = new Map<string, ModelState>();
    private readonly useCaseForms = new Map<string, string>();
    /** The account's data-retention mode per region, and when it was last set. */
    private readonly retention = new Map<string, { mode: EmulatedRetentionMode; updatedAt: Date }>();
    private readonly profiles = new Map<string, EmulatedInferenceProfile>();
    /** The account's model invocation logging per region (GetModelInvocationLoggingConfiguration's loggingConfig). */
    private readonly invocationLogging = new Map<string, Record<string, unknown>>();
    private readonly faults: { fault: InjectedFault; left: number }[] = [];
    private requestCount = 0;
    /** Service Quotas' bedrock quotas per region (ListServiceQuotas, service code bedrock). */
    private readonly quotas = new Map<string, EmulatedQuota[]>();
    /** Trusted-access programs, and the account's stored enrollment in each (inherit where never set). */
    private readonly programs = new Map<string, EmulatedProgram>();
    private readonly enrollments = new Map<string, "inherit" | "enabled" | "disabled">();
    /** Projects by ID (IDs are unique across regions here, as proj_ IDs are). */
    private readonly projects = new Map<string, EmulatedProject>();
    private projectCount = 0;

    async start(): Promise<void> {
        this.server = http.createServer((req, res) => void this.handle(req, res, "control"));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.runtimeServer = http2.createServer((req, res) => void this.handle(req, res, "runtime"));
        await new Promise<void>((resolve) => this.runtimeServer!.listen(0, "127.0.0.1", resolve));
        this.mantleServer = http.createServer((req, res) => void this.handle(req, res, "mantle"));
        await new Promise<void>((resolve) => this.mantleServer!.listen(0, "127.0.0.1", resolve));
    }

    /** bedrock-mantle's Anthropic base URL, for ANTHROPIC_BEDROCK_MANTLE_BASE_URL (the SDK appends /v1/messages). */
    get mantleBaseUrl(): string {
        const address = this.mantleServer?.address() as AddressInfo | undefined;
        if (address === undefined) {
            throw new Error("the emulator is not started");
        }
        return `http://127.0.0.1:${address.port}/anthropic`;
    }

    /** The runtime endpoint, for AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
    get runtimeEndpoint(): string {
        const address = this.runtimeServer?.address() as AddressInfo | undefined;
        if (address === undefined) {
            throw new Error("the emulator is not started");
        }
        return `http://127.0.0.1:${address.port}`;
    }

    get endpoint(): string {
        const address = this.server?.address() as AddressInfo | undefined;
        if (address === undefined) {
            throw new Error("the emulator is not started");
        }
        return `http://127.0.0.1:${address.port}`;
    }

    async stop(): Promise<void> {
        const mantle = this.mantleServer;
        this.mantleServer = undefined;
        if (mantle !== undefined) {
            mantle.closeAllConnections();
            await new Promise<void>((resolve) => mantle.close(() => resolve()));
        }
        const runtime = this.runtimeServer;
        this.runtimeServer = undefined;
        if (runtime !== undefined) {
            await new Promise<void>((resolve) => runtime.close(() => resolve()));
        }
        const server = this.server;
        this.server = undefined;
        if (server !== undefined) {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    }

    /** Forgets all state, setup and requests. */
    reset(): void {
        this.models.clear();
        this.useCaseForms.clear();
        this.retention.clear();
        this.profiles.clear();
        this.invocationLogging.clear();
        this.quotas.clear();
        this.programs.clear();
        this.enrollments.clear();
        this.projects.clear();
        this.projectCount = 0;
        this.faults.length = 0;
        this.requests.length = 0;
        this.requestCount = 0;
        this.conversations = 0;
        this.mantleInferences = 0;
        this.organizationManagementAccount = undefined;
        this.latencyMs = 0;
        this.throttleEvery = 0;
    }

    addModel(region: string, modelId: string, setup: ModelSetup = {}): void {
        const agreement = setup.agreement ?? "NOT_AVAILABLE";
        this.models.set(`${region}/${modelId}`, {
            setup,
            agreement,
            errorMessage: setup.agreementErrorMessage,
            lifecycle: setup.lifecycle,
            // An agreement that starts PENDING finishes after pendingMs, like one just created.
            pendingUntil: agreement === "PENDING" ? Date.now() + (setup.pendingMs ?? 0) : undefined,
            agreementsCreated: 0,
            agreementsDeleted: 0,
        });
    }

    /** The current agreement status and counters of a model. */
    model(region: string, modelId: string): Readonly<ModelState> {
        const state = this.models.get(`${region}/${modelId}`);
        if (state === undefined) {
            throw new Error(`no model ${modelId} in ${region}`);
        }
        this.settle(state);
        return state;
    }

    /** Changes a model's lifecycle in a region, as Bedrock's retirement schedule does. */
    setLifecycle(region: string, modelId: string, lifecycle: EmulatedLifecycle): void {
        this.requireModel(region, modelId).lifecycle = lifecycle;
    }

    /** Removes access out of band, as someone in the console would. */
    revoke(region: string, modelId: string): void {
        const state = this.requireModel(region, modelId);
        state.agreement = "NOT_AVAILABLE";
        state.pendingUntil = undefined;
    }

    /** Ends a PENDING agreement now (for setups with pendingMs: Infinity, held until the test says). */
    finishPending(region: string, modelId: string): void {
        const state = this.requireModel(region, modelId);
        if (state.agreement === "PENDING") {
            state.pendingUntil = Date.now();
        }
    }

    setUseCaseForm(region: string, formJson: string | undefined): void {
        if (formJson === undefined) {
            this.useCaseForms.delete(region);
        } else {
            this.useCaseForms.set(region, formJson);
        }
    }

    useCaseForm(region: string): string | undefined {
        return this.useCaseForms.get(region);
    }

    /** Sets a region's data-retention mode as someone outside Pulumi would. */
    setDataRetention(region: string, mode: EmulatedRetentionMode): void {
        this.retention.set(region, { mode, updatedAt: new Date() });
    }

    /** A region's data-retention mode (`inherit` where never set). */
    dataRetention(region: string): EmulatedRetentionMode {
        return this.retention.get(region)?.mode ?? "inherit";
    }

    /** Sets a region's invocation logging as someone outside Pulumi would (the API's loggingConfig shape). */
    setInvocationLogging(region: string, loggingConfig: Record<string, unknown> | undefined): void {
        if (loggingConfig === undefined) {
            this.invocationLogging.delete(region);
        } else {
            this.invocationLogging.set(region, loggingConfig);
        }
    }

    /** Sets (or adds) one of the account's bedrock quotas in a region, as Service Quotas lists it. */
    setServiceQuota(region: string, quota: EmulatedQuota): void {
        const list = (this.quotas.get(region) ?? []).filter((q) => q.QuotaName !== quota.QuotaName);
        this.quotas.set(region, [...list, quota]);
    }

    /**
     * An application inference profile the account created in a region (CreateInferenceProfile with
     * copyFrom): Converse takes its ARN as modelId (user guide, "Use an inference profile in model
     * invocation": the profile's ARN in the modelId field) and routes as the copied profile does.
     */
    addApplicationProfile(region: string, arn: string, copies: EmulatedInferenceProfile): void {
        this.profiles.set(`${region}/${arn}`, { ...copies, inferenceProfileId: arn.slice(arn.lastIndexOf("/") + 1), type: "APPLICATION" });
    }

    addInferenceProfile(region: string, profile: EmulatedInferenceProfile): void {
        this.profiles.set(`${region}/${profile.inferenceProfileId}`, profile);
    }

    /** A trusted-access program the account can see, with the account's stored enrollment (default inherit). */
    addTrustedAccessProgram(program: EmulatedProgram, optIn: "inherit" | "enabled" | "disabled" = "inherit"): void {
        this.programs.set(program.programId, program);
        this.enrollments.set(program.programId, optIn);
    }

    /** The account's stored enrollment in a program. */
    enrollment(programId: string): "inherit" | "enabled" | "disabled" {
        return this.enrollments.get(programId) ?? "inherit";
    }

    /** Changes what the provider decided (approval or revocation), as it would outside the account. */
    setProgramApproval(programId: string, approval: EmulatedProgram["approval"]): void {
        const program = this.programs.get(programId);
        if (program === undefined) {
            throw new Error(`no program ${programId}`);
        }
        this.programs.set(programId, { ...program, approval });
    }

    /** The account's projects in a region, archived ones included (for assertions). */
    projectsIn(region: string): Readonly<EmulatedProject>[] {
        return [...this.projects.values()].filter((p) => p.region === region);
    }

    /** Archives a project outside Pulumi, as someone in the console would. */
    archiveProject(id: string): void {
        const project = this.projects.get(id);
        if (project === undefined) {
            throw new Error(`no project ${id}`);
        }
        project.status = "archived";
        project.archivedAt = new Date();
    }

    /** A project someone created outside Pulumi. */
    addProject(region: string, name: string, tags: Record<string, string>, mode: EmulatedRetentionMode = "inherit"): string {
        return this.createProject(region, name, tags, mode).id;
    }

    private createProject(region: string, name: string, tags: Record<string, string>, mode: EmulatedRetentionMode): EmulatedProject {
        this.projectCount++;
        const project: EmulatedProject = {
            id: `proj_emulated${String(this.projectCount).padStart(4, "0")}`,
            region,
            name,
            status: "active",
            createdAt: new Date(),
            mode,
            tags: { ...tags },
        };
        this.projects.set(project.id, project);
        return project;
    }

    /** A program's status for the account (TrustedAccessProgramSummary.status). */
    private programStatus(program: EmulatedProgram): "requestable" | "eligible" | "enabled" | "disabled" | "revoked" {
        if (program.approval === "revoked") {
            return "revoked";
        }
        if (program.approval === "requestable") {
            return "requestable";
        }
        const optIn = this.enrollment(program.programId);
        return optIn === "enabled" ? "enabled" : optIn === "disabled" ? "disabled" : "eligible";
    }

    /** Whether the control plane hides a model from the account: a program gates it and none of them is enabled. */
    private hidden(modelId: string | undefined): boolean {
        const gating = [...this.programs.values()].filter((p) => modelId !== undefined && p.gates.includes(modelId));
        return gating.length > 0 && !gating.some((p) => this.programStatus(p) === "enabled");
    }

    injectFault(fault: InjectedFault): void {
        this.faults.push({ fault, left: fault.times ?? 1 });
    }

    requestsFor(operation: string): LoggedRequest[] {
        return this.requests.filter((r) => r.operation === operation);
    }

    mutatingRequests(): LoggedRequest[] {
        return this.requests.filter((r) => MUTATING_OPERATIONS.has(r.operation));
    }

    private settle(state: ModelState): void {
        if (state.agreement === "PENDING" && state.pendingUntil !== undefined && Date.now() >= state.pendingUntil) {
            const finishedAt = state.pendingUntil;
            state.pendingUntil = undefined;
            if (state.setup.failsWith !== undefined) {
                state.agreement = "ERROR";
                state.errorMessage = state.setup.failsWith;
            } else {
                state.agreement = "AVAILABLE";
                state.availableSince = finishedAt;
            }
        }
    }

    private async handle(
        req: http.IncomingMessage | http2.Http2ServerRequest,
        res: http.ServerResponse | http2.Http2ServerResponse,
        listener: Listener,
    ): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
            chunks.push(chunk as Buffer);
        }
        const body = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        // Service Quotas (AWS JSON 1.1: POST / with X-Amz-Target ServiceQuotasV20190624.<operation>,
        // SigV4 signing name servicequotas, per the AWS SDK's service model) shares the control plane's listener.
        const target = listener === "control" ? req.headers["x-amz-target"] : undefined;
        const quotas = typeof target === "string" && target.startsWith("ServiceQuotasV20190624.");
        // Organizations (AWS JSON 1.1, X-Amz-Target AWSOrganizationsV20161128.<operation>, signing name
        // organizations) and STS (AWS Query: a form body Action=GetCallerIdentity, an XML answer,
        // signing name sts), per their SDK clients' models, share it too.
        const organizations = typeof target === "string" && target.startsWith("AWSOrganizationsV20161128.");
        const sts = listener === "control" && req.method === "POST" && url.pathname === "/" && /(^|&)Action=GetCallerIdentity(&|$)/.test(body);
        const caller = BedrockEmulator.accountOf(/Credential=([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "");
        const route: { operation: string; modelId?: string; profileId?: string; workspace?: string; caller?: string } = quotas
            ? { operation: target.slice("ServiceQuotasV20190624.".length) }
            : organizations
              ? { operation: target.slice("AWSOrganizationsV20161128.".length), caller }
              : sts
                ? { operation: "GetCallerIdentity", caller }
                : listener === "mantle"
                  ? { ...mantleRoute(req.method ?? "GET", url.pathname, body), workspace: headerValue(req.headers["anthropic-workspace"]) }
                  : this.route(req.method ?? "GET", url.pathname, body);
        const region = regionOf(req.headers.authorization);
        const signatureValid = await this.verifySignature(
            req,
            url,
            body,
            region,
            quotas ? "servicequotas" : organizations ? "organizations" : sts ? "sts" : listener === "mantle" ? "bedrock-mantle" : "bedrock",
        );
        let status = 500;
        let payload: unknown;
        let errorType: string | undefined;
        try {
            if (this.latencyMs > 0) {
                await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
            }
            if (!signatureValid) {
                throw new AwsError(403, "InvalidSignatureException", "The request signature does not match.");
            }
            this.requestCount++;
            if (this.throttleEvery > 0 && this.requestCount % this.throttleEvery === 0) {
                throw new AwsError(429, "ThrottlingException", "Rate exceeded");
            }
            const injected = this.faults.find((f) => f.left > 0 && (f.fault.operation === "*" || f.fault.operation === route.operation));
            if (injected !== undefined) {
                injected.left--;
                if (injected.fault.afterServing) {
                    this.serve(route, region, url, body);
                }
                throw new AwsError(injected.fault.status, injected.fault.type, injected.fault.message ?? `${injected.fault.type} (injected)`);
            }
            [status, payload] = this.serve(route, region, url, body);
        } catch (err) {
            if (!(err instanceof AwsError)) {
                throw err;
            }
            status = err.status;
            errorType = err.type;
            // On bedrock-mantle, errors the emulator raises itself (a bad signature: 403 as the control
            // plane answers it) take Anthropic's type for their status; no source gives mantle's wording.
            payload =
                listener === "mantle"
                    ? {
                          type: "error",
                          error: { type: /^[a-z_]+$/.test(err.type) ? err.type : (ANTHROPIC_ERROR_TYPES[err.status] ?? "api_error"), message: err.message },
                      }
                    : { message: err.message };
        }
        this.requests.push({
            operation: route.operation,
            method: req.method ?? "GET",
            path: url.pathname,
            region,
            modelId: route.modelId,
            status,
            signatureValid,
            at: Date.now(),
            ...(listener === "mantle"
                ? { apiVersion: apiVersionOf(req.headers["anthropic-version"], body), workspace: headerValue(req.headers["anthropic-workspace"]) }
                : {}),
        });
        const headers: http.OutgoingHttpHeaders = { "content-type": sts ? "text/xml" : "application/json" };
        if (errorType !== undefined && listener !== "mantle") {
            headers["x-amzn-errortype"] = errorType;
        }
        const text = sts ? stsXml(status, payload) : JSON.stringify(payload ?? {});
        if (res instanceof http.ServerResponse) {
            res.writeHead(status, headers).end(text);
        } else {
            res.writeHead(status, headers).end(text);
        }
    }

    private route(method: string, pathname: string, body: string): { operation: string; modelId?: string; profileId?: string } {
        const bodyModelId = (): string | undefined => {
            try {
                const parsed = JSON.parse(body) as { modelId?: unknown };
                return typeof parsed.modelId === "string" ? parsed.modelId : undefined;
            } catch {
                return undefined;
            }
        };
        const segments = pathname
            .split("/")
            .filter((s) => s !== "")
            .map(decodeURIComponent);
        const [first, second] = segments;
        if (method === "GET" && first === "foundation-model-availability" && second) {
            return { operation: "GetFoundationModelAvailability", modelId: second };
        }
        if (method === "GET" && first === "list-foundation-model-agreement-offers" && second) {
            return { operation: "ListFoundationModelAgreementOffers", modelId: second };
        }
        if (method === "POST" && first === "create-foundation-model-agreement") {
            return { operation: "CreateFoundationModelAgreement", modelId: bodyModelId() };
        }
        if (method === "POST" && first === "delete-foundation-model-agreement") {
            return { operation: "DeleteFoundationModelAgreement", modelId: bodyModelId() };
        }
        if (first === "use-case-for-model-access") {
            return { operation: method === "POST" ? "PutUseCaseForModelAccess" : "GetUseCaseForModelAccess" };
        }
        if (method === "GET" && first === "foundation-models" && second === undefined) {
            return { operation: "ListFoundationModels" };
        }
        if (first === "data-retention" && second === undefined) {
            return { operation: method === "PUT" ? "PutAccountDataRetention" : "GetAccountDataRetention" };
        }
        if (first === "logging" && second === "modelinvocations") {
            return { operation: method === "GET" ? "GetModelInvocationLoggingConfiguration" : `${method} ModelInvocationLoggingConfiguration` };
        }
        if (method === "GET" && first === "inference-profiles" && second === undefined) {
            return { operation: "ListInferenceProfiles" };
        }
        if (method === "GET" && first === "foundation-models" && second) {
            return { operation: "GetFoundationModel", modelId: second };
        }
        if (method === "POST" && first === "model" && second && segments[2] === "converse") {
            return { operation: "Converse", modelId: second };
        }
        if (method === "GET" && first === "inference-profiles" && second) {
            return { operation: "GetInferenceProfile", profileId: second };
        }
        // Trusted-access programs and projects: the paths of @aws-sdk/client-bedrock 3.1178.0's
        // operation schemas (GET /trusted-access-programs, PUT .../{id}/account-enrollment, POST /projects ...).
        if (first === "trusted-access-programs") {
            if (method === "GET" && second === undefined) {
                return { operation: "ListTrustedAccessPrograms" };
            }
            if (segments[2] === "account-enrollment") {
                return {
                    operation: method === "PUT" ? "PutTrustedAccessProgramAccountEnrollment" : "GetTrustedAccessProgramAccountEnrollment",
                    profileId: second,
                };
            }
            if (method === "GET" && segments.length === 2) {
                return { operation: "GetTrustedAccessProgram", profileId: second };
            }
        }
        if (first === "projects") {
            if (second === undefined) {
                return { operation: method === "POST" ? "CreateProject" : "ListProjects" };
            }
            if (method === "POST" && segments[2] === "archive") {
                return { operation: "ArchiveProject", profileId: second };
            }
            return { operation: method === "POST" ? "UpdateProject" : "GetProject", profileId: second };
        }
        if (method === "POST" && first === "tagResource") {
            return { operation: "TagResource" };
        }
        if (method === "POST" && first === "listTagsForResource") {
            return { operation: "ListTagsForResource" };
        }
        return { operation: `Unknown ${method} ${pathname}` };
    }

    private requireProject(region: string, id: string | undefined): EmulatedProject {
        const project = id === undefined ? undefined : this.projects.get(id);
        if (project === undefined || project.region !== region) {
            throw new AwsError(404, "ResourceNotFoundException", `Project ${id} not found.`);
        }
        return project;
    }

    private programBody(p: EmulatedProgram): Record<string, unknown> {
        const optIn = this.enrollment(p.programId);
        return {
            programId: p.programId,
            name: p.name,
            description: p.description,
            providerName: p.providerName,
            detailsUrl: p.detailsUrl,
            ...(p.enrollmentUrl === undefined ? {} : { enrollmentUrl: p.enrollmentUrl }),
            status: this.programStatus(p),
            ...(p.statusReason === undefined ? {} : { statusReason: p.statusReason }),
            source: optIn === "inherit" ? "program_default" : "account",
            resolvedFor: { accountId: "123456789012" },
            optIn,
        };
    }

    private requireModel(region: string, modelId: string | undefined): ModelState {
        // A gated model is absent for the account until a program allows it (user guide, trusted-access programs).
        const state = modelId === undefined || this.hidden(modelId) ? undefined : this.models.get(`${region}/${modelId}`);
        if (state === undefined) {
            throw new AwsError(404, "ResourceNotFoundException", `The model ${modelId} was not found in ${region}.`);
        }
        this.settle(state);
        return state;
    }

    private serve(
        route: { operation: string; modelId?: string; profileId?: string; workspace?: string; caller?: string },
        region: string,
        url: URL,
        body: string,
    ): [number, unknown] {
        if (route.operation === "GetCallerIdentity") {
            // STS API reference, GetCallerIdentity: Account, Arn, UserId.
            return [200, { Account: route.caller, Arn: `arn:aws:iam::${route.caller}:user/deployer`, UserId: "AIDAEMULATOR" }];
        }
        if (route.operation === "DescribeOrganization") {
            // Organizations API reference, DescribeOrganization: Organization {Id, Arn, MasterAccountId, ...};
            // an account in no organization gets AWSOrganizationsNotInUseException.
            const management = this.organizationManagementAccount;
            if (management === undefined) {
                throw new AwsError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
            }
            return [
                200,
                {
                    Organization: {
                        Id: "o-emulated01",
                        Arn: `arn:aws:organizations::${management}:organization/o-emulated01`,
                        FeatureSet: "ALL",
                        MasterAccountId: management,
                        MasterAccountArn: `arn:aws:organizations::${management}:account/o-emulated01/${management}`,
                        MasterAccountEmail: "management@example.com",
                    },
                },
            ];
        }
        const input = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
        switch (route.operation) {
            case "GetFoundationModelAvailability": {
                const state = this.requireModel(region, route.modelId);
                const offered = state.setup.offeredInRegion !== false;
                return [
                    200,
                    {
                        modelId: route.modelId,
                        agreementAvailability: {
                            status: state.agreement,
                            ...(state.agreement === "ERROR" ? { errorMessage: state.errorMessage } : {}),
                        },
                        authorizationStatus: "AUTHORIZED",
                        entitlementAvailability: "AVAILABLE",
                        regionAvailability: offered ? "AVAILABLE" : "NOT_AVAILABLE",
                    },
                ];
            }
            case "ListFoundationModelAgreementOffers": {
                const state = this.requireModel(region, route.modelId);
                const offerType = url.searchParams.get("offerType") ?? "PUBLIC";
                const offers = [...(state.setup.publicOffers ?? [DEFAULT_OFFER]), ...(offerType === "ALL" ? (state.setup.privateOffers ?? []) : [])];
                return [200, { modelId: route.modelId, offers: offers.map((o) => ({ ...o, termDetails: {} })) }];
            }
            case "CreateFoundationModelAgreement": {
                const modelId = String(input.modelId ?? "");
                const state = this.requireModel(region, modelId);
                const offers = [...(state.setup.publicOffers ?? [DEFAULT_OFFER]), ...(state.setup.privateOffers ?? [])];
                if (!offers.some((o) => o.offerToken === input.offerToken)) {
                    throw new AwsError(400, "ValidationException", "The offer token is not valid for this model.");
                }
                if (state.agreement === "PENDING" || state.agreement === "AVAILABLE") {
                    throw new AwsError(400, "ConflictException", `An agreement for ${modelId} already exists.`);
                }
                if (modelId.startsWith("anthropic.") && !this.useCaseForms.has(region)) {
                    throw new AwsError(400, "ValidationException", "Submit the use case details for Anthropic models first.");
                }
                state.agreementsCreated++;
                state.agreement = "PENDING";
                state.errorMessage = undefined;
                state.pendingUntil = Date.now() + (state.setup.pendingMs ?? 0);
                this.settle(state);
                return [202, { modelId }];
            }
            case "DeleteFoundationModelAgreement": {
                const modelId = String(input.modelId ?? "");
                const state = this.requireModel(region, modelId);
                if (state.agreement === "NOT_AVAILABLE") {
                    // AWS's answer (Terraform's aws_bedrock_foundation_model_agreement treats exactly
                    // this as already deleted: internal/service/bedrock/foundation_model_agreement.go).
                    throw new AwsError(400, "ValidationException", "No agreement exists to cancel");
                }
                state.agreementsDeleted++;
                state.agreement = "NOT_AVAILABLE";
                state.pendingUntil = undefined;
                return [202, {}];
            }
            case "PutUseCaseForModelAccess": {
                const form = Buffer.from(String(input.formData ?? ""), "base64").toString("utf8");
                if (form.length < 10 || form.length > 16384) {
                    throw new AwsError(400, "ValidationException", "formData must be 10 to 16384 bytes.");
                }
                this.useCaseForms.set(region, form);
                return [201, {}];
            }
            case "GetUseCaseForModelAccess": {
                const form = this.useCaseForms.get(region);
                if (form === undefined) {
                    throw new AwsError(404, "ResourceNotFoundException", "No use case details were submitted.");
                }
                return [200, { formData: Buffer.from(form, "utf8").toString("base64") }];
            }
            case "GetInferenceProfile": {
                const profile = this.profiles.get(`${region}/${route.profileId}`);
                if (profile === undefined) {
                    throw new AwsError(404, "ResourceNotFoundException", `Inference profile ${route.profileId} not found.`);
                }
                return [200, profileBody(region, profile)];
            }
            case "ListFoundationModels": {
                const provider = url.searchParams.get("byProvider");
                const summaries = [...this.models.entries()]
                    .filter(([key]) => key.startsWith(`${region}/`))
                    .map(([key, state]) => ({ modelId: key.slice(region.length + 1), state }))
                    .filter(({ modelId }) => !this.hidden(modelId))
                    .filter(({ modelId }) => provider === null || modelId.split(".")[0] === provider.toLowerCase())
                    .map(({ modelId, state }) => ({
                        modelArn: `arn:aws:bedrock:${region}::foundation-model/${modelId}`,
                        modelId,
                        modelName: state.setup.modelName ?? MODEL_NAMES[modelId] ?? modelId,
                        providerName: modelId.split(".")[0],
                        modelLifecycle: lifecycleBody(state.lifecycle),
                    }));
                return [200, { modelSummaries: summaries }];
            }
            case "ListInferenceProfiles": {
                // Paginated one profile per page, so callers must follow nextToken.
                // API reference ListInferenceProfiles: the typeEquals query filters SYSTEM_DEFINED or APPLICATION.
                const type = url.searchParams.get("typeEquals");
                const all = [...this.profiles.entries()]
                    .filter(([key, p]) => key.startsWith(`${region}/`) && (type === null || (p.type ?? "SYSTEM_DEFINED") === type))
                    .map(([, p]) => p);
                const start = Number(url.searchParams.get("nextToken") ?? "0");
                const page = all.slice(start, start + 1).map((profile) => profileBody(region, profile));
                return [200, { inferenceProfileSummaries: page, ...(start + 1 < all.length ? { nextToken: String(start + 1) } : {}) }];
            }
            case "GetFoundationModel": {
                const state = this.hidden(route.modelId) ? undefined : this.models.get(`${region}/${route.modelId}`);
                if (state === undefined) {
                    throw new AwsError(404, "ResourceNotFoundException", `The model ${route.modelId} was not found.`);
                }
                const lifecycle = state.lifecycle;
                return [
                    200,
                    {
                        modelDetails: {
                            modelArn: `arn:aws:bedrock:${region}::foundation-model/${route.modelId}`,
                            modelId: route.modelId,
                            modelName: state.setup.modelName ?? MODEL_NAMES[route.modelId!] ?? route.modelId,
                            providerName: route.modelId!.split(".")[0],
                            modelLifecycle: lifecycleBody(lifecycle),
                        },
                    },
                ];
            }
            case "GetAccountDataRetention": {
                // API reference GetAccountDataRetention: 200 {mode, updatedAt}; the user guide's
                // "Data retention": a region never configured reports inherit.
                const set = this.retention.get(region);
                return [200, { mode: set?.mode ?? "inherit", ...(set ? { updatedAt: set.updatedAt.toISOString() } : {}) }];
            }
            case "PutAccountDataRetention": {
                // API reference PutAccountDataRetention: 200 {mode, updatedAt}; ValidationException (400)
                // for a bad value. Its wording is AWS's usual one for an enum constraint (what the
                // SDK models' enum traits describe); no test depends on the wording.
                if (typeof input.mode !== "string" || !PUT_RETENTION_MODES.includes(input.mode)) {
                    throw new AwsError(
                        400,
                        "ValidationException",
                        `1 validation error detected: Value '${String(input.mode)}' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [${PUT_RETENTION_MODES.join(", ")}]`,
                    );
                }
                const updatedAt = new Date();
                this.retention.set(region, { mode: input.mode as EmulatedRetentionMode, updatedAt });
                return [200, { mode: input.mode, updatedAt: updatedAt.toISOString() }];
            }
            case "Converse": {
                // The runtime endpoint (bedrock-runtime signs as "bedrock" too): a one-token answer
                // through a system-defined profile that exists in the caller's region.
                const profile = this.profiles.get(`${region}/${route.modelId}`);
                if (profile === undefined) {
                    throw new AwsError(400, "ValidationException", "The provided model identifier is invalid.");
                }
                // As users report it (AWS's developer blog on dev.to, "How to Fix Claude Fable 5 Data
                // Retention Error on Amazon Bedrock"): a 400 naming the mode, "default" for a region
                // never configured. The error type is not in the report; ValidationException is the
                // runtime's type for a 400 (API reference, Converse).
                const mode = this.dataRetention(region);
                if (refusedUnder(String(route.modelId), mode)) {
                    throw new AwsError(
                        400,
                        "ValidationException",
                        `data retention mode '${mode === "inherit" ? "default" : mode}' is not available for this model`,
                    );
                }
                this.conversations++;
                return [
                    200,
                    {
                        output: { message: { role: "assistant", content: [{ text: "OK" }] } },
                        stopReason: "max_tokens",
                        usage: { inputTokens: 8, outputTokens: 1, totalTokens: 9 },
                        metrics: { latencyMs: 5 },
                    },
                ];
            }
            case "ListServiceQuotas": {
                // Service Quotas API reference, ListServiceQuotas: ServiceCode required, Quotas and
                // NextToken in the answer (paginated here two per page, so callers follow NextToken);
                // NoSuchResourceException (400) is among its listed errors for an unknown resource.
                if (input.ServiceCode !== "bedrock") {
                    throw new AwsError(400, "NoSuchResourceException", `The service ${String(input.ServiceCode)} is not emulated.`);
                }
                const all = this.quotas.get(region) ?? [];
                const start = Number(input.NextToken ?? "0");
                const page = all.slice(start, start + 2).map((q) => ({
                    ServiceCode: "bedrock",
                    ServiceName: "Amazon Bedrock",
                    QuotaArn: `arn:aws:servicequotas:${region}:123456789012:bedrock/${q.QuotaCode}`,
                    QuotaCode: q.QuotaCode,
                    QuotaName: q.QuotaName,
                    Value: q.Value,
                    Unit: "None",
                    Adjustable: q.Adjustable ?? true,
                    GlobalQuota: false,
                }));
                return [200, { Quotas: page, ...(start + 2 < all.length ? { NextToken: String(start + 2) } : {}) }];
            }
            case "ListTrustedAccessPrograms": {
                // API reference ListTrustedAccessPrograms / TrustedAccessProgramSummary: the programs the
                // caller can see, each resolved for the account (resolvedFor), status and stored optIn.
                return [200, { programSummaries: [...this.programs.values()].map((p) => this.programBody(p)) }];
            }
            case "GetTrustedAccessProgram": {
                // "An absent or invisible program returns ResourceNotFoundException" (API reference).
                const program = this.programs.get(String(route.profileId));
                if (program === undefined) {
                    throw new AwsError(404, "ResourceNotFoundException", `Trusted access program ${route.profileId} not found.`);
                }
                return [200, this.programBody(program)];
            }
            case "GetTrustedAccessProgramAccountEnrollment": {
                // "If no enrollment is stored, returns inherit without timestamps" (API reference).
                if (!this.programs.has(String(route.profileId))) {
                    throw new AwsError(404, "ResourceNotFoundException", `Trusted access program ${route.profileId} not found.`);
                }
                return [200, { optIn: this.enrollment(String(route.profileId)) }];
            }
            case "PutTrustedAccessProgramAccountEnrollment": {
                // API reference PutTrustedAccessProgramAccountEnrollment: enabling needs approval and no
                // revocation, else ConflictException (400 in the SDK's error schema) and the stored
                // setting is kept; disabled and inherit are accepted while ineligible or revoked.
                const program = this.programs.get(String(route.profileId));
                if (program === undefined) {
                    throw new AwsError(404, "ResourceNotFoundException", `Trusted access program ${route.profileId} not found.`);
                }
                const optIn = input.optIn;
                if (optIn !== "enabled" && optIn !== "disabled" && optIn !== "inherit") {
                    throw new AwsError(400, "ValidationException", `optIn must be one of enabled, disabled, inherit.`);
                }
                if (optIn === "enabled" && program.approval !== "approved") {
                    throw new AwsError(400, "ConflictException", `The account is not approved for ${program.programId}.`);
                }
                this.enrollments.set(program.programId, optIn);
                return [200, { optIn, updatedAt: new Date().toISOString() }];
            }
            case "CreateProject": {
                // API reference CreateProject: name required, tags, dataRetention.mode (default inherit).
                if (typeof input.name !== "string" || input.name === "") {
                    throw new AwsError(400, "ValidationException", "name is required.");
                }
                const tags = Object.fromEntries(((input.tags ?? []) as { key: string; value: string }[]).map((t) => [t.key, t.value]));
                const mode = ((input.dataRetention as { mode?: string } | undefined)?.mode ?? "inherit") as EmulatedRetentionMode;
                return [200, projectBody(this.createProject(region, input.name, tags, mode))];
            }
            case "ListProjects": {
                const filter = url.searchParams.get("statusFilter");
                const list = this.projectsIn(region).filter((p) => filter === null || p.status === filter);
                return [200, { projectSummaries: list.map(projectBody) }];
            }
            case "GetProject": {
                return [200, projectBody(this.requireProject(region, route.profileId))];
            }
            case "UpdateProject": {
                // API reference UpdateProject; "Archived projects reject all writes with ValidationException"
                // (the wording of the trusted-access project-enrollment page, taken for projects too).
                const project = this.requireProject(region, route.profileId);
                if (project.status === "archived") {
                    throw new AwsError(400, "ValidationException", `Project ${project.id} is archived.`);
                }
                if (typeof input.name === "string") {
                    project.name = input.name;
                }
                const mode = (input.dataRetention as { mode?: string } | undefined)?.mode;
                if (mode !== undefined) {
                    project.mode = mode as EmulatedRetentionMode;
                }
                return [200, projectBody(project)];
            }
            case "ArchiveProject": {
                // API reference ArchiveProject: archiving is terminal (no delete exists); ConflictException is
                // among its errors in @aws-sdk/client-bedrock 3.1178.0's model, taken here for a second archive
                // (the provider never sends one: it reads the project first), the wording not relied on.
                const project = this.requireProject(region, route.profileId);
                if (project.status === "archived") {
                    throw new AwsError(400, "ConflictException", `Project ${project.id} is already archived.`);
                }
                project.status = "archived";
                project.archivedAt = new Date();
                return [200, projectBody(project)];
            }
            case "TagResource":
            case "ListTagsForResource": {
                // API reference TagResource / ListTagsForResource: resourceARN, tags as [{key, value}].
                const arn = String(input.resourceARN ?? "");
                const project = [...this.projects.values()].find((p) => projectArn(p) === arn);
                if (project === undefined) {
                    throw new AwsError(404, "ResourceNotFoundException", `Resource ${arn} not found.`);
                }
                if (route.operation === "TagResource") {
                    for (const t of (input.tags ?? []) as { key: string; value: string }[]) {
                        project.tags[t.key] = t.value;
                    }
                    return [200, {}];
                }
                return [200, { tags: Object.entries(project.tags).map(([key, value]) => ({ key, value })) }];
            }
            case "GetModelInvocationLoggingConfiguration": {
                // API reference GetModelInvocationLoggingConfiguration: 200 with loggingConfig, or
                // without it where logging was never configured.
                const config = this.invocationLogging.get(region);
                return [200, config === undefined ? {} : { loggingConfig: config }];
            }
            case "ListModels": {
                // OpenAI's list shape ({object: "list", data: [{id, object: "model", created, owned_by}]}),
                // with the status, status_reason and data_retention fields the Bedrock user guide's "Data
                // retention" describes; a model the region's mode refuses is listed as unavailable.
                const mode = this.dataRetention(region);
                const data = [...this.models.entries()]
                    .filter(
                        ([key, state]) =>
                            key.startsWith(`${region}/`) &&
                            servedOnMantle(region, key.slice(region.length + 1), state.setup) &&
                            !this.hidden(key.slice(region.length + 1)),
                    )
                    .map(([key]) => key.slice(region.length + 1))
                    .sort()
                    .map((id) => {
                        const rule = RETENTION_ONLY.find((r) => id.includes(r.prefix));
                        const refused = refusedUnder(id, mode);
                        return {
                            id,
                            object: "model",
                            created: 1_780_000_000,
                            owned_by: id.split(".")[0],
                            status: refused ? "unavailable" : "available",
                            ...(refused
                                ? { status_reason: `data retention mode '${mode === "inherit" ? "default" : mode}' is not available for this model` }
                                : {}),
                            data_retention: {
                                mode: mode === "inherit" ? "default" : mode,
                                source: mode === "inherit" ? "model" : "account",
                                allowed_modes: rule?.modes ?? ["none", "default", "aws_review", "provider_data_share"],
                            },
                        };
                    });
                return [200, { object: "list", data }];
            }
            case "CreateInference": {
                // bedrock-mantle's Messages API takes the bare model ID; a model the region does not
                // have is Anthropic's not_found_error ("model: <id>").
                const model = String(input.model ?? "");
                const state = this.hidden(model) ? undefined : this.models.get(`${region}/${model}`);
                if (state === undefined || !servedOnMantle(region, model, state.setup)) {
                    throw new AwsError(404, "not_found_error", `model: ${model}`);
                }
                // The project the request runs in (the anthropic-workspace header; none: the default
                // project). No source gives bedrock-mantle's answer for an unknown or archived one:
                // Anthropic's not_found_error (404) is assumed, and only the status is relied on.
                const workspace = route.workspace;
                if (workspace !== undefined) {
                    const project = this.projects.get(workspace);
                    if (project === undefined || project.region !== region || project.status !== "active") {
                        throw new AwsError(404, "not_found_error", `workspace: ${workspace}`);
                    }
                }
                // The wording is the runtime's as users report it (see Converse below); no source gives
                // bedrock-mantle's own, so only the 400 and Anthropic's type for it are relied on.
                const mode = this.dataRetention(region);
                if (refusedUnder(model, mode)) {
                    throw new AwsError(
                        400,
                        "invalid_request_error",
                        `data retention mode '${mode === "inherit" ? "default" : mode}' is not available for this model`,
                    );
                }
                // Anthropic's Messages API requires both (its API reference); the wording is not relied on.
                if (typeof input.max_tokens !== "number" || !Array.isArray(input.messages)) {
                    throw new AwsError(400, "invalid_request_error", "max_tokens: Field required");
                }
                this.mantleInferences++;
                // Anthropic's Message object.
                return [
                    200,
                    {
                        id: `msg_emulated_${this.mantleInferences}`,
                        type: "message",
                        role: "assistant",
                        model,
                        content: [{ type: "text", text: "OK" }],
                        stop_reason: "max_tokens",
                        stop_sequence: null,
                        usage: { input_tokens: 8, output_tokens: 1 },
                    },
                ];
            }
            default:
                throw new AwsError(404, "UnknownOperationException", route.operation);
        }
    }

    /** Re-signs the request with the emulator's credentials and compares the signatures. */
    private async verifySignature(
        req: http.IncomingMessage | http2.Http2ServerRequest,
        url: URL,
        body: string,
        region: string,
        service: "bedrock" | "bedrock-mantle" | "servicequotas" | "sts" | "organizations",
    ): Promise<boolean> {
        const authorization = req.headers.authorization ?? "";
        const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/([a-z-]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
            authorization,
        );
        const amzDate = req.headers["x-amz-date"];
        const account = match === null ? undefined : BedrockEmulator.accountOf(match[1]);
        if (match === null || typeof amzDate !== "string" || account === undefined || match[2] !== service) {
            return false;
        }
        const credentials = match[1] === BedrockEmulator.credentials.accessKeyId ? BedrockEmulator.credentials : BedrockEmulator.accountCredentials(account);
        const signedHeaders = match[3].split(";");
        const headers: Record<string, string> = {};
        for (const name of signedHeaders) {
            // HTTP/2 carries the signed host header as :authority.
            const value = req.headers[name] ?? (name === "host" ? req.headers[":authority"] : undefined);
            if (value === undefined) {
                return false;
            }
            headers[name] = Array.isArray(value) ? value.join(",") : value;
        }
        const query: Record<string, string> = {};
        for (const [key, value] of url.searchParams) {
            query[key] = value;
        }
        const signer = new SignatureV4({
            credentials,
            region,
            service,
            sha256: NodeSha256,
        });
        const signingDate = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
        const rawPath = (req.url ?? "/").split("?")[0];
        const signed = await signer.sign(
            { method: req.method ?? "GET", protocol: "http:", hostname: "127.0.0.1", path: rawPath, query, headers, body },
            { signingDate, unsignableHeaders: new Set(), signableHeaders: new Set(signedHeaders) },
        );
        const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization));
        return expected !== null && expected[1] === match[4];
    }
}

/** An STS answer in AWS Query's XML (the SDK's AwsQueryProtocol reads <Action>Result, and ErrorResponse for errors). */
function stsXml(status: number, payload: unknown): string {
    const fields = (payload ?? {}) as Record<string, string>;
    if (status >= 400) {
        return `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>${fields.message ?? "error"}</Message></Error><RequestId>emulated</RequestId></ErrorResponse>`;
    }
    const result = Object.entries(fields)
        .map(([k, v]) => `<${k}>${v}</${k}>`)
        .join("");
    return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${result}</GetCallerIdentityResult><ResponseMetadata><RequestId>emulated</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
}

function headerValue(header: string | string[] | undefined): string | undefined {
    return Array.isArray(header) ? header[0] : header;
}

/** The Messages API version of a bedrock-mantle request: the anthropic-version header, else the body's anthropic_version. */
function apiVersionOf(header: string | string[] | undefined, body: string): string | undefined {
    if (typeof header === "string") {
        return header;
    }
    try {
        const version = (JSON.parse(body) as { anthropic_version?: unknown }).anthropic_version;
        return typeof version === "string" ? version : undefined;
    } catch {
        return undefined;
    }
}

/** bedrock-mantle's one route here: Anthropic's Messages API under /anthropic (IAM's action: CreateInference). */
function mantleRoute(method: string, pathname: string, body: string): { operation: string; modelId?: string } {
    // The OpenAI-compatible model list (the Bedrock user guide's "Get list of models"); IAM action
    // bedrock-mantle:ListModels (Service Authorization Reference).
    if (method === "GET" && pathname === "/v1/models") {
        return { operation: "ListModels" };
    }
    if (method === "POST" && pathname === "/anthropic/v1/messages") {
        let model: string | undefined;
        try {
            const parsed = JSON.parse(body) as { model?: unknown };
            model = typeof parsed.model === "string" ? parsed.model : undefined;
        } catch {
            model = undefined;
        }
        return { operation: "CreateInference", modelId: model };
    }
    return { operation: `Unknown ${method} ${pathname}` };
}

function projectArn(p: EmulatedProject): string {
    return `arn:aws:bedrock:${p.region}:123456789012:project/${p.id}`;
}

/** A project as CreateProject, GetProject, ListProjects, UpdateProject and ArchiveProject send it. */
function projectBody(p: EmulatedProject): Record<string, unknown> {
    return {
        id: p.id,
        arn: projectArn(p),
        name: p.name,
        status: p.status,
        createdAt: p.createdAt.toISOString(),
        ...(p.archivedAt === undefined ? {} : { archivedAt: p.archivedAt.toISOString() }),
        dataRetention: { mode: p.mode },
    };
}

/** An inference profile as GetInferenceProfile and ListInferenceProfiles send it. */
function profileBody(region: string, profile: EmulatedInferenceProfile): Record<string, unknown> {
    return {
        inferenceProfileId: profile.inferenceProfileId,
        inferenceProfileName: profile.inferenceProfileName ?? profile.inferenceProfileId,
        inferenceProfileArn: `arn:aws:bedrock:${region}:123456789012:inference-profile/${profile.inferenceProfileId}`,
        status: profile.status ?? "ACTIVE",
        type: profile.type ?? "SYSTEM_DEFINED",
        models: profile.modelArns.map((modelArn) => ({ modelArn })),
    };
}

/** modelLifecycle as Bedrock sends it: RFC 3339 date-times (the model declares them so). */
function lifecycleBody(lifecycle: EmulatedLifecycle | undefined): Record<string, string | undefined> {
    const iso = (d: Date | undefined) => (d === undefined ? undefined : d.toISOString());
    return {
        status: lifecycle?.status ?? "ACTIVE",
        startOfLifeTime: iso(lifecycle?.startOfLifeTime),
        legacyTime: iso(lifecycle?.legacyTime),
        publicExtendedAccessTime: iso(lifecycle?.publicExtendedAccessTime),
        endOfLifeTime: iso(lifecycle?.endOfLifeTime),
    };
}

function regionOf(authorization: string | undefined): string {
    const match = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? "");
    return match?.[1] ?? "unsigned";
}
