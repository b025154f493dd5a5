/**
 * The one identity of every AWS call the project makes itself (model access, the credential
 * preflight, the verification step, `npm run models`): the stack's aws:profile when set, as
 * @pulumi/aws uses it, else the standard chain.
 */

/**
 * The SDK client options that select the identity: the named profile of the shared AWS files when
 * the stack configures one (it wins over credentials in the environment), else none, so the
 * standard chain applies. Every AWS client of the project takes its identity from here.
 */
export function identityOptions(profile: string | undefined): { profile?: string } {
    return profile === undefined ? {} : { profile };
}
