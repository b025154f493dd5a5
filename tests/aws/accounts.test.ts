/** The stack's account and organization as STS and Organizations answer (the emulator speaks their wire protocols). */
import * as assert from "node:assert";
import { callerAccount, callerOrganization } from "../../aws/accounts";
import { useBedrockEmulator } from "../helpers/bedrockTestEnvironment";

describe("the stack's account and organization (aws/accounts.ts)", () => {
    const emulator = useBedrockEmulator();

    it("reads the caller's account, and its organization's management account, or none", async () => {
        assert.strictEqual(await callerAccount("us-east-1", undefined), "123456789012");
        assert.strictEqual(await callerOrganization("us-east-1", undefined), undefined, "AWSOrganizationsNotInUseException: in no organization");
        emulator.organizationManagementAccount = "111111111111";
        assert.deepStrictEqual(await callerOrganization("us-east-1", undefined), { id: "o-emulated01", managementAccountId: "111111111111" });
    });
});
