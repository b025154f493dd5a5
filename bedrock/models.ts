/**
 * Facts about Bedrock model IDs, inference-profile IDs and regions that every part of the
 * project shares: the dynamic provider's input checks, the inference-profile component, the
 * deployer policy and the compliance pack. Pure functions only; regions are checked against the
 * AWS SDK's own partitions table.
 */
import { awsEndpointFunctions } from "@aws-sdk/core/client";
import {
    MODEL_ID_MAX_LENGTH,
    MODEL_ID_PATTERN,
    PROFILE_GEOGRAPHY_PREFIXES,
    type ParsedProfileId,
    type ProfileGeography,
    asksForEveryModel,
    parseProfileId,
} from "../policy/bedrockFacts";

/** An AWS region name such as ap-southeast-1, us-gov-west-1 or cn-north-1. */
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/**
 * Geography prefixes of system-defined cross-region inference profiles, and the source regions
 * each may be called from. `global` fits every region.
 */
const PROFILE_GEOGRAPHIES: Readonly<Record<ProfileGeography, (region: string) => boolean>> = {
    us: (r) => r.startsWith("us-") && !r.startsWith("us-gov-"),
    "us-gov": (r) => r.startsWith("us-gov-"),
    eu: (r) => r.startsWith("eu-"),
    apac: (r) => r.startsWith("ap-"),
    jp: (r) => r === "ap-northeast-1" || r === "ap-northeast-3",
    au: (r) => r === "ap-southeast-2" || r === "ap-southeast-4",
    ca: (r) => r.startsWith("ca-"),
    global: () => true,
};

/** The geography prefixes (policy/bedrockFacts.ts; the map above must have one entry for each). */
export { PROFILE_GEOGRAPHY_PREFIXES };

/** Where a profile geography may be called from, in words, for error messages. */
const GEOGRAPHY_SOURCE_REGIONS: Readonly<Record<ProfileGeography, string>> = {
    us: "us-* regions (not us-gov-*)",
    "us-gov": "us-gov-* regions",
    eu: "eu-* regions",
    apac: "ap-* regions",
    jp: "ap-northeast-1 or ap-northeast-3",
    au: "ap-southeast-2 or ap-southeast-4",
    ca: "ca-* regions",
    global: "any region",
};

/**
 * Model families whose access AWS cannot remove once granted: Amazon Titan and Nova, Mistral AI
 * and Meta Llama 3 Instruct. Deny them with IAM instead.
 */
export function isAccessIrrevocable(modelId: string): boolean {
    return (
        modelId.startsWith("amazon.titan-") ||
        modelId.startsWith("amazon.nova-") ||
        modelId.startsWith("mistral.") ||
        (modelId.startsWith("meta.llama3") && modelId.includes("instruct"))
    );
}

/** Anthropic requires its use-case form before its models can be used. */
export function isAnthropicModel(modelId: string): boolean {
    return modelId.startsWith("anthropic.");
}

/**
 * AWS Marketplace product IDs of the models this project knows, for scoping
 * `aws-marketplace:Subscribe` with the `aws-marketplace:ProductId` condition. Source: the Bedrock
 * user guide, "Use product ID condition keys to control access" (checked 2026-11). Models from
 * Amazon, DeepSeek, Mistral AI, Meta, Qwen and OpenAI are not sold through the Marketplace.
 */
