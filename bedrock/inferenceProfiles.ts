/**
 * Reads a system-defined cross-region inference-profile ID and checks it against the source
 * region, before any AWS call, with messages that say what to write instead.
 */
import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { describeGeographySources, geographyFitsRegion, isValidRegion, modelIdProblem, parseProfileId } from "./models";

export interface InferenceProfileRef {
    readonly inferenceProfileId: string;
    /** The geography prefix: us, eu, apac, jp, au, ca, us-gov or global. */
    readonly geography: string;
    /** The foundation model the profile routes to. */
    readonly modelId: string;
    readonly isGlobal: boolean;
}

const EXAMPLE = "apac.anthropic.claude-sonnet-4-20250514-v1:0";

/** Parses and checks the profile ID for the region; throws an Error that says what to write instead. */
export function resolveInferenceProfile(inferenceProfileId: string, sourceRegion: string, field = "inferenceProfileId"): InferenceProfileRef {
    const id = inferenceProfileId.trim();
    if (!isValidRegion(sourceRegion)) {
        throw new Error(`The source region "${sourceRegion}" is not an AWS region name such as ap-southeast-1.`);
    }
    if (id === "") {
        throw new Error(`${field} is empty: give a system-defined inference-profile ID such as ${EXAMPLE}.`);
    }
    const arn = bedrockResource(id);
    const isProfileArn = arn !== undefined && (arn.type === "application-inference-profile" || arn.type === "inference-profile");
    if (isProfileArn && arn.type === "application-inference-profile") {
        throw new Error(
            `${field} "${inferenceProfileId}" is an application inference profile. This project enables ` +
                `system-defined cross-region profiles: give the ID of the profile it copies, such as ${EXAMPLE}.`,
        );
    }
    if (isProfileArn) {
        throw new Error(`${field} "${inferenceProfileId}" is an ARN; give the profile ID alone: "${arn.id}".`);
    }
    if (id.startsWith("arn:")) {
        throw new Error(`${field} "${inferenceProfileId}" is not an inference-profile ARN or ID; give an ID such as ${EXAMPLE}.`);
    }
    const parsed = parseProfileId(id);
    if (parsed === undefined) {
        const asModel = modelIdProblem(id, field) === undefined;
        throw new Error(
            asModel
                ? `${field} "${inferenceProfileId}" is a foundation-model ID, not a cross-region inference profile. ` +
                      `Prefix it with the geography of ${sourceRegion}, for example "${suggestGeography(sourceRegion)}.${id}".`
                : `${field} "${inferenceProfileId}" is not a system-defined inference-profile ID ("<geography>.<model ID>", ` + `for example ${EXAMPLE}).`,
        );
    }
    const problem = modelIdProblem(parsed.modelId, `the model in ${field}`);
    if (problem !== undefined) {
        throw new Error(problem);
    }
    if (!geographyFitsRegion(parsed.geography, sourceRegion)) {
        throw new Error(
            `${field} "${inferenceProfileId}" is a ${parsed.geography}. profile, which is called from ` +
                `${describeGeographySources(parsed.geography)}, but the source region is ${sourceRegion}. Use ` +
                `"${suggestGeography(sourceRegion)}.${parsed.modelId}" (or "global.${parsed.modelId}" where offered), or change aws:region.`,
        );
    }
    return { inferenceProfileId: id, geography: parsed.geography, modelId: parsed.modelId, isGlobal: parsed.geography === "global" };
}

/** The geographic prefix that fits a region best, for suggestions in messages. */
function suggestGeography(region: string): string {
    for (const geography of ["us-gov", "us", "eu", "apac", "ca"]) {
        if (geographyFitsRegion(geography, region)) {
            return geography;
        }
    }
    return "global";
}

/** The region of a foundation-model ARN (`arn:<partition>:bedrock:<region>::foundation-model/<id>`); "" for a region-less ARN. */
export function foundationModelArnRegion(modelArn: string): { region: string; modelId: string } | undefined {
    const arn = bedrockResource(modelArn);
    return arn === undefined || arn.type !== "foundation-model" || arn.accountId !== "" ? undefined : { region: arn.region, modelId: arn.id };
}

/** A Bedrock ARN's parts (@aws-sdk/util-arn-parser), its resource split into type and ID; undefined for anything else. */
function bedrockResource(text: string): { region: string; accountId: string; type: string; id: string } | undefined {
    if (!isArn(text)) {
        return undefined;
    }
    const arn = parseArn(text);
    const slash = arn.resource.indexOf("/");
    if (arn.service !== "bedrock" || !arn.partition.startsWith("aws") || slash <= 0) {
        return undefined;
    }
    return { region: arn.region, accountId: arn.accountId, type: arn.resource.slice(0, slash), id: arn.resource.slice(slash + 1) };
}
