/**
 * The roads to a model: one typed catalogue of the requests that run a model (or widen what can
 * run one) on every endpoint, each marked "denied" (another model, a road the stack does not open)
 * or "usable" (the stack's own models through its profiles and endpoints). The pack judges a
 * guardrail by evaluating it over these roads; the program's tests and the review report use the
 * same list. Pure data: no IAM evaluation here (guardrailEvaluation.ts does that).
 */
import {
    type ApiKeyPolicy,
    APPLICATION_PROFILE_RESOURCE_TYPE,
    BEARER_TOKEN_ACTIONS,
    BEDROCK_API_KEY_SERVICE_NAME,
    CLAUDE_PLATFORM_MODEL_ACTIONS,
    CLAUDE_PLATFORM_SERVICE,
    DATA_RETENTION_CHANGES,
    DATA_RETENTION_MODES,
    INVOKE_ACTIONS,
    LONG_TERM_TOKEN,
    MANTLE_MODEL_ACTIONS,
    MANTLE_MODEL_KEY,
    SHORT_TERM_TOKEN,
} from "./bedrockFacts";

export type RoadFamily = "bedrock-runtime" | "bedrock-mantle" | "claude-platform" | "api-keys" | "data-retention" | "marketplace";
export type RoadRequirement = "denied" | "usable";

/** One request as the IAM evaluator takes it. */
export interface RoadRequest {
    readonly action: string;
    readonly resource: string;
    readonly region: string;
    readonly context: Readonly<Record<string, string>>;
}

export interface Road {
    /** A stable identifier, e.g. `bedrock-runtime/other-model/InvokeModelWithResponseStream`. */
    readonly id: string;
    readonly family: RoadFamily;
    /** The request in words, e.g. "bedrock:InvokeModelWithResponseStream on anthropic.claude-opus-4-8 in ap-southeast-1". */
    readonly summary: string;
    readonly must: RoadRequirement;
    readonly request: RoadRequest;
}

/** What the catalogue is built from: the stack's own facts and the reviewers' bounds. */
export interface RoadFacts {
    /** Where the guardrail sits: an SCP (the deployer is inside it too) or an IAM policy on the application's roles. */
    readonly placement: "scp" | "iam";
    /** The regions where the stack enables model access; the first is where requests are made. */
    readonly regions: readonly string[];
    /** The account the stack runs in, where known (ARNs of its application profiles); a placeholder otherwise. */
    readonly account: string;
    /** The models the stack enables (ModelAccess): they must stay usable. */
    readonly enabledModels: readonly string[];
    /** The models the reviewers allow (the pack's allowedModelIds). */
    readonly reviewedModels: readonly string[];
    /** System-defined inference profiles the stack grants: they must stay usable. */
    readonly profileIds: readonly string[];
    /** The stack's own application inference profiles (ARNs): usable. */
    readonly applicationProfileArns: readonly string[];
    /** Application profiles the guardrail names that are not the stack's: they must be denied. */
    readonly foreignApplicationProfileArns: readonly string[];
    /** Models the stack grants on bedrock-mantle: usable there. */
    readonly mantleModels: readonly string[];
    /** Further models outside the reviewed list to try (for example the ones a guardrail names). */
    readonly probeModels: readonly string[];
    /** Which Bedrock API keys the reviewers accept. */
    readonly allowedApiKeys: ApiKeyPolicy;
    /** The data-retention modes the stack declares ([] when it does not manage retention). */
    readonly dataRetentionModes: readonly string[];
    /** Claude Platform on AWS workspaces the guardrail names (ARNs): each the reviewers did not allow must be denied. */
    readonly namedWorkspaces: readonly string[];
    /** Claude Platform on AWS workspaces (ARNs) the reviewers allow to stay usable; [] denies the road, ["*"] opens it. */
    readonly claudePlatformWorkspaces: readonly string[];
}

/** The account in requests when the stack's own is not known (guardrail patterns name `*` accounts). */
export const PLACEHOLDER_ACCOUNT = "123456789012";
/** The region requests are made in when the stack enables no model (the catalogue still needs one). */
const DEFAULT_REGION = "us-east-1";

