/**
 * The post-deploy check the stack runs with @pulumi/command, with the deployer's credentials:
 * the inference profile is ACTIVE and model access is AVAILABLE in every region that needs it.
 *
 *   node -r ts-node/register/transpile-only commands/verifyAccess.ts \
 *     --region ap-southeast-1 --profile apac.anthropic.claude-sonnet-4-20250514-v1:0 \
 *     --model anthropic.claude-sonnet-4-20250514-v1:0 [--access-region <region> ...] [--aws-profile <name>]
 */
import { parseArgs as parseCommandLine } from "node:util";
import { connectBedrock, explainBedrockError } from "../components/modelAccess/controlPlane";

export interface VerifyRequest {
    readonly region: string;
    readonly inferenceProfileId: string;
    readonly modelId: string;
    /** Regions where model access must be AVAILABLE (the source region and any extra ones). */
    readonly accessRegions: readonly string[];
    /** The stack's aws:profile, so the check runs as the identity that deployed. */
    readonly awsProfile?: string;
}

/** Returns the lines to print; throws with every problem found. */
export async function verifyAccess(request: VerifyRequest): Promise<string[]> {
    const { BedrockClient, GetInferenceProfileCommand } = await import("@aws-sdk/client-bedrock");
    const problems: string[] = [];
    const lines: string[] = [];

    const client = new BedrockClient({ region: request.region, ...(request.awsProfile === undefined ? {} : { profile: request.awsProfile }) });
    try {
        const profile = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: request.inferenceProfileId }));
        if (profile.status !== "ACTIVE") {
            problems.push(`Inference profile ${request.inferenceProfileId} in ${request.region} is ${profile.status ?? "without status"}, not ACTIVE.`);
        } else {
            lines.push(`Inference profile ${request.inferenceProfileId} is ACTIVE in ${request.region} (${profile.models?.length ?? 0} destination regions).`);
        }
    } catch (err) {
        const name = (err as { name?: string }).name;
        problems.push(
            name === "ResourceNotFoundException"
                ? `Inference profile ${request.inferenceProfileId} does not exist in ${request.region}.`
                : `Could not read inference profile ${request.inferenceProfileId} in ${request.region}: ${(err as Error).message}`,
        );
    } finally {
        client.destroy();
    }

    for (const region of request.accessRegions) {
        try {
            const bedrock = await connectBedrock(region, request.awsProfile);
            const availability = await bedrock.getAvailability(request.modelId);
            const status = availability?.agreementStatus ?? "unknown to Bedrock";
            if (status === "AVAILABLE") {
                lines.push(`Access to ${request.modelId} is AVAILABLE in ${region}.`);
            } else {
                problems.push(`Access to ${request.modelId} in ${region} is ${status}, not AVAILABLE.`);
            }
        } catch (err) {
            problems.push(explainBedrockError(err, "GetFoundationModelAvailability", region, request.modelId).message);
        }
    }
    if (problems.length > 0) {
        throw new Error(`Verification failed:\n  - ${problems.join("\n  - ")}`);
    }
    return lines;
}

function parseArgs(argv: readonly string[]): VerifyRequest {
    const usage = "Usage: verifyAccess --region R --profile ID --model ID [--access-region R ...] [--aws-profile NAME]";
    let values: { region?: string; profile?: string; model?: string; "access-region"?: string[]; "aws-profile"?: string };
    try {
        ({ values } = parseCommandLine({
            args: [...argv],
            strict: true,
            options: {
                region: { type: "string" },
                profile: { type: "string" },
                model: { type: "string" },
                "access-region": { type: "string", multiple: true },
                "aws-profile": { type: "string" },
            },
        }));
    } catch (err) {
        throw new Error(`${(err as Error).message}\n${usage}`);
    }
    const { region, profile, model } = values;
    if (region === undefined || profile === undefined || model === undefined) {
        throw new Error(`verifyAccess needs --region, --profile and --model.\n${usage}`);
    }
    return {
        region,
        inferenceProfileId: profile,
        modelId: model,
        accessRegions: [region, ...(values["access-region"] ?? []).filter((r) => r !== region)],
        awsProfile: values["aws-profile"],
    };
}

if (require.main === module) {
    (async () => {
        try {
            for (const line of await verifyAccess(parseArgs(process.argv.slice(2)))) {
                console.log(line);
            }
        } catch (err) {
            console.error((err as Error).message);
            process.exitCode = 1;
        }
    })();
}
