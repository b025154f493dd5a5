/**
 * The provider's check: every bad input is refused with a message naming the property and the
 * fix, before any request reaches Bedrock (the emulator runs and must see nothing).
 */
import * as assert from "node:assert";
import { modelAccessProvider } from "../../../components/modelAccess/provider";
import type { ModelAccessInputs } from "../../../components/modelAccess/inputs";
import { useBedrockEmulator } from "../../helpers/bedrockTestEnvironment";
import { EXAMPLE_FORM as FORM, SONNET } from "../../helpers/fixtures";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

async function check(raw: Record<string, unknown>) {
    return modelAccessProvider.check!({} as ModelAccessInputs, raw as unknown as ModelAccessInputs);
}

interface BadInput {
    readonly name: string;
    readonly raw: Record<string, unknown>;
    readonly property: string;
    readonly says: RegExp;
}

const BAD_INPUTS: BadInput[] = [
    { name: "a wildcard", raw: { modelId: "*" }, property: "modelId", says: /asks for every model \("enable all models"\).*Name one model ID/ },
    { name: '"all"', raw: { modelId: "all" }, property: "modelId", says: /enable all models/ },
    { name: "a provider wildcard", raw: { modelId: "anthropic.*" }, property: "modelId", says: /enable all models/ },
    { name: "an empty model ID", raw: { modelId: "" }, property: "modelId", says: /modelId is empty/ },
    { name: "a missing model ID", raw: { modelId: undefined }, property: "modelId", says: /modelId is required/ },
    {
        name: "an inference-profile ID",
        raw: { modelId: `apac.${SONNET}` },
        property: "modelId",
        says: /is a cross-region inference-profile ID, not a model ID\. Use "anthropic\.claude-sonnet-4-20250514-v1:0" here.*inferenceProfiles/,
    },
    {
        name: "a model ARN",
        raw: { modelId: `arn:aws:bedrock:ap-southeast-1::foundation-model/${SONNET}` },
        property: "modelId",
        says: /is an ARN; give the bare model ID/,
    },
    { name: "an upper-case ID", raw: { modelId: "Anthropic.Claude" }, property: "modelId", says: /is not a Bedrock model ID/ },
    { name: "padding", raw: { modelId: ` ${SONNET}` }, property: "modelId", says: /leading or trailing spaces/ },
    { name: "a malformed region", raw: { region: "ap-southeast" }, property: "region", says: /"ap-southeast" is not an AWS region name/ },
    { name: "no region", raw: { region: undefined }, property: "region", says: /pulumi config set aws:region/ },
    { name: "an unknown offer type", raw: { offerType: "PRIVATE" }, property: "offerType", says: /"PUBLIC" or "ALL"/ },
    { name: "a zero timeout", raw: { accessWaitTimeoutSeconds: 0 }, property: "accessWaitTimeoutSeconds", says: /from 1 to 7200/ },
    {
        name: "revokeOnDestroy for Titan",
        raw: { modelId: "amazon.titan-text-express-v1", revokeOnDestroy: true },
        property: "revokeOnDestroy",
        says: /AWS cannot remove access to amazon\.titan-text-express-v1.*deny the model with an IAM or SCP Deny statement/,
    },
    { name: "revokeOnDestroy for Nova", raw: { modelId: "amazon.nova-pro-v1:0", revokeOnDestroy: true }, property: "revokeOnDestroy", says: /cannot remove/ },
    {
        name: "revokeOnDestroy for Mistral",
        raw: { modelId: "mistral.mistral-large-2402-v1:0", revokeOnDestroy: true },
        property: "revokeOnDestroy",
        says: /cannot remove/,
    },
    {
        name: "revokeOnDestroy for Llama 3 Instruct",
        raw: { modelId: "meta.llama3-8b-instruct-v1:0", revokeOnDestroy: true },
        property: "revokeOnDestroy",
        says: /cannot remove/,
    },
    { name: "a form that is not an object", raw: { useCaseForm: "we build things" }, property: "useCaseForm", says: /must be an object/ },
    {
        name: "a form without its company name",
        raw: { useCaseForm: { ...FORM, companyName: undefined } },
        property: "useCaseForm.companyName",
        says: /useCaseForm\.companyName is required.*pulumi config set --secret --path useCaseForm/,
    },
    {
        name: "a company name over 128 characters",
        raw: { useCaseForm: { ...FORM, companyName: "x".repeat(129) } },
        property: "useCaseForm.companyName",
        says: /129 characters; AWS accepts at most 128/,
    },
    {
        name: "use cases over 8,192 characters",
        raw: { useCaseForm: { ...FORM, useCases: "x".repeat(8193) } },
        property: "useCaseForm.useCases",
        says: /at most 8192/,
    },
    {
        name: "intended users out of range",
        raw: { useCaseForm: { ...FORM, intendedUsers: "3" } },
        property: "useCaseForm.intendedUsers",
        says: /"0" \(internal users\)/,
    },
    { name: "an unknown form field", raw: { useCaseForm: { ...FORM, phone: "555" } }, property: "useCaseForm.phone", says: /unknown field "phone"/ },
];

describe("ModelAccess check", () => {
    const emulator = useBedrockEmulator();

    for (const bad of BAD_INPUTS) {
        it(`refuses ${bad.name}, naming ${bad.property}`, async () => {
            const result = await check({ modelId: SONNET, region: "ap-southeast-1", ...bad.raw });
            const failure = (result.failures ?? []).find((f) => f.property === bad.property);
            assert.ok(failure, `expected a failure on ${bad.property}, got ${JSON.stringify(result.failures)}`);
            assert.match(failure.reason, bad.says);
            assert.strictEqual(result.inputs, undefined, "no inputs go on to create");
            assert.strictEqual(emulator.requests.length, 0, "no request reaches Bedrock");
        });
    }

    it("fills in defaults for valid inputs", async () => {
        const result = await check({ modelId: SONNET, region: "ap-southeast-1" });
        assert.deepStrictEqual(result.failures, undefined);
        assert.deepStrictEqual(result.inputs, {
            modelId: SONNET,
            region: "ap-southeast-1",
            offerType: "PUBLIC",
            revokeOnDestroy: false,
            accessWaitTimeoutSeconds: 900,
        });
    });

    it("accepts a complete form and regions of every partition", async () => {
        for (const region of ["us-gov-west-1", "cn-north-1", "eu-central-2", "ap-southeast-1"]) {
            const result = await check({ modelId: SONNET, region, useCaseForm: FORM });
            assert.deepStrictEqual(result.failures, undefined, region);
        }
    });

    it("lets values that are unknown during preview through", async () => {
        const result = await check({ modelId: UNKNOWN, region: UNKNOWN, useCaseForm: UNKNOWN, revokeOnDestroy: UNKNOWN });
        assert.deepStrictEqual(result.failures, undefined);
    });
});
