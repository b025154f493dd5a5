/**
 * The dynamic provider behind MantleProject: an environment's Bedrock project, where its
 * bedrock-mantle calls run (and its spend, metrics and retention are its own). create adopts an
 * active project of the same name whose `environment` tag is this environment's, refuses one
 * tagged for another, and otherwise creates it with its tags and retention mode; read reports
 * drift (tags, mode, an archived or vanished project); update sets the mode and tags again;
 * delete archives (the Projects API has no delete; archiving is final).
 */
import type { dynamic } from "@pulumi/pulumi";
import { type BedrockProject, projectsApi } from "../../aws/projects";
import { type DataRetentionMode, isDataRetentionMode } from "../../bedrock/dataRetention";
import { isValidRegion } from "../../bedrock/models";
import { ENVIRONMENT_TAG } from "../../policy/bedrockFacts";
import { isUnknown } from "../modelAccess/inputs";
import { type Log, withProgress } from "../modelAccess/progress";
import { withoutUndefined } from "../modelAccess/state";

export interface MantleProjectInputs {
    readonly name: string;
    readonly region: string;
    /** Every tag, `environment` included (the environment it belongs to). */
    readonly tags: Readonly<Record<string, string>>;
    /** The project's own data-retention mode (`inherit`: the account's). */
    readonly dataRetentionMode: DataRetentionMode;
    readonly awsProfile?: string;
    readonly resourceUrn?: string;
}

export interface MantleProjectState extends MantleProjectInputs {
    /** `proj_...`. */
    readonly projectId: string;
    /** The control plane's ARN (arn:...:bedrock:...:project/<id>). */
    readonly arn: string;
    /** What bedrock-mantle's IAM names: arn:<partition>:bedrock-mantle:<region>:<account>:project/<id>. */
    readonly mantleArn: string;
    /** Whether the project existed before this stack (adopted by name and environment tag). */
    readonly adopted: boolean;
    /** Tags and mode Bedrock reported at the last read, where they differ from the declared ones (drift). */
    readonly observedTags?: Readonly<Record<string, string>>;
    readonly observedMode?: DataRetentionMode;
}

/** The ARN bedrock-mantle's IAM names for a project whose control-plane ARN is given. */
export function mantleArnOf(arn: string): string {
    return arn.replace(/^arn:([^:]+):bedrock:/, "arn:$1:bedrock-mantle:");
}

/** Why the inputs cannot be applied, before any AWS call. */
export function mantleProjectFailures(raw: Record<string, unknown>): dynamic.CheckFailure[] {
    const failures: dynamic.CheckFailure[] = [];
    if (!isUnknown(raw.name) && (typeof raw.name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(raw.name))) {
        failures.push({ property: "name", reason: `name must be 1 to 64 letters, digits, _ or -, got ${JSON.stringify(raw.name)}.` });
    }
    if (!isUnknown(raw.region) && (typeof raw.region !== "string" || !isValidRegion(raw.region))) {
        failures.push({ property: "region", reason: `region must be an AWS region such as us-east-1, got ${JSON.stringify(raw.region)}.` });
    }
    if (!isUnknown(raw.dataRetentionMode) && !isDataRetentionMode(raw.dataRetentionMode)) {
        failures.push({
            property: "dataRetentionMode",
            reason: `dataRetentionMode must be a Bedrock data-retention mode, got ${JSON.stringify(raw.dataRetentionMode)}.`,
        });
    }
    const tags = raw.tags as Record<string, unknown> | undefined;
    if (!isUnknown(tags) && (typeof tags !== "object" || tags === null || typeof tags[ENVIRONMENT_TAG] !== "string")) {
        failures.push({ property: "tags", reason: `tags must be an object of strings with an "${ENVIRONMENT_TAG}" tag, got ${JSON.stringify(tags)}.` });
    }
    return failures;
}

async function check(_olds: Partial<MantleProjectInputs>, news: MantleProjectInputs): Promise<dynamic.CheckResult<MantleProjectInputs>> {
    const failures = mantleProjectFailures(news as unknown as Record<string, unknown>);
    return failures.length > 0 ? { failures } : { inputs: news };
}

function sameTags(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
    return a !== undefined && Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
}

async function diff(_id: string, olds: MantleProjectState, news: MantleProjectInputs): Promise<dynamic.DiffResult> {
    const o = olds as unknown as Record<string, unknown>;
    const n = news as unknown as Record<string, unknown>;
    const replaces = ["name", "region"].filter((k) => isUnknown(n[k]) || o[k] !== n[k]);
    const drifted =
        (olds.observedTags !== undefined && !sameTags(olds.observedTags, news.tags)) ||
        (olds.observedMode !== undefined && olds.observedMode !== news.dataRetentionMode);
    const changes =
        replaces.length > 0 ||
        drifted ||
        isUnknown(n.tags) ||
        !sameTags(olds.tags, news.tags) ||
        olds.dataRetentionMode !== news.dataRetentionMode ||
        olds.awsProfile !== news.awsProfile;
    return { changes, replaces };
}

/** Sets the declared mode and tags on a project that has others; returns the project as Bedrock answers after. */
async function converge(api: Awaited<ReturnType<typeof projectsApi>>, project: BedrockProject, inputs: MantleProjectInputs, log: Log): Promise<BedrockProject> {
    let current = project;
    if (current.dataRetentionMode !== inputs.dataRetentionMode) {
        current = await api.setRetention(current.id, inputs.dataRetentionMode);
        log(`Set project ${inputs.name} (${current.id})'s data-retention mode from "${project.dataRetentionMode}" to "${inputs.dataRetentionMode}".`);
    }
    const tags = await api.tags(current.arn);
    if (!Object.entries(inputs.tags).every(([k, v]) => tags[k] === v)) {
        await api.tag(current.arn, inputs.tags);
        log(
            `Tagged project ${inputs.name} (${current.id}) with ${Object.entries(inputs.tags)
                .map(([k, v]) => `${k}=${v}`)
                .join(", ")}.`,
        );
    }
    return current;
}

