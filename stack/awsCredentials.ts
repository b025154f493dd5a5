/**
 * A preflight for the stack program: stop with a clear message, before anything is declared,
 * when the standard AWS credential chain finds no credentials.
 */
import * as pulumi from "@pulumi/pulumi";

export async function assertAwsCredentials(region: string): Promise<void> {
    const { BedrockClient } = await import("@aws-sdk/client-bedrock");
    // The client's credential provider is the SDK's default chain: environment, SSO, shared
    // files, process, web identity, container and instance metadata.
    const client = new BedrockClient({ region });
    try {
        const credentials = await client.config.credentials();
        if (!credentials.accessKeyId) {
            throw new Error("the credential chain returned no access key");
        }
    } catch (err) {
        throw new pulumi.RunError(
            `No AWS credentials found (${(err as Error).message}). Configure them before running Pulumi: ` +
                "`aws sso login` with AWS_PROFILE set, `aws configure`, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. " +
                "Nothing was changed.",
        );
    } finally {
        client.destroy();
    }
}
