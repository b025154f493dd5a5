/**
 * Trusted-access programs (Bedrock's ListTrustedAccessPrograms, SDK 3.1178.0): which program gates
 * a model the account cannot see, and what the stack may do about each program it is told to
 * accept. Pure: the reads are aws/trustedAccess.ts's, the decisions here, each with its message.
 *
 * AWS publishes no model field on a program ("Description of the program and its effects on model
 * access or data handling", API reference TrustedAccessProgramSummary) and no program IDs; the
 * control plane hides gated models until the caller's participation allows them. So a model is
 * taken as gated when the account cannot see it and a program of its provider names it.
 */

/** A program's status for the caller (TrustedAccessProgramStatus). */
export type TrustedAccessStatus = "requestable" | "eligible" | "enabled" | "disabled" | "revoked";

/** A stored enrollment preference (TrustedAccessOptIn). */
export type TrustedAccessOptIn = "inherit" | "enabled" | "disabled";

/** One program as ListTrustedAccessPrograms lists it, for the calling account. */
export interface TrustedAccessProgram {
    readonly programId: string;
    readonly name: string;
    readonly description: string;
    readonly providerName: string;
    readonly detailsUrl: string;
    readonly enrollmentUrl?: string;
    readonly status: TrustedAccessStatus;
    readonly statusReason?: string;
    /** The scope that decided the status: organization, account, project or program_default. */
    readonly source: string;
    readonly optIn: TrustedAccessOptIn;
}

/** The shape of a program ID (API reference: 3 to 64 characters, [a-z0-9]+-[a-z0-9-]+). */
export const PROGRAM_ID_PATTERN = /^[a-z0-9]+-[a-z0-9-]+$/;

/** Why a program ID cannot be one, or undefined. */
export function programIdProblem(id: string, field: string): string | undefined {
    return PROGRAM_ID_PATTERN.test(id) && id.length >= 3 && id.length <= 64
        ? undefined
        : `${field} "${id}" is not a trusted-access program ID (3 to 64 of a-z, 0-9 and -, such as the programId \`npm run models\` lists).`;
}

/**
 * A model's name as people write it, from its ID: anthropic.claude-mythos-5 -> "Claude Mythos 5",
 * anthropic.claude-opus-4-8 -> "Claude Opus 4.8", anthropic.claude-haiku-4-5-20251001-v1:0 ->
 * "Claude Haiku 4.5" (the date and API version dropped, the version's digits joined by dots).
 */
