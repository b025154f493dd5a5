/**
 * The one identity of every AWS call the project makes itself (model access, the credential
 * preflight, the verification step, `npm run models`): the stack's aws:profile when set, as
 * @pulumi/aws uses it, else the standard chain; always SigV4, never a Bedrock API key.
 */

/**
 * The SDK client options that select the identity: the named profile of the shared AWS files when
 * the stack configures one (it wins over credentials in the environment), else none, so the
 * standard chain applies. Every AWS client of the project takes its identity from here.
 *
 * SigV4 first: the Bedrock clients otherwise switch to bearer-token auth whenever
 * AWS_BEARER_TOKEN_BEDROCK is set (their auth-scheme preference reads it), and would then act
 * with whatever API key is in the deployer's shell instead of the stack's identity.
 */
export function identityOptions(profile: string | undefined): { profile?: string; authSchemePreference: string[] } {
    return profile === undefined ? { authSchemePreference: ["sigv4"] } : { profile, authSchemePreference: ["sigv4"] };
}
