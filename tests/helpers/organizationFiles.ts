/** An environment file under an organization stack (mode "organization", organizationStack org), as the organization tests write them. */

/** Pulumi.<env>.yaml in ap-southeast-1 with these inference profiles, the chat-backend role, and, where given, the member account's aws:profile. */
export function organizationEnvironmentFile(profileIds: readonly string[], awsProfile?: string): string {
    return [
        "config:",
        "  aws:region: ap-southeast-1",
        ...(awsProfile === undefined ? [] : [`  aws:profile: ${awsProfile}`]),
        "  bedrock-model-access:inferenceProfiles:",
        ...profileIds.map((p) => `    - ${p}`),
        "  bedrock-model-access:invokeRoleNames:",
        "    - chat-backend",
        "  bedrock-model-access:modelGuardrail:",
        "    mode: organization",
        "    organizationStack: org",
        "",
    ].join("\n");
}
