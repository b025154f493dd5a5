/**
 * A temporary HOME whose shared AWS credentials file holds one profile, for tests of the stack's
 * aws:profile: the profile has the emulator's keys, while the environment carries other ones.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BedrockEmulator } from "../emulator/bedrockEmulator";

export const PROFILE = "bedrock-deployer";

/** A HOME with ~/.aws/credentials holding PROFILE with the emulator's keys. */
export function homeWithProfile(): string {
    const home = mkdtempSync(path.join(tmpdir(), "aws-home-"));
    mkdirSync(path.join(home, ".aws"));
    const { accessKeyId, secretAccessKey } = BedrockEmulator.credentials;
    writeFileSync(path.join(home, ".aws", "credentials"), `[${PROFILE}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`);
    return home;
}

/** Credentials the emulator does not accept: a request signed with them fails. */
export const OTHER_IDENTITY = { AWS_ACCESS_KEY_ID: "AKIDSOMEONEELSE", AWS_SECRET_ACCESS_KEY: "not-the-deployer" };