function stateOf(inputs: MantleProjectInputs, project: BedrockProject, adopted: boolean): MantleProjectState {
    return withoutUndefined({
        ...inputs,
        projectId: project.id,
        arn: project.arn,
        mantleArn: mantleArnOf(project.arn),
        adopted,
        observedTags: undefined,
        observedMode: undefined,
    });
}

async function create(inputs: MantleProjectInputs): Promise<dynamic.CreateResult<MantleProjectState>> {
    return withProgress(inputs.resourceUrn, async (log) => {
        const api = await projectsApi(inputs.region, inputs.awsProfile);
        const environment = inputs.tags[ENVIRONMENT_TAG];
        const sameName = await api.findByName(inputs.name);
        const tagged = await Promise.all(sameName.map(async (p) => ({ project: p, tags: await api.tags(p.arn) })));
        const ours = tagged.find((t) => t.tags[ENVIRONMENT_TAG] === environment);
        if (ours !== undefined) {
            log(`Adopting the existing project ${inputs.name} (${ours.project.id}) in ${inputs.region}: its ${ENVIRONMENT_TAG} tag is ${environment}.`);
            const project = await converge(api, ours.project, inputs, log);
            return { id: project.id, outs: stateOf(inputs, project, true) };
        }
        if (tagged.length > 0) {
            throw new Error(
                `${inputs.region} already has an active project named ${inputs.name} (${tagged.map((t) => `${t.project.id}, ${ENVIRONMENT_TAG}=${t.tags[ENVIRONMENT_TAG] ?? "none"}`).join("; ")}), ` +
                    `not tagged ${ENVIRONMENT_TAG}=${environment}. The stack adopts a project only when its tag says it is this environment's: ` +
                    `tag it (\`aws bedrock tag-resource --resource-arn <arn> --tags key=${ENVIRONMENT_TAG},value=${environment}\`) if it is, or archive or rename it.`,
            );
        }
        const project = await api.create(inputs.name, inputs.tags, inputs.dataRetentionMode);
        log(
            `Created project ${inputs.name} (${project.id}) in ${inputs.region}, data retention "${inputs.dataRetentionMode}", for this environment's bedrock-mantle calls.`,
        );
        return { id: project.id, outs: stateOf(inputs, project, false) };
    });
}

async function read(id: string, props?: MantleProjectState): Promise<dynamic.ReadResult<MantleProjectState>> {
    if (props === undefined || props.region === undefined) {
        throw new Error(`MantleProject ${id} cannot be imported; the stack adopts its environment's project by name and environment tag at pulumi up.`);
    }
    return withProgress(props.resourceUrn, async (log) => {
        const api = await projectsApi(props.region, props.awsProfile);
        const project = await api.get(id);
        if (project === undefined || project.status === "archived") {
            log(
                `Project ${props.name} (${id}) is ${project === undefined ? "gone" : "archived"}, outside Pulumi; the next pulumi up creates the environment's project again.`,
            );
            return {};
        }
        const tags = await api.tags(project.arn);
        const tagsDrifted = !sameTags(tags, props.tags);
        if (tagsDrifted || project.dataRetentionMode !== props.dataRetentionMode) {
            log(`Project ${props.name} (${id}) was changed outside Pulumi (tags or data-retention mode); the next pulumi up sets the declared ones again.`);
        }
        return {
            id,
            props: withoutUndefined({
                ...props,
                observedTags: tagsDrifted ? tags : undefined,
                observedMode: project.dataRetentionMode !== props.dataRetentionMode ? project.dataRetentionMode : undefined,
            }),
        };
    });
}

async function update(id: string, olds: MantleProjectState, news: MantleProjectInputs): Promise<dynamic.UpdateResult<MantleProjectState>> {
    return withProgress(news.resourceUrn, async (log) => {
        const api = await projectsApi(news.region, news.awsProfile);
        const project = await api.get(id);
        if (project === undefined || project.status === "archived") {
            throw new Error(
                `Project ${news.name} (${id}) is ${project === undefined ? "gone" : "archived"}; run \`pulumi refresh\` and pulumi up again to create a new one.`,
            );
        }
        const after = await converge(api, project, news, log);
        return { outs: stateOf(news, after, olds.adopted) };
    });
}

async function deleteProject(id: string, props: MantleProjectState): Promise<void> {
    return withProgress(props.resourceUrn, async (log) => {
        const api = await projectsApi(props.region, props.awsProfile);
        const project = await api.get(id);
        if (project === undefined || project.status === "archived") {
            log(`Project ${props.name} (${id}) is already ${project === undefined ? "gone" : "archived"}.`);
            return;
        }
        await api.archive(id);
        log(
            `Archived project ${props.name} (${id}) in ${props.region}: the Projects API has no delete; an archived project takes no calls and cannot be restored.`,
        );
    });
}

/** The provider object; MantleProject stores a reference to it (components/dynamicProvider/byReference.ts). */
export const mantleProjectProvider: dynamic.ResourceProvider<MantleProjectInputs, MantleProjectState> = {
    check,
    diff,
    create,
    read,
    update,
    delete: deleteProject,
};
