/**
 * The dynamic provider behind UseCaseForm: Anthropic's use-case form, submitted once where the
 * organization stack runs (the management account; members inherit it through the API), in each
 * region its environments use. create submits it only where the account has none (recording
 * whether it did); update submits a changed form again; read says whether a form is on file;
 * delete leaves it (there is no API to withdraw one).
 */
import { createHash } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import { connectBedrock } from "../../aws/bedrock";
import { isValidRegion } from "../../bedrock/models";
import { type UseCaseForm, isUnknown, serializeUseCaseForm, useCaseFormFailures } from "../modelAccess/inputs";
import { withProgress } from "../modelAccess/progress";
import { withoutUndefined } from "../modelAccess/state";

export interface UseCaseFormInputs {
    readonly region: string;
    readonly useCaseForm: UseCaseForm;
    readonly awsProfile?: string;
    readonly resourceUrn?: string;
}

export interface UseCaseFormState extends Omit<UseCaseFormInputs, "useCaseForm"> {
    /** Whether this resource submitted the form (false: the account had one already). */
    readonly submitted: boolean;
    /** A digest of the form last submitted or found, so a changed form is submitted again; never the form itself. */
    readonly formDigest: string;
    /** Whether a form was on file at the last read. */
    readonly onFile?: boolean;
}

function digest(form: UseCaseForm): string {
    return createHash("sha256").update(serializeUseCaseForm(form)).digest("hex");
}

async function check(_olds: Partial<UseCaseFormInputs>, news: UseCaseFormInputs): Promise<dynamic.CheckResult<UseCaseFormInputs>> {
    const failures: dynamic.CheckFailure[] = [];
    if (!isUnknown(news.region) && (typeof news.region !== "string" || !isValidRegion(news.region))) {
        failures.push({ property: "region", reason: `region must be an AWS region, got ${JSON.stringify(news.region)}.` });
    }
    if (!isUnknown(news.useCaseForm)) {
        failures.push(...useCaseFormFailures(news.useCaseForm).map((f) => ({ property: "useCaseForm", reason: f.reason })));
    }
    return failures.length > 0 ? { failures } : { inputs: news };
}

async function diff(_id: string, olds: UseCaseFormState, news: UseCaseFormInputs): Promise<dynamic.DiffResult> {
    const replaces = isUnknown(news.region) || olds.region !== news.region ? ["region"] : [];
    const changes =
        replaces.length > 0 ||
        isUnknown(news.useCaseForm) ||
        olds.formDigest !== digest(news.useCaseForm) ||
        olds.awsProfile !== news.awsProfile ||
        olds.onFile === false;
    return { changes, replaces };
}

async function create(inputs: UseCaseFormInputs): Promise<dynamic.CreateResult<UseCaseFormState>> {
    return withProgress(inputs.resourceUrn, async (log) => {
        const bedrock = await connectBedrock(inputs.region, inputs.awsProfile);
        const onFile = await bedrock.hasUseCaseForm();
        if (!onFile) {
            await bedrock.putUseCaseForm(serializeUseCaseForm(inputs.useCaseForm));
            log(`Submitted Anthropic's use-case form in ${inputs.region}, once for the organization.`);
        } else {
            log(`Anthropic's use-case form is already on file in ${inputs.region}; nothing submitted.`);
        }
        const { useCaseForm, ...rest } = inputs;
        return { id: `${inputs.region}/use-case-form`, outs: withoutUndefined({ ...rest, submitted: !onFile, formDigest: digest(useCaseForm), onFile: true }) };
    });
}

async function read(id: string, props?: UseCaseFormState): Promise<dynamic.ReadResult<UseCaseFormState>> {
    if (props === undefined || props.region === undefined) {
        throw new Error(`UseCaseForm ${id} cannot be imported; set useCaseForm on the organization stack and let pulumi up record it.`);
    }
    const onFile = await (await connectBedrock(props.region, props.awsProfile)).hasUseCaseForm();
    return { id, props: { ...props, onFile } };
}

async function update(_id: string, _olds: UseCaseFormState, news: UseCaseFormInputs): Promise<dynamic.UpdateResult<UseCaseFormState>> {
    return withProgress(news.resourceUrn, async (log) => {
        const bedrock = await connectBedrock(news.region, news.awsProfile);
        await bedrock.putUseCaseForm(serializeUseCaseForm(news.useCaseForm));
        log(`Submitted Anthropic's use-case form again in ${news.region} (it changed, or was missing).`);
        const { useCaseForm, ...rest } = news;
        return { outs: withoutUndefined({ ...rest, submitted: true, formDigest: digest(useCaseForm), onFile: true }) };
    });
}

async function deleteForm(_id: string, props: UseCaseFormState): Promise<void> {
    return withProgress(props.resourceUrn, async (log) => {
        log(`Leaving Anthropic's use-case form on file in ${props.region}: there is no API to withdraw it.`);
    });
}

/** The provider object; UseCaseFormSubmission stores a reference to it (components/dynamicProvider/byReference.ts). */
export const useCaseFormProvider: dynamic.ResourceProvider<UseCaseFormInputs, UseCaseFormState> = { check, diff, create, read, update, delete: deleteForm };
