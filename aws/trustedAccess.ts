/**
 * The trusted-access calls (@aws-sdk/client-bedrock 3.1178.0): the programs the account can see
 * with its status in each, and the account's enrollment, read and set. The client is aws/bedrock.ts's.
 */
import type { TrustedAccessOptIn, TrustedAccessProgram, TrustedAccessStatus } from "../bedrock/trustedAccess";
import { bedrockClient, explainBedrockError, explained, isNamed } from "./bedrock";

/** Every program visible to the account in the region (ListTrustedAccessPrograms, all pages). */
export async function listTrustedAccessPrograms(region: string, profile: string | undefined): Promise<TrustedAccessProgram[]> {
    const { client, sdk } = await bedrockClient(region, profile);
    const programs: TrustedAccessProgram[] = [];
    let nextToken: string | undefined;
    do {
        const out = await explained("ListTrustedAccessPrograms", region, "the account's trusted-access programs", () =>
            client.send(new sdk.ListTrustedAccessProgramsCommand({ nextToken })),
        );
        for (const p of out.programSummaries ?? []) {
            programs.push({
                programId: p.programId ?? "",
                name: p.name ?? "",
                description: p.description ?? "",
                providerName: p.providerName ?? "",
                detailsUrl: p.detailsUrl ?? "",
                enrollmentUrl: p.enrollmentUrl,
                status: (p.status ?? "requestable") as TrustedAccessStatus,
                statusReason: p.statusReason,
                source: p.source ?? "program_default",
                optIn: (p.optIn ?? "inherit") as TrustedAccessOptIn,
            });
        }
        nextToken = out.nextToken;
    } while (nextToken !== undefined);
    return programs;
}

/** The account's stored enrollment in a program (`inherit` when none is stored). */
export async function getAccountEnrollment(region: string, profile: string | undefined, programId: string): Promise<TrustedAccessOptIn> {
    const { client, sdk } = await bedrockClient(region, profile);
    const out = await explained("GetTrustedAccessProgramAccountEnrollment", region, `trusted-access program ${programId}`, () =>
        client.send(new sdk.GetTrustedAccessProgramAccountEnrollmentCommand({ programIdentifier: programId })),
    );
    return (out.optIn ?? "inherit") as TrustedAccessOptIn;
}

/**
 * Sets the account's enrollment. Enabling accepts the program's terms; without approval (or after a
 * revocation) Bedrock answers ConflictException and keeps the stored setting (API reference,
 * PutTrustedAccessProgramAccountEnrollment), said here with what to do.
 */
export async function putAccountEnrollment(region: string, profile: string | undefined, programId: string, optIn: TrustedAccessOptIn): Promise<void> {
    const { client, sdk } = await bedrockClient(region, profile);
    try {
        await client.send(new sdk.PutTrustedAccessProgramAccountEnrollmentCommand({ programIdentifier: programId, optIn }));
    } catch (err) {
        if (isNamed(err, "ConflictException")) {
            throw new Error(
                `Bedrock refused to set this account's enrollment in trusted-access program ${programId} to "${optIn}" in ${region}: ` +
                    `the account is not approved for it, or its approval was revoked (${(err as Error).message}). Its status is read ` +
                    "again at the next preview, which says how to apply.",
            );
        }
        throw explainBedrockError(err, "PutTrustedAccessProgramAccountEnrollment", region, `trusted-access program ${programId}`);
    }
}
