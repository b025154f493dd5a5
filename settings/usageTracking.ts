/**
 * Usage and cost per environment (bedrock-model-access:usageTracking), read field by field so each
 * problem names the field: the tags an application inference profile carries into Cost Explorer,
 * the monthly budget and who it alerts, whether the tag keys are activated for cost allocation, and
 * the CloudWatch alarms on throttles and token use.
 */
import { ENVIRONMENT_TAG } from "../policy/bedrockFacts";
import type { KeyOf } from "./keys";

export { ENVIRONMENT_TAG };

export interface UsageTrackingSettings {
    /** The user's tags, without `environment` (added with the stack's name). */
    readonly tags: Readonly<Record<string, string>>;
    /** A monthly COST budget on the environment tag, in US dollars; undefined: none. */
    readonly monthlyBudgetUsd?: number;
    /** Who the budget's notifications go to (required with monthlyBudgetUsd). */
    readonly budgetAlertEmails: readonly string[];
    /** Activate each tag key (and `environment`) as a cost-allocation tag. */
    readonly activateCostAllocationTags: boolean;
    /** CloudWatch alarms on each profile's throttles and token use, notifying budgetAlertEmails; undefined: none. */
    readonly alarms?: { readonly tokensPerHour: number };
}

const FIELDS = ["tags", "monthlyBudgetUsd", "budgetAlertEmails", "activateCostAllocationTags", "alarms"];

/**
 * The tag rules of every API the tags go through: key 1-128 and value 0-256 characters; no aws:
 * prefix (Tagging AWS resources). Bedrock's TagResource and CreateInferenceProfile take ASCII
 * only (their pattern `^[a-zA-Z0-9\s._:/=+@-]*$`), stricter than the tagging API's Unicode letters.
 */
const TAG_TEXT = /^[a-zA-Z0-9\s._:/=+@-]*$/;
/** An address the budget's email subscriber takes (AWS Budgets checks more; this catches a typo such as a missing @). */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** AWS's limit on user tags per resource (Tagging AWS resources), the stricter of Bedrock's and Cost Explorer's. */
const MAX_TAGS = 50;

function tagProblems(name: string, tags: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const entries = Object.entries(tags);
    if (entries.length + 1 > MAX_TAGS) {
        problems.push(`${name}.tags has ${entries.length} tags; with ${ENVIRONMENT_TAG} that is more than the ${MAX_TAGS} a resource may carry.`);
    }
    for (const [tagKey, value] of entries) {
        if (tagKey.length === 0 || tagKey.length > 128 || !TAG_TEXT.test(tagKey)) {
            problems.push(
                `${name}.tags has the key ${JSON.stringify(tagKey)}; a tag key is 1 to 128 ASCII letters, digits, spaces and + - = . _ : / @ (Bedrock's tag pattern).`,
            );
        } else if (/^aws:/i.test(tagKey)) {
            problems.push(`${name}.tags has the key "${tagKey}"; keys starting with aws: are AWS's own.`);
        } else if (tagKey === ENVIRONMENT_TAG) {
            problems.push(`${name}.tags has "${ENVIRONMENT_TAG}", which the program sets to the stack's name (the budget filters on it); remove it.`);
        }
        if (typeof value !== "string" || value.length > 256 || !TAG_TEXT.test(value)) {
            problems.push(
                `${name}.tags["${tagKey}"] must be a string of at most 256 ASCII letters, digits, spaces and + - = . _ : / @ (Bedrock's tag pattern), got ${JSON.stringify(value)}.`,
            );
        }
    }
    return problems;
}

/** The bounds this project sets on a monthly budget: a cent, and a billion dollars (beyond it no alert means anything). */
const MIN_BUDGET_USD = 0.01;
const MAX_BUDGET_USD = 1_000_000_000;

/**
 * The budget as AWS Budgets' limitAmount takes it (a plain decimal, two places), or undefined when
 * the value is not an amount it can be: not a number, out of bounds, or finer than a cent (1e21
 * would print as "1e+21", 0.001 as "0.00").
 */
export function budgetAmount(value: unknown): string | undefined {
    if (typeof value !== "number" || !Number.isFinite(value) || value < MIN_BUDGET_USD || value > MAX_BUDGET_USD) {
        return undefined;
    }
    const text = value.toFixed(2);
    return Math.abs(Number(text) - value) < 1e-9 ? text : undefined;
}

