/**
 * The account's cross-region inference quotas for a model in the source region (Service Quotas,
 * service code `bedrock`): a new account can start at zero, and then every call through the
 * profile throttles although the deployment succeeded.
 */
import { ServiceQuotasClient, paginateListServiceQuotas } from "@aws-sdk/client-service-quotas";
import { identityOptions } from "./identity";

export interface InferenceQuota {
    readonly name: string;
    readonly code: string;
    readonly value: number;
    readonly adjustable: boolean;
}

/** The cross-region quotas of one model through one kind of profile: tokens and (where AWS still lists them) requests per minute. */
export interface CrossRegionQuotas {
    readonly tokensPerMinute?: InferenceQuota;
    /** AWS stopped enforcing (and listing) requests-per-minute quotas in 2026; older accounts and regions may still show them. */
    readonly requestsPerMinute?: InferenceQuota;
}

/**
 * Service Quotas names these quotas after the model's display name, for example "Cross-region model
 * inference tokens per minute for Anthropic Claude Sonnet 4 V1" and "Global cross-region model
 * inference tokens per minute for Anthropic Claude Sonnet 4.5 V1" (capitalisation and the provider
 * and version words vary). Context-length variants ("... V1 1M Context Length") are other quotas.
 */
const QUOTA_NAME = /^(global )?cross-region model inference (tokens|requests) per minute for (.+)$/i;

/** A display name reduced to what the quota names share: lower case, no provider, no trailing version word. */
function reduced(name: string): string {
    return name
        .toLowerCase()
        .replace(/\s+/g, " ")
        .trim()
        .replace(/^anthropic /, "")
        .replace(/ v\d+(\.\d+)?$/, "");
}

/** Picks the model's quotas for a global or a geographic profile out of the region's bedrock quotas. */
export function matchQuotas(quotas: readonly InferenceQuota[], modelName: string, isGlobal: boolean): CrossRegionQuotas {
    const wanted = reduced(modelName);
    const found: { tokensPerMinute?: InferenceQuota; requestsPerMinute?: InferenceQuota } = {};
    for (const quota of quotas) {
        const match = QUOTA_NAME.exec(quota.name.trim());
        if (match === null || (match[1] !== undefined) !== isGlobal || reduced(match[3]) !== wanted) {
            continue;
        }
        found[match[2].toLowerCase() === "tokens" ? "tokensPerMinute" : "requestsPerMinute"] = quota;
    }
    return found;
}

/** Every bedrock quota of the account in a region (ListServiceQuotas follows NextToken; the SDK retries throttling). */
export async function bedrockQuotas(region: string, awsProfile?: string): Promise<InferenceQuota[]> {
    const client = new ServiceQuotasClient({ region, ...identityOptions(awsProfile) });
    try {
        const quotas: InferenceQuota[] = [];
        for await (const page of paginateListServiceQuotas({ client }, { ServiceCode: "bedrock" })) {
            for (const q of page.Quotas ?? []) {
                if (q.QuotaName !== undefined && q.QuotaCode !== undefined && q.Value !== undefined) {
                    quotas.push({ name: q.QuotaName, code: q.QuotaCode, value: q.Value, adjustable: q.Adjustable ?? false });
                }
            }
        }
        return quotas;
    } finally {
        client.destroy();
    }
}

/** How to ask for more of a quota: Service Quotas' request command (or the console). */
export function increaseHint(quota: InferenceQuota, region: string): string {
    return quota.adjustable
        ? `aws service-quotas request-service-quota-increase --service-code bedrock --quota-code ${quota.code} --desired-value <tokens per minute> --region ${region}`
        : `the quota is not adjustable through the API; ask AWS Support for an increase of "${quota.name}" (Service Quotas console, ${region})`;
}

/** The warning for a profile whose tokens-per-minute quota is 0 in the source region, or undefined. */
export function zeroQuotaWarning(quotas: CrossRegionQuotas, profileId: string, region: string): string | undefined {
    const tokens = quotas.tokensPerMinute;
    if (tokens === undefined || tokens.value > 0) {
        return undefined;
    }
    return (
        `Warning: the account's quota "${tokens.name}" (${tokens.code}) is 0 in ${region}, so every call through ${profileId} ` +
        `will be throttled although access is in place. Request more: ${increaseHint(tokens, region)}.`
    );
}
