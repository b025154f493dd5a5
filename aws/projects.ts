/**
 * The Projects API of the Bedrock control plane (@aws-sdk/client-bedrock 3.1178.0): an
 * environment's project, found by name, created with its tags and retention mode, read, updated
 * and archived (there is no delete). bedrock-mantle's calls run in a project ("Workspaces
 * (Anthropic-compatible)" are the same resource, chosen with the anthropic-workspace header).
 */
import type { ProjectSummary } from "@aws-sdk/client-bedrock";
import type { DataRetentionMode } from "../bedrock/dataRetention";
import { type ProviderOperation, bedrockClient, explainBedrockError, explained, isNamed } from "./bedrock";

/** A project as the API answers (CreateProject, GetProject, ListProjects, UpdateProject, ArchiveProject). */
export interface BedrockProject {
    /** `default` or `proj_...`. */
    readonly id: string;
    /** arn:<partition>:bedrock:<region>:<account>:project/<id>. */
    readonly arn: string;
    readonly name: string;
    readonly status: "active" | "archived";
    /** The project's own data-retention mode (`inherit`: the account's). */
    readonly dataRetentionMode: DataRetentionMode;
}

function projectOf(p: Pick<ProjectSummary, "id" | "arn" | "name" | "status" | "dataRetention">): BedrockProject {
    return {
        id: p.id ?? "",
        arn: p.arn ?? "",
        name: p.name ?? "",
        status: p.status === "archived" ? "archived" : "active",
        dataRetentionMode: (p.dataRetention?.mode ?? "inherit") as DataRetentionMode,
    };
}

/** The project client of one region and identity. */
export async function projectsApi(region: string, profile: string | undefined) {
    const { client, sdk } = await bedrockClient(region, profile);
    const call = <T>(operation: ProviderOperation, subject: string, send: () => Promise<T>) => explained(operation, region, subject, send);
    return {
        /** The account's active projects with this name (names need not be unique). */
        async findByName(name: string): Promise<BedrockProject[]> {
            const found: BedrockProject[] = [];
            let nextToken: string | undefined;
            do {
                const out = await call("ListProjects", "the account's projects", () =>
                    client.send(new sdk.ListProjectsCommand({ nextToken, statusFilter: "active" })),
                );
                found.push(...(out.projectSummaries ?? []).map(projectOf).filter((p) => p.name === name && p.status === "active"));
                nextToken = out.nextToken;
            } while (nextToken !== undefined);
            return found;
        },
        /** undefined when the project does not exist (any more). */
        async get(id: string): Promise<BedrockProject | undefined> {
            try {
                return projectOf(await client.send(new sdk.GetProjectCommand({ projectIdentifier: id })));
            } catch (err) {
                if (isNamed(err, "ResourceNotFoundException")) {
                    return undefined;
                }
                throw explainBedrockError(err, "GetProject", region, `project ${id}`);
            }
        },
        async create(name: string, tags: Readonly<Record<string, string>>, mode: DataRetentionMode): Promise<BedrockProject> {
            const out = await call("CreateProject", `project ${name}`, () =>
                client.send(
                    new sdk.CreateProjectCommand({
                        name,
                        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
                        dataRetention: { mode: mode as import("@aws-sdk/client-bedrock").DataRetentionMode },
                    }),
                ),
            );
            return projectOf(out);
        },
        async setRetention(id: string, mode: DataRetentionMode): Promise<BedrockProject> {
            const out = await call("UpdateProject", `project ${id}`, () =>
                client.send(
                    new sdk.UpdateProjectCommand({
                        projectIdentifier: id,
                        dataRetention: { mode: mode as import("@aws-sdk/client-bedrock").DataRetentionMode },
                    }),
                ),
            );
            return projectOf(out);
        },
        async archive(id: string): Promise<void> {
            await call("ArchiveProject", `project ${id}`, () => client.send(new sdk.ArchiveProjectCommand({ projectIdentifier: id })));
        },
        async tags(arn: string): Promise<Record<string, string>> {
            const out = await call("ListTagsForResource", arn, () => client.send(new sdk.ListTagsForResourceCommand({ resourceARN: arn })));
            return Object.fromEntries((out.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
        },
        async tag(arn: string, tags: Readonly<Record<string, string>>): Promise<void> {
            await call("TagResource", arn, () =>
                client.send(new sdk.TagResourceCommand({ resourceARN: arn, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) })),
            );
        },
    };
}
