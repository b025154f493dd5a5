/**
 * Which AWS account a stack runs in, and the organization it belongs to: STS GetCallerIdentity
 * and Organizations DescribeOrganization, as the stack's identity (aws/identity.ts). The
 * organization stack must run in the management account (or as a delegated administrator); an
 * environment must not.
 */
import { identityOptions } from "./identity";

/** The caller's account ID (12 digits). */
export async function callerAccount(region: string, profile: string | undefined): Promise<string> {
    const { STSClient, GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
    const client = new STSClient({ region, ...identityOptions(profile) });
    try {
        const out = await client.send(new GetCallerIdentityCommand({}));
        return out.Account ?? "";
    } finally {
        client.destroy();
    }
}

/** The caller's organization (its ID and management account); undefined when the account is in none. */
export async function callerOrganization(region: string, profile: string | undefined): Promise<{ id: string; managementAccountId: string } | undefined> {
    const { OrganizationsClient, DescribeOrganizationCommand } = await import("@aws-sdk/client-organizations");
    const client = new OrganizationsClient({ region, ...identityOptions(profile) });
    try {
        const out = await client.send(new DescribeOrganizationCommand({}));
        return { id: out.Organization?.Id ?? "", managementAccountId: out.Organization?.MasterAccountId ?? "" };
    } catch (err) {
        if ((err as { name?: string }).name === "AWSOrganizationsNotInUseException") {
            return undefined;
        }
        throw err;
    } finally {
        client.destroy();
    }
}