export const MARKETPLACE_PRODUCT_IDS: Readonly<Record<string, string>> = {
    "anthropic.claude-sonnet-4-20250514-v1:0": "prod-4pmewlybdftbs",
    // Not in the user guide's table when checked; from Claude Sonnet 4.6's model card and its
    // Marketplace listing, "Claude Sonnet 4.6 (Amazon Bedrock Edition)" (checked 2026-12).
    "anthropic.claude-sonnet-4-6": "prod-ffvjxvh4ltq64",
    // The current Claude models, each from its model card's "Marketplace product ID" (the Bedrock
    // user guide's model-card-anthropic-claude-* pages, read 2026-12-07; Fable 5's card:
    // prod-h6swdfybvty7y). Haiku 4.5 is listed above under its bedrock-runtime ID.
    "anthropic.claude-sonnet-5-5": "prod-pjfguoisodbd6",
    "anthropic.claude-sonnet-5": "prod-4ezhkeia6k2cs",
    "anthropic.claude-opus-4-6-v1": "prod-5ukwuglpt66kg",
    "anthropic.claude-opus-4-7": "prod-d2ik6zgct5hxi",
    "anthropic.claude-opus-4-8": "prod-bk5rjg4eo2pke",
    "anthropic.claude-opus-5": "prod-if5d653ow7ehg",
    "anthropic.claude-opus-5-5": "prod-e5xo6z26ie45g",
    "anthropic.claude-haiku-5-5": "prod-6cyn7tgqazjhu",
    "anthropic.claude-fable-5": "prod-h6swdfybvty7y",
    "anthropic.claude-fable-5-1": "prod-lt3y75wunrtv4",
    "anthropic.claude-fable-5-2": "prod-m733do2vrmi3o",
    "anthropic.claude-mythos-5": "prod-kyryzgfmbtwtc",
    "anthropic.claude-mythos-5-1": "prod-k24dbcuykobku",
    "anthropic.claude-opus-4-20250514-v1:0": "prod-azycxvnd5mhqi",
    "anthropic.claude-opus-4-1-20250805-v1:0": "prod-w3q2d6rfge4tw",
    "anthropic.claude-sonnet-4-5-20250929-v1:0": "prod-mxcfnwvpd6kb4",
    "anthropic.claude-haiku-4-5-20251001-v1:0": "prod-xdkflymybwmvi",
    "anthropic.claude-3-7-sonnet-20250219-v1:0": "prod-4dlfvry4v5hbi",
    "anthropic.claude-3-5-sonnet-20241022-v2:0": "prod-cx7ovbu5wex7g",
    "anthropic.claude-3-5-sonnet-20240620-v1:0": "prod-m5ilt4siql27k",
    "anthropic.claude-3-5-haiku-20241022-v1:0": "prod-5oba7y7jpji56",
    "anthropic.claude-3-haiku-20240307-v1:0": "prod-ozonys2hmmpeu",
};

const NON_MARKETPLACE_PROVIDERS: readonly string[] = ["amazon", "deepseek", "mistral", "meta", "qwen", "openai"];

/** Whether the model is sold through AWS Marketplace (and so needs `aws-marketplace:Subscribe`). */
export function isMarketplaceModel(modelId: string): boolean {
    return !NON_MARKETPLACE_PROVIDERS.includes(modelId.split(".")[0]);
}

/** The form of an AWS Marketplace product ID, as the product-ID table prints them. */
export const PRODUCT_ID_PATTERN = /^prod-[a-z0-9]{8,}$/;

/** Product IDs a stack adds for models this table does not know yet, by model ID. */
export type ProductIdTable = Readonly<Record<string, string>>;

/**
 * The Marketplace product IDs of the Marketplace-sold models among `modelIds`, sorted and
 * without repeats; `known` (the stack's marketplaceProductIds) adds to and overrides the table
 * above. Throws, saying how to fix it, when a product ID is not known: a policy scoped by
 * product would otherwise silently leave the model out.
 */
export function marketplaceProductIds(modelIds: readonly string[], known: ProductIdTable = {}): string[] {
    const { productIds, unknown } = knownMarketplaceProductIds(modelIds, known);
    if (unknown.length > 0) {
        throw new Error(unknownProductIdMessage(unknown));
    }
    return productIds;
}

/** The product IDs known for `modelIds`, and the Marketplace models among them whose ID is not known. */
export function knownMarketplaceProductIds(modelIds: readonly string[], known: ProductIdTable = {}): { productIds: string[]; unknown: string[] } {
    const table: ProductIdTable = { ...MARKETPLACE_PRODUCT_IDS, ...known };
    const marketplaceModels = [...new Set(modelIds.filter(isMarketplaceModel))].sort();
    const unknown = marketplaceModels.filter((id) => table[id] === undefined);
    const productIds = [...new Set(marketplaceModels.filter((id) => table[id] !== undefined).map((id) => table[id]))].sort();
    return { productIds, unknown };
}

