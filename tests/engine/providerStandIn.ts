/**
 * A stand-in for the provider plugins of the stack's packages (pulumi-resource-aws and
 * pulumi-resource-command), which cannot be obtained here, so that the real stack program can be
 * previewed by the real engine. It answers the three data sources the program reads at preview
 * (partition, caller identity, and the inference profile, which it looks up in the Bedrock
 * emulator over HTTP as the real provider would in Bedrock), passes resource inputs through
 * check, and refuses to create anything: a preview is all it is for. The engine starts it with
 * its address as the argument; STAND_IN_VERSION is the plugin version it answers for.
 */
import { BedrockClient, GetInferenceProfileCommand } from "@aws-sdk/client-bedrock";
import * as pulumi from "@pulumi/pulumi";

/** The account of the emulator's ARNs (tests/emulator/bedrockEmulator.ts). */
const EMULATOR_ACCOUNT = "123456789012";

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

const provider: pulumi.provider.Provider = {
    version: process.env.STAND_IN_VERSION ?? "0.0.0",
    async invoke(token: string, inputs: Record<string, unknown>): Promise<pulumi.provider.InvokeResult> {
        switch (token) {
            case "aws:index/getPartition:getPartition":
                return { outputs: { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" } };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    outputs: { id: EMULATOR_ACCOUNT, accountId: EMULATOR_ACCOUNT, arn: `arn:aws:iam::${EMULATOR_ACCOUNT}:user/deployer`, userId: "AIDAEMULATOR" },
                };
            case "aws:bedrock/getInferenceProfile:getInferenceProfile":
                return { outputs: await inferenceProfile(inputs) };
            default:
                throw new Error(`The provider stand-in of the engine tests does not answer ${token}.`);
        }
    },
    async create(urn: string): Promise<pulumi.provider.CreateResult> {
        throw new Error(`The provider stand-in only previews; it does not create ${urn}.`);
    },
};

void pulumi.provider.main(provider, process.argv.slice(2));