/** Models tried as "another model", first one the reviewers do not allow: a current Claude model, then another provider's. */
const OTHER_MODEL_CANDIDATES: readonly string[] = [
    "anthropic.claude-opus-4-8",
    "anthropic.claude-haiku-4-5-20251001-v1:0",
    "anthropic.claude-sonnet-5-5",
    "amazon.nova-pro-v1:0",
];

/** A product ID that belongs to no allowed model (AWS Marketplace product IDs are `prod-` and lower-case letters and digits). */
const OTHER_PRODUCT_ID = "prod-notanallowedmodel0";
/** A workspace nobody allowed. */
const OTHER_WORKSPACE_ID = "wrkspc_notallowed01";

export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** The source region's geography prefix for system-defined profiles (`apac.`, `eu.`, `us.`, ...). */
function geographyOf(region: string): string {
    if (region.startsWith("us-gov-")) {
        return "us-gov";
    }
    const prefix = region.split("-")[0];
    return prefix === "ap" ? "apac" : prefix;
}

/** A region other than `region`, for requests made elsewhere (a guardrail must not be region-bound). */
function elsewhere(region: string): string {
    return region === "us-west-2" ? "eu-west-1" : "us-west-2";
}

const short = (action: string) => action.slice(action.indexOf(":") + 1);

/** The model it would run, for the "another model" roads: the first candidate outside the reviewed list. */
export function otherModel(reviewedModels: readonly string[]): string {
    return OTHER_MODEL_CANDIDATES.find((m) => !reviewedModels.includes(m)) ?? "example.not-an-allowed-model-v1:0";
}

