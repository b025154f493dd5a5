/**
 * What bedrock-mantle serves in a Region, read live: its OpenAI-compatible model list
 * (`GET /v1/models`), signed with SigV4 for bedrock-mantle as the deployer through Anthropic's own
 * client (whose typed resources leave the list out), one read per Region and operation.
 */
import { mantleApiRoot, mantleHasRegion } from "../bedrock/endpoints";
import type { MantleModel, MantleRegionRead } from "../bedrock/mantleServing";
import { cachedPerProcess } from "./processCache";

/** One read may take this long: a list is a small answer, and a preview should not wait on a slow Region. */
const READ_TIMEOUT_MS = 15_000;

/** The list's wire shape: OpenAI's `{object: "list", data: [...]}`, each entry with AWS's status and retention fields. */
interface WireList {
    readonly data?: readonly {
        readonly id?: unknown;
        readonly status?: unknown;
        readonly status_reason?: unknown;
        readonly data_retention?: { readonly allowed_modes?: unknown };
    }[];
}

/** The list's root: the Region's host, or the Anthropic base URL's origin where one is set for the SDK (tests, proxies). */
function listRoot(region: string): string {
    const anthropicBase = process.env.ANTHROPIC_BEDROCK_MANTLE_BASE_URL;
    return anthropicBase === undefined || anthropicBase === "" ? mantleApiRoot(region) : anthropicBase.replace(/\/anthropic\/?$/, "");
}

/** The wire list parsed once: unknown fields ignored, a missing status read as available (OpenAI's shape has none). */
export function parseMantleList(body: unknown): MantleModel[] {
    const data = (body as WireList | undefined)?.data;
    return (Array.isArray(data) ? data : []).flatMap((entry) => {
        if (typeof entry?.id !== "string") {
            return [];
        }
        const modes = entry.data_retention?.allowed_modes;
        return [
            {
                id: entry.id,
                status: entry.status === "unavailable" ? ("unavailable" as const) : ("available" as const),
                ...(typeof entry.status_reason === "string" ? { statusReason: entry.status_reason } : {}),
                ...(Array.isArray(modes) ? { allowedModes: modes.filter((m): m is string => typeof m === "string") } : {}),
            },
        ];
    });
}

/** Says why a read failed, in one line: the HTTP status and what it means, or the connection error. */
function readFailure(err: unknown): string {
    const e = (typeof err === "object" && err !== null ? err : {}) as { status?: number; message?: string };
    if (e.status === 403 || e.status === 401) {
        return `refused (${e.status}): the identity needs bedrock-mantle:ListModels (npm run deployer-policy has it)`;
    }
    if (e.status === 429) {
        return "throttled (429)";
    }
    return e.status === undefined ? `not reachable (${e.message ?? String(err)})` : `HTTP ${e.status} (${e.message ?? ""})`;
}

/**
 * The Region's list, or that bedrock-mantle has no endpoint there (no request made), or why it
 * could not be read (no permission, throttled, unreachable): never throws.
 */
export function readMantleRegion(region: string, awsProfile: string | undefined): Promise<MantleRegionRead> {
    if (!mantleHasRegion(region)) {
        return Promise.resolve({ kind: "no-endpoint" });
    }
    return cachedPerProcess(`mantle-models\u0000${region}\u0000${awsProfile ?? ""}`, async (): Promise<MantleRegionRead> => {
        try {
            const { AnthropicBedrockMantle } = await import("@anthropic-ai/bedrock-sdk");
            const client = new AnthropicBedrockMantle({
                awsRegion: region,
                baseURL: listRoot(region),
                // null: sign with SigV4 as the deployer, even where AWS_BEARER_TOKEN_BEDROCK holds an API key.
                apiKey: null,
                ...(awsProfile === undefined ? {} : { awsProfile }),
                maxRetries: 2,
                timeout: READ_TIMEOUT_MS,
            });
            return { kind: "listed", models: parseMantleList(await client.get<WireList>("/v1/models")) };
        } catch (err) {
            return { kind: "unreadable", reason: readFailure(err) };
        }
    });
}
