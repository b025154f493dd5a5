/**
 * bedrock-model-access: enables the configured Claude models on Amazon Bedrock for one
 * environment (one stack), and exports what the application needs to call them.
 */
import * as pulumi from "@pulumi/pulumi";
import { assertAwsCredentials } from "./components/awsCredentials";
import { parseProfileId } from "./components/bedrockModels";
import { ModelAccess } from "./components/modelAccess";
import { readStackSettings } from "./components/stackConfig";

export = async () => {
    const settings = readStackSettings();
    await assertAwsCredentials(settings.region);

    const access = settings.inferenceProfiles.map((profileId) => {
        const modelId = parseProfileId(profileId)?.modelId ?? profileId;
        return new ModelAccess(`${profileId}-access`, {
            modelId,
            region: settings.region,
            useCaseForm: settings.useCaseForm,
            revokeOnDelete: settings.revokeOnDestroy,
            waitTimeoutSeconds: settings.accessWaitTimeoutSeconds,
        });
    });
    return {
        modelAccessStatus: pulumi.all(access.map((a) => pulumi.all([a.modelId, a.agreementStatus]))).apply((pairs) =>
            Object.fromEntries(pairs.map(([modelId, status]) => [modelId, status])),
        ),
    };
};
