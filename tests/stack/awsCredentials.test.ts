/**
 * The credential preflight: it uses the stack's aws:profile when set, and without any credentials
 * it fails fast, without waiting on the instance-metadata endpoint the environment does not name.
 */
import * as assert from "node:assert";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { assertAwsCredentials } from "../../aws/credentials";
import { PROFILE, homeWithProfile } from "../helpers/awsProfile";

const CLEARED = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "HOME",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
];

describe("AWS credential preflight", () => {
    const saved: Record<string, string | undefined> = {};
    beforeEach(() => {
        for (const name of CLEARED) {
            saved[name] = process.env[name];
            delete process.env[name];
        }
    });
    afterEach(() => {
        for (const name of CLEARED) {
            if (saved[name] === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = saved[name];
            }
        }
    });

    it("fails within about a second without any credentials, saying how to configure them", async () => {
        process.env.HOME = mkdtempSync(path.join(tmpdir(), "empty-home-"));
        const started = Date.now();
        await assert.rejects(assertAwsCredentials("ap-southeast-1"), /No AWS credentials found .*Nothing was changed\./);
        const seconds = (Date.now() - started) / 1000;
        assert.ok(seconds < 1.5, `took ${seconds} s`);
        assert.strictEqual(process.env.AWS_EC2_METADATA_DISABLED, undefined, "the environment is left as it was");
    });

    it("finds the credentials of the stack's aws:profile", async () => {
        process.env.HOME = homeWithProfile();
        await assertAwsCredentials("ap-southeast-1", PROFILE);
        await assert.rejects(assertAwsCredentials("ap-southeast-1", "no-such-profile"), /for the profile "no-such-profile" \(aws:profile\)/);
    });
});
