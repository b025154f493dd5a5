/** Values the tests share. */
import type { InvokePolicyInput } from "../../components/inferenceProfileAccess/invokePolicy";
import type { UseCaseForm } from "../../components/modelAccess/inputs";

export const REGION = "ap-southeast-1";
export const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
export const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

/**
 * A complete, valid use-case form; its values must never show up in plaintext in state or output,
 * so they are distinctive (the product's own messages say "Example Corp").
 */
export const EXAMPLE_FORM: UseCaseForm = {
    companyName: "Fixture Robotics Pte Ltd",
    companyWebsite: "https://fixture-robotics.example",
    intendedUsers: "0",
    industryOption: "Software",
    useCases: "Summarise fixture-robotics support tickets for the engineering team.",
};

/** The environments' model (Claude Sonnet 4.6) and its global profile from ap-southeast-1, as the invoke policy takes them. */
export const SONNET_46 = "anthropic.claude-sonnet-4-6";
export const GLOBAL_46_INVOKE_INPUT: InvokePolicyInput = {
    partition: "aws",
    sourceRegion: REGION,
    inferenceProfileArn: `arn:aws:bedrock:${REGION}:123456789012:inference-profile/global.${SONNET_46}`,
    modelId: SONNET_46,
    destinationRegions: [],
    isGlobal: true,
    allowStreaming: true,
    accountId: "123456789012",
};
