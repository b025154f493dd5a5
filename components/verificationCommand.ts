/**
 * The project's verification step as a command the components run after deploying
 * (commands/verifyAccess.ts, from the project root), signed as the stack's identity: the component's
 * awsProfile, else the stack's aws:profile.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The project root, where the verification script runs. */
export const VERIFY_DIR = path.resolve(__dirname, "..");

/** The command line for these flags, with --aws-profile last where an identity is named. */
export function verificationScript(flags: readonly string[], awsProfile: string | undefined): string {
    const profile = awsProfile ?? new pulumi.Config("aws").get("profile");
    const all = profile !== undefined && profile !== "" ? [...flags, `--aws-profile ${profile}`] : flags;
    return `node -r ts-node/register/transpile-only commands/verifyAccess.ts ${all.join(" ")}`;
}
