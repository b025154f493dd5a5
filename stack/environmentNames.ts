/**
 * Names of the fixed-name resources an environment declares (log groups, log buckets, application
 * inference profiles), from the project and the stack: unique per project and stack, so two
 * projects with one stack name, or two stacks whose names share a beginning, never take each
 * other's. The project's own name (bedrock-model-access) is left out, as it always was, so the
 * environments deployed before keep their names; where a name is cut to fit, a short hash of the
 * full project and stack names keeps it unique.
 */
import { createHash } from "node:crypto";

/** The project name of this repository's Pulumi.yaml: names of its environments carry the stack's name alone. */
export const DEFAULT_PROJECT = "bedrock-model-access";

function shortHash(project: string, stack: string, length: number): string {
    return createHash("sha256").update(`${project}/${stack}`).digest("hex").slice(0, length);
}

/** The environment as names carry it: `<stack>` in this project, `<project>-<stack>` in another. */
export function environmentName(project: string, stack: string): string {
    return project === DEFAULT_PROJECT ? stack : `${project}-${stack}`;
}

/** The log group the stack writes, by region. */
export function logGroupNameFor(project: string, stack: string): string {
    return project === DEFAULT_PROJECT ? `/bedrock-model-access/${stack}/model-invocations` : `/bedrock-model-access/${project}/${stack}/model-invocations`;
}

const BUCKET_PREFIX = "bedrock-invocation-logs-";
/** aws.s3.Bucket's bucketPrefix may be 37 characters; the fixed part and a closing "-" leave this many. */
const BUCKET_PART = 37 - BUCKET_PREFIX.length - 1;

/**
 * What the names of the stack's buckets start with (aws.s3.Bucket's bucketPrefix, at most 37
 * characters of a-z, 0-9 and -): the stack's name where it fits unchanged (this project), else its
 * beginning and a hash of the full project and stack names.
 */
export function logBucketPrefixFor(project: string, stack: string): string {
    const safe = stack
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "");
    if (project === DEFAULT_PROJECT && safe === stack && safe.length <= BUCKET_PART && safe !== "") {
        return `${BUCKET_PREFIX}${safe}-`;
    }
    const hash = shortHash(project, stack, 7);
    const head = safe.slice(0, BUCKET_PART - hash.length - 1).replace(/-+$/, "");
    return `${BUCKET_PREFIX}${head === "" ? "" : `${head}-`}${hash}-`;
}

/**
 * Whether a bucket is one this stack's prefix made: the prefix and then only the unique suffix S3
 * names add (no further "-"), so `...-dev-` never claims `...-dev-2-...`.
 */
export function isOwnLogBucket(bucketName: string, prefix: string): boolean {
    return bucketName.startsWith(prefix) && /^[0-9a-z]+$/.test(bucketName.slice(prefix.length));
}