/** usageTracking: {} or absent for "off" (undefined), else the checked settings. */
export function usageTrackingSettings(raw: unknown, problems: string[], key: KeyOf): UsageTrackingSettings | undefined {
    const name = key("usageTracking");
    if (raw === undefined || (typeof raw === "object" && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0)) {
        return undefined;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        problems.push(
            `${name} must be an object such as {"tags": {"team": "chat"}, "monthlyBudgetUsd": 500, "budgetAlertEmails": ["ops@example.com"]}, got ${JSON.stringify(raw)}.`,
        );
        return undefined;
    }
    const fields = raw as Record<string, unknown>;
    const before = problems.length;
    for (const field of Object.keys(fields).filter((f) => !FIELDS.includes(f))) {
        problems.push(`${name} has an unknown field "${field}"; the fields are ${FIELDS.join(", ")}.`);
    }
    const tags = fields.tags ?? {};
    if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
        problems.push(`${name}.tags must be an object of tag key to value such as {"team": "chat"}, got ${JSON.stringify(tags)}.`);
    } else {
        problems.push(...tagProblems(name, tags as Record<string, unknown>));
    }
    const budget = fields.monthlyBudgetUsd;
    if (budget !== undefined && budgetAmount(budget) === undefined) {
        problems.push(
            `${name}.monthlyBudgetUsd must be an amount of US dollars from ${MIN_BUDGET_USD} to ${MAX_BUDGET_USD.toLocaleString("en-US")} with at most ` +
                `two decimals (AWS Budgets takes it as a decimal string), got ${JSON.stringify(budget)} ` +
                "(`pulumi config set --path --type int usageTracking.monthlyBudgetUsd 500`).",
        );
    }
    const emails = fields.budgetAlertEmails ?? [];
    if (!Array.isArray(emails) || emails.some((e) => typeof e !== "string" || !EMAIL.test(e))) {
        problems.push(`${name}.budgetAlertEmails must be a list of email addresses, got ${JSON.stringify(emails)}.`);
    } else if (budget !== undefined && emails.length === 0) {
        problems.push(
            `${name}.monthlyBudgetUsd is set but ${name}.budgetAlertEmails is empty, so nobody would hear of the budget's alerts. ` +
                "Add one with `pulumi config set --path 'usageTracking.budgetAlertEmails[0]' ops@example.com`.",
        );
    } else if (budget === undefined && fields.alarms === undefined && emails.length > 0) {
        problems.push(`${name}.budgetAlertEmails is set but neither ${name}.monthlyBudgetUsd nor ${name}.alarms is; set one, or remove the addresses.`);
    }
    const alarms = alarmsSetting(fields.alarms, Array.isArray(emails) ? emails.length : 0, problems, name);
    const activate = fields.activateCostAllocationTags ?? false;
    if (typeof activate !== "boolean") {
        problems.push(
            `${name}.activateCostAllocationTags must be true or false, got ${JSON.stringify(activate)} ` +
                "(`pulumi config set --path --type bool usageTracking.activateCostAllocationTags true`).",
        );
    }
    if (problems.length > before) {
        return undefined;
    }
    return {
        tags: tags as Record<string, string>,
        monthlyBudgetUsd: budget as number | undefined,
        budgetAlertEmails: emails as string[],
        activateCostAllocationTags: activate as boolean,
        ...(alarms === undefined ? {} : { alarms }),
    };
}

/** usageTracking.alarms: {"tokensPerHour": <whole number>}, with someone to tell (budgetAlertEmails). */
function alarmsSetting(raw: unknown, emails: number, problems: string[], name: string): { tokensPerHour: number } | undefined {
    if (raw === undefined) {
        return undefined;
    }
    const tokens = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>).tokensPerHour : undefined;
    const extra = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? Object.keys(raw).filter((k) => k !== "tokensPerHour") : [];
    if (typeof tokens !== "number" || !Number.isInteger(tokens) || tokens < 1 || extra.length > 0) {
        problems.push(
            `${name}.alarms must be {"tokensPerHour": <a whole number of input and output tokens per hour per profile>}, got ${JSON.stringify(raw)} ` +
                "(`pulumi config set --path --type int usageTracking.alarms.tokensPerHour 2000000`).",
        );
        return undefined;
    }
    if (emails === 0) {
        problems.push(
            `${name}.alarms is set but ${name}.budgetAlertEmails is empty, so nobody would hear of them. ` +
                "Add one with `pulumi config set --path 'usageTracking.budgetAlertEmails[0]' ops@example.com`.",
        );
        return undefined;
    }
    return { tokensPerHour: tokens };
}

/** The tags of an environment's application profiles: the user's, and `environment` = the stack. */
export function applicationProfileTags(settings: UsageTrackingSettings, stack: string): Record<string, string> {
    return { ...settings.tags, [ENVIRONMENT_TAG]: stack };
}
