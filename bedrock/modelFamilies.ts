/**
 * Which model comes next: a model's provider and family (anthropic / claude-sonnet) and version,
 * read from its ID, and the newest Active model of the same family that a region serves, with the
 * profile to call it through. `npm run models` suggests it; `npm run migrate` names it on refusal.
 */
import { parseProfileId } from "./models";

/** A model ID's parts: `anthropic.claude-sonnet-4-5-20250929-v1:0` -> anthropic, claude-sonnet, [4, 5], 20250929. */
export interface ModelIdParts {
    readonly provider: string;
    /** The words of the name, without numbers or version tags: claude-sonnet, claude-haiku, nova-pro. */
    readonly family: string;
    /** The model's version numbers in order (4.5 -> [4, 5]; Claude 3 Haiku -> [3]). */
    readonly version: readonly number[];
    /** The release date in the ID (yyyymmdd), 0 when it has none. */
    readonly date: number;
}

export function modelIdParts(modelId: string): ModelIdParts {
    const dot = modelId.indexOf(".");
    const provider = dot > 0 ? modelId.slice(0, dot) : "";
    const name = modelId.slice(dot + 1).replace(/:\d+$/, "");
    const words: string[] = [];
    const version: number[] = [];
    let date = 0;
    for (const token of name.split("-")) {
        if (/^\d{8}$/.test(token)) {
            date = Number(token);
        } else if (/^\d{1,3}$/.test(token)) {
            version.push(Number(token));
        } else if (!/^v\d+$/.test(token)) {
            words.push(token);
        }
    }
    return { provider, family: words.join("-"), version, date };
}

/** Positive when a is newer than b (version numbers first, then the date). */
export function compareModels(a: string, b: string): number {
    const pa = modelIdParts(a);
    const pb = modelIdParts(b);
    for (let i = 0; i < Math.max(pa.version.length, pb.version.length); i++) {
        const d = (pa.version[i] ?? 0) - (pb.version[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return pa.date - pb.date;
}

/** A model the region serves through a profile, as `npm run models` lists it. */
export interface ServedModel {
    readonly modelId: string;
    readonly inferenceProfileId?: string;
    readonly lifecycleStatus: "ACTIVE" | "LEGACY";
}

/**
 * The suggested target for a model that is going away: the newest Active model of the same
 * provider and family, newer than it, served through a system-defined profile from the region;
 * through a profile of the same geography as `currentProfileId` when there is one, else `global.`,
 * else any. Undefined when the region serves none.
 */
export function suggestTarget(served: readonly ServedModel[], currentProfileId: string): { modelId: string; inferenceProfileId: string } | undefined {
    const parsed = parseProfileId(currentProfileId);
    if (parsed === undefined) {
        return undefined;
    }
    const { geography, modelId: currentModel } = parsed;
    const current = modelIdParts(currentModel);
    const candidates = served.filter(
        (s): s is ServedModel & { inferenceProfileId: string } =>
            s.inferenceProfileId !== undefined &&
            s.lifecycleStatus === "ACTIVE" &&
            modelIdParts(s.modelId).provider === current.provider &&
            modelIdParts(s.modelId).family === current.family &&
            compareModels(s.modelId, currentModel) > 0,
    );
    if (candidates.length === 0) {
        return undefined;
    }
    const newest = candidates.reduce((a, b) => (compareModels(b.modelId, a.modelId) > 0 ? b : a)).modelId;
    const profiles = candidates.filter((c) => c.modelId === newest).map((c) => c.inferenceProfileId);
    const pick = profiles.find((p) => p.startsWith(`${geography}.`)) ?? profiles.find((p) => p.startsWith("global.")) ?? [...profiles].sort()[0];
    return { modelId: newest, inferenceProfileId: pick };
}
