/**
 * A stand-in for the provider plugins of the stack's packages (pulumi-resource-aws and
 * pulumi-resource-command), which cannot be obtained here, so that the real stack program runs
 * through the real engine. It answers the three data sources the program reads (partition, caller
 * identity, and the inference profile, which it looks up in the Bedrock emulator over HTTP as the
 * real provider would in Bedrock). Resources: AWS ones are kept as their inputs with made-up ARNs
 * and IDs (nothing is sent anywhere); a local command runs in its directory, as @pulumi/command's
 * provider runs it (the stack's verification step against the emulator). With STAND_IN_LOG set,
 * each create, update and delete is appended to that file as one JSON line, so a test can replay
 * what the stack held after every operation. The engine starts it with its address as the
 * argument; STAND_IN_VERSION is the plugin version it answers for.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import { BedrockClient, GetInferenceProfileCommand } from "@aws-sdk/client-bedrock";
import * as pulumi from "@pulumi/pulumi";

/** The account of the emulator's ARNs (tests/emulator/bedrockEmulator.ts). */
const EMULATOR_ACCOUNT = "123456789012";
/** Where the inputs a resource was given are kept in its state, to diff against the next ones. */
const INPUTS = "__standInInputs";

/** One operation as STAND_IN_LOG records it. */
export interface StandInRecord {
    readonly op: "create" | "update" | "delete";
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The resource's state after the operation (before it, for a delete). */
    readonly outputs: Record<string, unknown>;
}

async function inferenceProfile(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const region = String(inputs.region ?? process.env.AWS_REGION ?? "");
    const client = new BedrockClient({ region });
    try {
        const profile = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: String(inputs.inferenceProfileId) }));
        return {
            id: profile.inferenceProfileId,
            inferenceProfileId: profile.inferenceProfileId,
            inferenceProfileArn: profile.inferenceProfileArn,
            inferenceProfileName: profile.inferenceProfileName,
            description: profile.description ?? "",
            status: profile.status,
            type: profile.type,
            models: (profile.models ?? []).map((m) => ({ modelArn: m.modelArn })),
            region,
        };
    } finally {
        client.destroy();
    }
}

/** The type and name in a URN (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`). */
function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const types = parts[2] ?? "";
    return { type: types.slice(types.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

function record(entry: StandInRecord): void {
    const file = process.env.STAND_IN_LOG;
    if (file !== undefined && file !== "") {
        appendFileSync(file, `${JSON.stringify(entry)}\n`);
    }
}

/** A local command run as @pulumi/command runs it: `sh -c` in its directory, failing the operation on a non-zero exit. */
function runCommand(inputs: Record<string, unknown>): Record<string, unknown> {
    const script = String(inputs.create ?? "");
    try {
        const stdout = execFileSync("/bin/sh", ["-c", script], {
            cwd: typeof inputs.dir === "string" ? inputs.dir : undefined,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        return { stdout, stderr: "" };
    } catch (err) {
        const failed = err as { status?: number; stdout?: string; stderr?: string };
        throw new Error(`the command exited with ${failed.status}: ${failed.stderr ?? ""}${failed.stdout ?? ""}`);
    }
}

/** What AWS would answer for a new resource: its inputs, an ID, and an ARN of the type's form. */
function made(type: string, name: string, inputs: Record<string, unknown>): { id: string; outs: Record<string, unknown> } {
    const suffix = createHash("sha256").update(name).digest("hex").slice(0, 7);
    const region = String(inputs.region ?? process.env.AWS_REGION ?? "ap-southeast-1");
    switch (type) {
        case "aws:iam/policy:Policy": {
            const policyName = typeof inputs.name === "string" ? inputs.name : `${name}-${suffix}`;
            const arn = `arn:aws:iam::${EMULATOR_ACCOUNT}:policy${String(inputs.path ?? "/")}${policyName}`;
            return { id: arn, outs: { ...inputs, name: policyName, arn, policyId: `ANPA${suffix.toUpperCase()}` } };
        }
        case "aws:ssm/parameter:Parameter":
            return {
                id: String(inputs.name),
                outs: { ...inputs, arn: `arn:aws:ssm:${region}:${EMULATOR_ACCOUNT}:parameter${String(inputs.name)}`, value: inputs.insecureValue },
            };
        case "command:local:Command":
            return { id: `${name}-${suffix}`, outs: { ...inputs, ...runCommand(inputs) } };
        default:
            return { id: `${name}-${suffix}`, outs: { ...inputs, arn: `arn:aws:standin:${region}:${EMULATOR_ACCOUNT}:${type}/${name}` } };
    }
}

const provider: pulumi.provider.Provider = {
    version: process.env.STAND_IN_VERSION ?? "0.0.0",
    async invoke(token: string, inputs: Record<string, unknown>): Promise<pulumi.provider.InvokeResult> {
        switch (token) {
            case "aws:index/getPartition:getPartition":
                return { outputs: { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" } };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    outputs: {
                        id: EMULATOR_ACCOUNT,
                        accountId: EMULATOR_ACCOUNT,
                        arn: `arn:aws:iam::${EMULATOR_ACCOUNT}:user/deployer`,
                        userId: "AIDAEMULATOR",
                    },
                };
            case "aws:bedrock/getInferenceProfile:getInferenceProfile":
                return { outputs: await inferenceProfile(inputs) };
            default:
                throw new Error(`The provider stand-in of the engine tests does not answer ${token}.`);
        }
    },
    async diff(_id: string, _urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.provider.DiffResult> {
        return { changes: JSON.stringify(olds[INPUTS] ?? {}) !== JSON.stringify(news) };
    },
    async create(urn: string, inputs: Record<string, unknown>): Promise<pulumi.provider.CreateResult> {
        const { type, name } = parseUrn(urn);
        const { id, outs } = made(type, name, inputs);
        record({ op: "create", type, name, urn, outputs: outs });
        return { id, outs: { ...outs, [INPUTS]: inputs } };
    },
    async update(_id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.provider.UpdateResult> {
        const { type, name } = parseUrn(urn);
        // The ID stays; the inputs are the new ones (an IAM policy's new version, a parameter's new value, a command run again).
        const { outs } = made(type, name, news);
        const kept = type === "aws:iam/policy:Policy" ? { arn: olds.arn, name: olds.name, policyId: olds.policyId } : {};
        const after = { ...outs, ...kept };
        record({ op: "update", type, name, urn, outputs: after });
        return { outs: { ...after, [INPUTS]: news } };
    },
    async delete(_id: string, urn: string, props: Record<string, unknown>): Promise<void> {
        const { type, name } = parseUrn(urn);
        const { [INPUTS]: _inputs, ...outputs } = props;
        record({ op: "delete", type, name, urn, outputs });
    },
    async read(id: string, _urn: string, props?: Record<string, unknown>): Promise<pulumi.provider.ReadResult> {
        // Nothing changes behind the stand-in's back: a refresh reads back what it holds.
        return { id, props: props ?? {} };
    },
};

void pulumi.provider.main(provider, process.argv.slice(2));
