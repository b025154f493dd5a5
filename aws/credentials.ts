/**
 * A preflight for the stack program and the deploy runner: stop with a clear message, before
 * anything is declared, when the identity the stack will use has no credentials. That identity
 * is the stack's aws:profile when set (as for @pulumi/aws), else the standard chain.
 */
import * as pulumi from "@pulumi/pulumi";
import { bedrockClient } from "./bedrock";

/**
 * The instance-metadata endpoint is asked only where the environment says it is there
 * (AWS_EC2_METADATA_DISABLED=false, or AWS_EC2_METADATA_SERVICE_ENDPOINT): elsewhere the lookup
 * only waits for a timeout before saying there are no credentials.
 */
function metadataWanted(env: NodeJS.ProcessEnv): boolean {
    return env.AWS_EC2_METADATA_DISABLED === "false" || env.AWS_EC2_METADATA_SERVICE_ENDPOINT !== undefined;
}

export async function assertAwsCredentials(region: string, profile?: string): Promise<void> {
    const restoreMetadata = process.env.AWS_EC2_METADATA_DISABLED;
    if (!metadataWanted(process.env)) {
        process.env.AWS_EC2_METADATA_DISABLED = "true";
    }
    // The client's credential provider: the profile's shared files, or the SDK's default chain
    // (environment, SSO, shared files, process, web identity, container, instance metadata).
    const { client } = await bedrockClient(region, profile);
    try {
        const credentials = await client.config.credentials();
        if (!credentials.accessKeyId) {
            throw new Error("the credential chain returned no access key");
        }
    } catch (err) {
        throw new pulumi.RunError(
            `No AWS credentials found${profile === undefined ? "" : ` for the profile "${profile}" (aws:profile)`} ` +
                `(${(err as Error).message}). Configure them before running Pulumi: ` +
                "`aws sso login` with AWS_PROFILE set, `aws configure`, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY " +
                "(on EC2, set AWS_EC2_METADATA_DISABLED=false to use the instance role). Nothing was changed.",
        );
    } finally {
        if (restoreMetadata === undefined) {
            delete process.env.AWS_EC2_METADATA_DISABLED;
        } else {
            process.env.AWS_EC2_METADATA_DISABLED = restoreMetadata;
        }
    }
}
