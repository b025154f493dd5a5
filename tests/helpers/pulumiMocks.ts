/**
 * Runs the stack program under Pulumi's mocks and records what it declared: every resource with
 * its parent and dependencies, and every invoke. An invoke the test did not provide fails the run.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import * as settings from "@pulumi/pulumi/runtime/settings";

export interface Registration {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The parent's URN, "" for none. */
    readonly parent: string;
    readonly dependencies: string[];
    readonly inputs: Record<string, unknown>;
    /** The names (or URNs) of the resource's aliases, as the engine receives them. */
    readonly aliases: string[];
}

export interface InvokeRecord {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
}

export type InvokeHandler = (inputs: Record<string, unknown>) => Record<string, unknown>;

export interface MockRun {
    readonly registrations: Registration[];
    readonly invokes: InvokeRecord[];
    readonly outputs: Record<string, unknown>;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getAliasesList(): { getUrn(): string; getSpec(): { getName(): string } | undefined }[];
}

interface PatchableMonitor {
    registerResource(req: RegisterRequest, callback: (err: unknown, res: { getUrn(): string } | undefined) => void): Promise<void>;
}

/** The outputs of the stacks a program under test references, by stack name. */
export const STACK_REFERENCE_OUTPUTS: Record<string, Record<string, unknown>> = {};

/** What each mocked resource returns: an id and outputs derived from its inputs. */
function resourceState(type: string, name: string, inputs: Record<string, unknown>): { id: string; state: Record<string, unknown> } {
    switch (type) {
        case "pulumi-nodejs:dynamic/bedrock:ModelAccess":
            return {
                id: `${String(inputs.region)}/${String(inputs.modelId)}`,
                state: { ...inputs, agreementStatus: "AVAILABLE", agreementCreated: true },
            };
        case "pulumi-nodejs:dynamic/bedrock:MantleProject": {
            // What MantleProject's provider records (components/mantleProject/provider.ts, stateOf): a
            // proj_ ID Bedrock makes up (here from the name), the control plane's ARN and bedrock-mantle's.
            const id = `proj_${createHash("sha256").update(String(inputs.name)).digest("hex").slice(0, 12)}`;
            const arn = `arn:aws:bedrock:${String(inputs.region)}:123456789012:project/${id}`;
            return { id, state: { ...inputs, projectId: id, arn, mantleArn: arn.replace(":bedrock:", ":bedrock-mantle:"), adopted: false } };
        }
        case "aws:iam/policy:Policy":
            return { id: name, state: { ...inputs, arn: `arn:aws:iam::123456789012:policy${String(inputs.path ?? "/")}${name}` } };
        case "aws:iam/role:Role":
            return { id: name, state: { ...inputs, name: inputs.name ?? name, arn: `arn:aws:iam::123456789012:role/${name}` } };
        case "aws:bedrock/inferenceProfile:InferenceProfile": {
            // Bedrock names an application profile with a 12-character ID of its own (here from the resource's name).
            const id = createHash("sha256").update(name).digest("hex").slice(0, 12);
            const arn = `arn:aws:bedrock:${String(inputs.region)}:123456789012:application-inference-profile/${id}`;
            return { id: arn, state: { ...inputs, arn, type: "APPLICATION", status: "ACTIVE" } };
        }
        case "pulumi:pulumi:StackReference":
            // Stack references in the tests read STACK_REFERENCE_OUTPUTS.
            return {
                id: String(inputs.name),
                state: { name: inputs.name, outputs: STACK_REFERENCE_OUTPUTS[String(inputs.name)] ?? {}, secretOutputNames: [] },
            };
        default:
            return { id: `${name}-id`, state: inputs };
    }
}

/** Resolves every Output in a value (deeply), as a stack export would be. */
async function resolve(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // Output's promise() rejects when an apply throws; apply(callback) would just never call back.
        return resolve(await (value as unknown as { promise(): Promise<unknown> }).promise());
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(resolve));
    }
    if (typeof value === "object" && value !== null) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/**
 * Runs `program` (the default export of index.ts) with the given stack configuration
 * (`key: value`, values as Pulumi passes them: strings, JSON for lists and objects).
 */
export async function runWithMocks(
    program: () => Promise<Record<string, unknown>>,
    config: Record<string, string>,
    invokes: Record<string, InvokeHandler>,
    secretKeys: string[] = [],
    project = "bedrock-model-access",
    stack = "dev",
): Promise<MockRun> {
    const registrations: Registration[] = [];
    const invokeRecords: InvokeRecord[] = [];
    const inputsByName = new Map<string, Record<string, unknown>>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                inputsByName.set(`${args.type}::${args.name}`, args.inputs as Record<string, unknown>);
                return resourceState(args.type, args.name, args.inputs as Record<string, unknown>);
            },
            call(args) {
                invokeRecords.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
                const handler = invokes[args.token];
                if (handler === undefined) {
                    throw new Error(`unmocked invoke ${args.token}`);
                }
                return handler(args.inputs as Record<string, unknown>);
            },
        },
        project,
        stack,
        true,
        // The DIY backend's organization: StackReference names read organization/<project>/<stack>.
        "organization",
    );
    // The mock monitor does not pass parents and dependencies to newResource; record them here.
    const monitor = settings.getMonitor() as unknown as PatchableMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, res) => {
            if (res !== undefined) {
                registrations.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: res.getUrn(),
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    inputs: inputsByName.get(`${req.getType()}::${req.getName()}`) ?? {},
                    aliases: req.getAliasesList().map((a) => a.getUrn() || (a.getSpec()?.getName() ?? "")),
                });
            }
            callback(err, res);
        });
    setAllConfig(config, secretKeys);
    try {
        const outputs = (await resolve(await program())) as Record<string, unknown>;
        // Resources declared after the outputs resolve (the verification command) finish registering here.
        await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        return { registrations, invokes: invokeRecords, outputs };
    } catch (err) {
        // What was declared before the failure, for tests that a failure came first.
        throw Object.assign(err as Error, { registrations, invokes: invokeRecords });
    }
}