function unknownProductIdMessage(unknown: readonly string[]): string {
    return (
        `No AWS Marketplace product ID is known for ${unknown.join(", ")}, so aws-marketplace:Subscribe cannot be ` +
        `scoped to it. Look it up in the Bedrock user guide ("Use product ID condition keys to control access") ` +
        `and set it in the stack: \`pulumi config set --path 'marketplaceProductIds["${unknown[0]}"]' prod-...\` ` +
        `(for npm run deployer-policy: --product-id ${unknown[0]}=prod-...).`
    );
}

/**
 * A region AWS has: shaped like one and listed in the partitions data of the AWS SDK this project
 * installs (the table the SDK resolves endpoints from). A region launched after that SDK release
 * is refused until the SDK is updated; `zz-north-1` is refused always.
 */
export function isValidRegion(region: string): boolean {
    return REGION_PATTERN.test(region) && partitionEntry(region).description !== undefined;
}

/** The partition of a region (aws, aws-cn, aws-us-gov, ...), for ARNs built before any AWS call. */
export function partitionOf(region: string): string {
    return String(partitionEntry(region).name);
}

/** The SDK's partition entry for a region; a known region's carries its description. */
function partitionEntry(region: string): { readonly name?: unknown; readonly description?: unknown } {
    return awsEndpointFunctions.partition(region) as { name?: unknown; description?: unknown };
}

export { parseProfileId };
export type { ParsedProfileId };

/** Whether a profile of this geography may be called from the region. */
export function geographyFitsRegion(geography: string, region: string): boolean {
    const fits = (PROFILE_GEOGRAPHIES as Readonly<Record<string, (region: string) => boolean>>)[geography];
    return fits?.(region);
}

/** "ap-* regions", "any region", ... for messages. */
export function describeGeographySources(geography: string): string {
    return (GEOGRAPHY_SOURCE_REGIONS as Readonly<Record<string, string>>)[geography] ?? "no known region";
}

/**
 * Why a text is not one concrete foundation-model ID, or undefined when it is one. `field`
 * names the property in the message, so each caller's message points at what the user wrote.
 */
export function modelIdProblem(modelId: string, field: string): string | undefined {
    const trimmed = modelId.trim();
    if (trimmed === "") {
        return `${field} is empty: name one foundation model, for example anthropic.claude-sonnet-4-20250514-v1:0.`;
    }
    if (asksForEveryModel(trimmed)) {
        return (
            `${field} "${modelId}" asks for every model ("enable all models"); this project enables specific ` +
            `models only. Name one model ID, for example anthropic.claude-sonnet-4-20250514-v1:0, and one ` +
            `resource per model.`
        );
    }
    if (trimmed.startsWith("arn:")) {
        return (
            `${field} "${modelId}" is an ARN; give the bare model ID (for example ` +
            `anthropic.claude-sonnet-4-20250514-v1:0). Inference profiles go in the inferenceProfiles configuration.`
        );
    }
    const profile = parseProfileId(trimmed);
    if (profile !== undefined) {
        return (
            `${field} "${modelId}" is a cross-region inference-profile ID, not a model ID. Use ` +
            `"${profile.modelId}" here, and put the profile ID in the inferenceProfiles configuration ` +
            `(the InferenceProfileAccess component's inferenceProfileId).`
        );
    }
    if (trimmed !== modelId) {
        return `${field} "${modelId}" has leading or trailing spaces; remove them.`;
    }
    if (modelId.length > MODEL_ID_MAX_LENGTH || !MODEL_ID_PATTERN.test(modelId)) {
        return (
            `${field} "${modelId}" is not a Bedrock model ID (lower-case "<provider>.<model>[:version]", at most ` +
            `${MODEL_ID_MAX_LENGTH} characters), for example anthropic.claude-sonnet-4-20250514-v1:0.`
        );
    }
    return undefined;
}