export function roadCatalogue(facts: RoadFacts): Road[] {
    const region = facts.regions[0] ?? DEFAULT_REGION;
    const partition = partitionOf(region);
    const account = facts.account;
    const bedrockArn = (r: string, acct: string, resource: string) => `arn:${partition}:bedrock:${r}:${acct}:${resource}`;
    const model = (r: string, id: string) => bedrockArn(r, "", `foundation-model/${id}`);
    const regionless = (id: string) => `arn:${partition}:bedrock:::foundation-model/${id}`;
    const project = `arn:${partition}:bedrock-mantle:${region}:${account}:project/default`;
    const roads: Road[] = [];
    const add = (
        family: RoadFamily,
        id: string,
        must: RoadRequirement,
        summary: string,
        action: string,
        resource: string,
        context: Record<string, string> = {},
        r = region,
    ) =>
        roads.push({
            id: `${family}/${id}`,
            family,
            must,
            summary,
            request: { action, resource, region: r, context: { "aws:RequestedRegion": r, ...context } },
        });

    // bedrock-runtime, another model: every action that runs one, every way to name it.
    const other = otherModel(facts.reviewedModels);
    for (const action of INVOKE_ACTIONS) {
        add("bedrock-runtime", `other-model/${short(action)}`, "denied", `${action} on ${other} in ${region}`, action, model(region, other));
    }
    add(
        "bedrock-runtime",
        "other-model/elsewhere",
        "denied",
        `bedrock:InvokeModel on ${other} in ${elsewhere(region)}`,
        "bedrock:InvokeModel",
        model(elsewhere(region), other),
        {},
        elsewhere(region),
    );
    add(
        "bedrock-runtime",
        "other-model/regionless",
        "denied",
        `bedrock:InvokeModel on ${other} by its region-less ARN (global routing)`,
        "bedrock:InvokeModel",
        regionless(other),
        {},
        "unspecified",
    );
    for (const geography of [...new Set([geographyOf(region), "global"])]) {
        const profile = `${geography}.${other}`;
        add(
            "bedrock-runtime",
            `other-profile/${geography}`,
            "denied",
            `bedrock:InvokeModel through the system profile ${profile}`,
            "bedrock:InvokeModel",
            bedrockArn(region, account, `inference-profile/${profile}`),
        );
    }
    const models: [string, string, string][] = [
        ["application-profile", `${APPLICATION_PROFILE_RESOURCE_TYPE}/zzzzzzzzzzzz`, "an application inference profile that is not the stack's"],
        ["imported-model", "imported-model/zzzzzzzzzzzz", "an imported model"],
        ["provisioned-model", "provisioned-model/zzzzzzzzzzzz", "a provisioned model (Provisioned Throughput)"],
        ["custom-model-deployment", "custom-model-deployment/zzzzzzzzzzzz", "a custom model deployment"],
        ["prompt-router", "prompt-router/zzzzzzzzzzzz", "a prompt router"],
        ["default-prompt-router", "default-prompt-router/anthropic.claude:1", "a default prompt router"],
        ["marketplace-endpoint", "marketplace/model-endpoint/all-access", "a Bedrock Marketplace model endpoint"],
    ];
    for (const [id, resource, words] of models) {
        add("bedrock-runtime", id, "denied", `bedrock:InvokeModel on ${words}`, "bedrock:InvokeModel", bedrockArn(region, account, resource));
    }
    add(
        "bedrock-runtime",
        "custom-model-batch",
        "denied",
        "bedrock:CreateModelInvocationJob on a custom model",
        "bedrock:CreateModelInvocationJob",
        bedrockArn(region, account, "custom-model/zzzzzzzzzzzz"),
    );
    for (const arn of facts.foreignApplicationProfileArns) {
        add(
            "bedrock-runtime",
            `foreign-application-profile/${arn}`,
            "denied",
            `bedrock:InvokeModel on ${arn} (named by the guardrail, not one of the stack's)`,
            "bedrock:InvokeModel",
            arn,
        );
    }
    for (const probe of facts.probeModels.filter((m) => m !== other)) {
        add("bedrock-runtime", `probe/${probe}`, "denied", `bedrock:InvokeModel on ${probe} in ${region}`, "bedrock:InvokeModel", model(region, probe));
        add(
            "bedrock-runtime",
            `probe-profile/${probe}`,
            "denied",
            `bedrock:InvokeModel through the system profile global.${probe}`,
            "bedrock:InvokeModel",
            bedrockArn(region, account, `inference-profile/global.${probe}`),
        );
        add(
            "bedrock-mantle",
            `probe/${probe}`,
            "denied",
            `bedrock-mantle:CreateInference with ${MANTLE_MODEL_KEY} = ${probe}`,
            "bedrock-mantle:CreateInference",
            project,
            { [MANTLE_MODEL_KEY]: probe },
        );
    }

    // bedrock-runtime, the stack's own models: usable through its profiles and directly where routed.
    for (const enabled of facts.enabledModels) {
        for (const action of ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]) {
            add("bedrock-runtime", `own-model/${enabled}/${short(action)}`, "usable", `${action} on ${enabled} in ${region}`, action, model(region, enabled));
        }
        add(
            "bedrock-runtime",
            `own-model/${enabled}/regionless`,
            "usable",
            `bedrock:InvokeModel on ${enabled} by its region-less ARN (global routing)`,
            "bedrock:InvokeModel",
            regionless(enabled),
            {},
            "unspecified",
        );
    }
    for (const profile of facts.profileIds) {
        add(
            "bedrock-runtime",
            `own-profile/${profile}`,
            "usable",
            `bedrock:InvokeModel through ${profile}`,
            "bedrock:InvokeModel",
            bedrockArn(region, account, `inference-profile/${profile}`),
        );
    }
    for (const arn of facts.applicationProfileArns) {
        add(
            "bedrock-runtime",
            `own-application-profile/${arn}`,
            "usable",
            `bedrock:InvokeModel through the stack's application profile ${arn}`,
            "bedrock:InvokeModel",
            arn,
        );
    }

    // bedrock-mantle: the model is a condition key, so every model-running action with another model, and without one.
    for (const action of MANTLE_MODEL_ACTIONS) {
        add("bedrock-mantle", `other-model/${short(action)}`, "denied", `${action} with ${MANTLE_MODEL_KEY} = ${other}`, action, project, {
            [MANTLE_MODEL_KEY]: other,
        });
    }
    add(
        "bedrock-mantle",
        "no-model/CreateInference",
        "denied",
        `bedrock-mantle:CreateInference with no ${MANTLE_MODEL_KEY} in the request`,
        "bedrock-mantle:CreateInference",
        project,
    );
    for (const mantleModel of facts.mantleModels) {
        add(
            "bedrock-mantle",
            `own-model/${mantleModel}`,
            "usable",
            `bedrock-mantle:CreateInference with ${MANTLE_MODEL_KEY} = ${mantleModel}`,
            "bedrock-mantle:CreateInference",
            project,
            { [MANTLE_MODEL_KEY]: mantleModel },
        );
    }

    // Claude Platform on AWS: no key names the model, so the road is closed unless the reviewers open a workspace.
    const otherWorkspace = `arn:${partition}:${CLAUDE_PLATFORM_SERVICE}:${region}:${account}:workspace/${OTHER_WORKSPACE_ID}`;
    for (const action of facts.claudePlatformWorkspaces.includes("*") ? [] : CLAUDE_PLATFORM_MODEL_ACTIONS) {
        add("claude-platform", `other-workspace/${short(action)}`, "denied", `${action} in a workspace the reviewers did not allow`, action, otherWorkspace);
    }

    for (const workspace of facts.namedWorkspaces.filter((w) => !facts.claudePlatformWorkspaces.includes(w) && !facts.claudePlatformWorkspaces.includes("*"))) {
        add(
            "claude-platform",
            `named-workspace/${workspace}`,
            "denied",
            `aws-external-anthropic:CreateInference in ${workspace} (named by the guardrail; the reviewers did not allow it)`,
            "aws-external-anthropic:CreateInference",
            workspace,
        );
    }

    // API keys (bearer tokens), per endpoint and token type, as the reviewers accept them.
    const bearer = [
        ...BEARER_TOKEN_ACTIONS,
        { action: `${CLAUDE_PLATFORM_SERVICE}:CallWithBearerToken`, tokenTypeKey: `${CLAUDE_PLATFORM_SERVICE}:BearerTokenType` },
    ];
    for (const { action, tokenTypeKey } of bearer) {
        const service = action.slice(0, action.indexOf(":"));
        if (facts.allowedApiKeys !== "any") {
            add("api-keys", `${service}/long-term`, "denied", `${action} with a long-term key`, action, "*", { [tokenTypeKey]: LONG_TERM_TOKEN });
        }
        if (facts.allowedApiKeys === "none") {
            add("api-keys", `${service}/short-term`, "denied", `${action} with a short-term key`, action, "*", { [tokenTypeKey]: SHORT_TERM_TOKEN });
        }
    }
    if (facts.placement === "scp" && facts.allowedApiKeys !== "any") {
        add(
            "api-keys",
            "create-long-term",
            "denied",
            "iam:CreateServiceSpecificCredential for Bedrock (creating a long-term key)",
            "iam:CreateServiceSpecificCredential",
            `arn:${partition}:iam::${account}:user/someone`,
            { "iam:ServiceSpecificCredentialServiceName": BEDROCK_API_KEY_SERVICE_NAME },
        );
    }

    // Data retention: no other mode, at account or project level, on either endpoint.
    if (facts.dataRetentionModes.length > 0) {
        for (const change of DATA_RETENTION_CHANGES) {
            const others = DATA_RETENTION_MODES.filter((m) => !facts.dataRetentionModes.includes(m) && !(change.scope === "project" && m === "inherit"));
            for (const mode of others) {
                const resource = change.scope === "project" ? project : "*";
                add("data-retention", `${change.action}/${mode}`, "denied", `${change.action} with mode ${mode}`, change.action, resource, {
                    [change.modeKey]: mode,
                });
            }
        }
    }

    // AWS Marketplace: subscribing to another product (a third-party model's first use subscribes the account).
    add(
        "marketplace",
        "other-product",
        "denied",
        `aws-marketplace:Subscribe to ${OTHER_PRODUCT_ID} (not an allowed model's product)`,
        "aws-marketplace:Subscribe",
        "*",
        {
            "aws-marketplace:ProductId": OTHER_PRODUCT_ID,
        },
    );
    return roads;
}
