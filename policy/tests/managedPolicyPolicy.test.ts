/** Tests of bedrock-no-broad-managed-policies: every attachment shape, exemptions, configuration. */
import * as assert from "node:assert";
import { awsManagedPolicyName, noBroadManagedPolicies } from "../managedPolicyPolicy";
import { type ResourceInput, UNKNOWN, checkResource } from "./policyTestHelpers";

const arn = (name: string, partition = "aws") => `arn:${partition}:iam::aws:policy/${name}`;

async function violations(resource: ResourceInput, config: object = {}): Promise<string[]> {
    return (await checkResource(noBroadManagedPolicies, resource, config)).violations;
}

describe("policy bedrock-no-broad-managed-policies", () => {
    const broad: [string, ResourceInput, RegExp][] = [
        [
            "AmazonBedrockFullAccess on a role attachment",
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "app-bedrock",
                props: { role: "app", policyArn: arn("AmazonBedrockFullAccess") },
            },
            /^app-bedrock: policyArn attaches the AWS-managed policy AmazonBedrockFullAccess/,
        ],
        [
            "AdministratorAccess in a role's managedPolicyArns (aws-us-gov)",
            { type: "aws:iam/role:Role", name: "app", props: { managedPolicyArns: [arn("ReadOnlyAccess"), arn("AdministratorAccess", "aws-us-gov")] } },
            /^app: managedPolicyArns\[1\] attaches the AWS-managed policy AdministratorAccess/,
        ],
        [
            "PowerUserAccess on a group attachment",
            { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "devs", props: { group: "devs", policyArn: arn("PowerUserAccess") } },
            /PowerUserAccess/,
        ],
        [
            "AmazonBedrockFullAccess on a user attachment",
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "u", props: { user: "u", policyArn: arn("AmazonBedrockFullAccess") } },
            /AmazonBedrockFullAccess/,
        ],
        [
            "AdministratorAccess on a PolicyAttachment",
            { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { roles: ["a"], policyArn: arn("AdministratorAccess") } },
            /AdministratorAccess/,
        ],
        [
            "exclusive role attachments",
            {
                type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                name: "ex",
                props: { roleName: "a", policyArns: [arn("AmazonBedrockLimitedAccess")] },
            },
            /policyArns\[0\] attaches .*AmazonBedrockLimitedAccess/,
        ],
        [
            "an IAM Identity Center managed-policy attachment",
            { type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", name: "sso", props: { managedPolicyArn: arn("AdministratorAccess") } },
            /^sso: managedPolicyArn attaches/,
        ],
        [
            "an aws-native user's managedPolicyArns",
            { type: "aws-native:iam:User", name: "nu", props: { managedPolicyArns: [arn("PowerUserAccess")] } },
            /^nu: managedPolicyArns\[0\]/,
        ],
        [
            "an aws-native permission set's managedPolicies",
            { type: "aws-native:sso:PermissionSet", name: "nps", props: { managedPolicies: [arn("AmazonBedrockFullAccess")] } },
            /^nps: managedPolicies\[0\]/,
        ],
    ];
    for (const [name, resource, says] of broad) {
        it(`flags ${name}`, async () => {
            const found = await violations(resource);
            assert.strictEqual(found.length, 1, JSON.stringify(found));
            assert.match(found[0], says);
        });
    }

    it("passes narrow AWS-managed and customer-managed policies", async () => {
        for (const policyArn of [
            arn("AmazonBedrockReadOnly"),
            "arn:aws:iam::123456789012:policy/bedrock-model-access/apac-invoke",
            arn("service-role/AWSLambdaBasicExecutionRole"),
        ]) {
            assert.deepStrictEqual(
                await violations({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: "app", policyArn } }),
                [],
                policyArn,
            );
        }
    });

    it("passes, at preview, an attachment of a policy the stack creates (its ARN not known yet), instead of failing to run", async () => {
        const outcome = await checkResource(noBroadManagedPolicies, {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            props: { role: "app", policyArn: UNKNOWN },
        });
        assert.deepStrictEqual(outcome.violations, []);
        const role = await checkResource(noBroadManagedPolicies, {
            type: "aws:iam/role:Role",
            props: { managedPolicyArns: [UNKNOWN, arn("AdministratorAccess")] },
        });
        assert.strictEqual(role.violations.length, 1, "the known AdministratorAccess beside an unknown ARN is still found");
        assert.match(role.violations[0], /managedPolicyArns\[1\] attaches the AWS-managed policy AdministratorAccess/);
    });

    it("passes an attachment the reviewers exempt by name or URN", async () => {
        const breakGlass: ResourceInput = {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "break-glass",
            props: { role: "admin", policyArn: arn("AdministratorAccess") },
        };
        assert.deepStrictEqual(await violations(breakGlass, { exemptAttachments: ["break-glass"] }), []);
        assert.deepStrictEqual(
            await violations(breakGlass, { exemptAttachments: ["urn:pulumi:dev::test::aws:iam/rolePolicyAttachment:RolePolicyAttachment::break-glass"] }),
            [],
        );
    });

    it("follows the reviewers' list of broad policies", async () => {
        const attachment: ResourceInput = {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            props: { role: "a", policyArn: arn("AmazonBedrockReadOnly") },
        };
        assert.strictEqual((await violations(attachment, { broadManagedPolicies: ["AmazonBedrockReadOnly"] })).length, 1);
    });

    it("reads AWS-managed policy names with a path, in any partition", () => {
        assert.strictEqual(awsManagedPolicyName("arn:aws-cn:iam::aws:policy/job-function/PowerUserAccess"), "PowerUserAccess");
        assert.strictEqual(
            awsManagedPolicyName("arn:aws:iam::123456789012:policy/AdministratorAccess"),
            undefined,
            "a customer policy of the same name is not AWS's",
        );
    });
});