export function modelDisplayName(modelId: string): string {
    const bare = modelId
        .slice(modelId.indexOf(".") + 1)
        .replace(/-\d{8}(-v\d+(:\d+)?)?$/, "")
        .replace(/-v\d+(:\d+)?$/, "");
    const words: string[] = [];
    for (const part of bare.split("-")) {
        const last = words[words.length - 1];
        if (/^\d+$/.test(part) && last !== undefined && /^\d+(\.\d+)*$/.test(last)) {
            words[words.length - 1] = `${last}.${part}`;
        } else {
            words.push(/^\d/.test(part) ? part : part.charAt(0).toUpperCase() + part.slice(1));
        }
    }
    return words.join(" ");
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The programs that name a model: of the model's provider (providerName, case aside), whose name or
 * description names the model ("Claude Mythos 5", not followed by further version digits) or its
 * family's models ("Claude Mythos models").
 */
export function programsNaming(modelId: string, programs: readonly TrustedAccessProgram[]): TrustedAccessProgram[] {
    const provider = modelId.split(".")[0].toLowerCase();
    const name = modelDisplayName(modelId);
    const family = name.replace(/\s+\d+(\.\d+)*$/, "");
    const exact = new RegExp(`\\b${escapeRegExp(name)}(?![.\\d])`, "i");
    const familyModels = family === name ? undefined : new RegExp(`\\b${escapeRegExp(family)}(\\s+\\w+)?\\s+models\\b`, "i");
    return programs.filter((p) => {
        if (p.providerName.toLowerCase() !== provider) {
            return false;
        }
        const text = `${p.name}\n${p.description}`;
        return exact.test(text) || (familyModels?.test(text) ?? false);
    });
}

/** What the stack does with one program it is told to accept. */
export type ProgramDecision =
    | { readonly kind: "enroll"; readonly program: TrustedAccessProgram }
    | { readonly kind: "enrolled"; readonly program: TrustedAccessProgram }
    | { readonly kind: "stop"; readonly problem: string };

/** How to apply: the provider's pages, the enrollment URL when the program has one. */
function howToApply(program: TrustedAccessProgram): string {
    return (
        `Apply through ${program.providerName}: ${program.detailsUrl}` +
        (program.enrollmentUrl === undefined ? "" : ` (enrollment: ${program.enrollmentUrl})`) +
        "; once approved, the program is eligible and the next preview goes on."
    );
}

function label(program: TrustedAccessProgram): string {
    return `${program.name} (${program.programId}, ${program.providerName})`;
}

function reason(program: TrustedAccessProgram): string {
    return program.statusReason === undefined ? "" : `: ${program.statusReason}`;
}

/**
 * One accepted program, by its status for the account. eligible: enroll (the stack accepts the
 * terms by listing it); enabled: nothing to do; requestable: stop with how to apply; disabled and
 * revoked: stop and say so, never overwritten (someone disabled it, or the provider revoked it).
 */
export function acceptedProgramDecision(programId: string, programs: readonly TrustedAccessProgram[], acceptKey: string): ProgramDecision {
    const program = programs.find((p) => p.programId === programId);
    if (program === undefined) {
        const listed = programs.map((p) => `${p.programId} (${p.name})`).join(", ");
        return {
            kind: "stop",
            problem:
                `${acceptKey} lists "${programId}", which is not a trusted-access program this account can see ` +
                `(${listed === "" ? "it sees none" : `it sees ${listed}`}). Remove it, or correct the ID.`,
        };
    }
    switch (program.status) {
        case "enabled":
            return { kind: "enrolled", program };
        case "eligible":
            return { kind: "enroll", program };
        case "requestable":
            return {
                kind: "stop",
                problem: `${label(program)} is requestable for this account, not yet approved${reason(program)}. ${howToApply(program)}`,
            };
        case "disabled":
            return {
                kind: "stop",
                problem:
                    `${label(program)} is disabled for this account (set at the ${program.source} level${reason(program)}). The stack does not ` +
                    `overwrite a choice made outside it: enable it where it was disabled, or remove it from ${acceptKey}.`,
            };
        case "revoked":
            return {
                kind: "stop",
                problem:
                    `${label(program)} was revoked for this account by ${program.providerName}${reason(program)}. Enabling it is refused ` +
                    `until the provider restores eligibility (${program.detailsUrl}); remove it from ${acceptKey} meanwhile.`,
            };
    }
}

/**
 * A model the account cannot see in the region: the programs that name it, and what to do. undefined
 * when no program names it (the model is not offered there, or hidden by a program not visible) or
 * when an accepted program already covers it (it becomes visible once enrolled).
 */
export function hiddenModelProblem(
    modelId: string,
    region: string,
    programs: readonly TrustedAccessProgram[],
    accepted: readonly string[],
    acceptKey: string,
): string | undefined {
    const naming = programsNaming(modelId, programs);
    if (naming.length === 0 || naming.some((p) => accepted.includes(p.programId) || p.status === "enabled")) {
        return undefined;
    }
    const subject = `${modelId} is gated in ${region}: Bedrock hides it from this account until a trusted-access program allows it`;
    const eligible = naming.filter((p) => p.status === "eligible");
    if (eligible.length > 0) {
        return (
            `${subject}, and this account is approved for ${eligible.map(label).join(" or ")}. Enrolling accepts the program's terms ` +
            `(${eligible.map((p) => p.detailsUrl).join(", ")}); to accept them, add the program to ${acceptKey}: ` +
            `\`pulumi config set --path '${acceptKey.slice(acceptKey.indexOf(":") + 1)}[0]' ${eligible[0].programId}\`.`
        );
    }
    return `${subject}. ${naming
        .map((p) =>
            p.status === "requestable"
                ? `${label(p)} is requestable${reason(p)}. ${howToApply(p)}`
                : `${label(p)} is ${p.status} for this account${reason(p)}; the stack does not overwrite it.`,
        )
        .join(" ")}`;
}
