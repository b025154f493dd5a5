/**
 * The two ways into the settings, as one raw configuration: the engine's map (every value a
 * string, objects as JSON text; `fromPulumiConfig`) and an environment file (Pulumi.<env>.yaml,
 * values as YAML typed them; `fromEnvironmentFile`). Each kind of value has one coercion here,
 * whichever way it came in, with the Pulumi SDK's wording for a wrong type.
 */

/** A stack settings file's configuration section, as js-yaml reads it. */
export interface StackFileConfig {
    readonly config?: Record<string, unknown>;
}

/** Whether a value is stored encrypted in a stack file (`{secure: ...}`). */
function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && typeof (value as { secure?: unknown }).secure === "string";
}

/**
 * The fields of the use-case form stored in plaintext in a stack file. The engine marks the whole
 * key secret when any one field is, so only the file shows which fields are not.
 */
export function plaintextFormFields(file: StackFileConfig, project: string): string[] {
    const form = file.config?.[`${project}:useCaseForm`];
    if (form === undefined || isSecure(form)) {
        return [];
    }
    if (typeof form !== "object" || form === null || Array.isArray(form)) {
        return ["(the whole form)"];
    }
    return Object.entries(form as Record<string, unknown>)
        .filter(([, value]) => !isSecure(value))
        .map(([field]) => field);
}

/** One environment's configuration before it is read: values by full key, and where they came from. */
export interface RawConfig {
    /** Values by full key (aws:region, <project>:inferenceProfiles, ...). */
    readonly values: Readonly<Record<string, unknown>>;
    /** "engine": strings as the program receives them; "file": YAML values, secrets still encrypted. */
    readonly origin: "engine" | "file";
    /** The keys the engine says are secret; undefined: unknown (every key counts as secret). */
    readonly secretKeys?: readonly string[];
    /** The stack's settings file on disk, when there is one: only it shows which form fields are plaintext. */
    readonly stackFile?: StackFileConfig;
}

/** The engine's configuration map (pulumi.runtime.allConfig() and PULUMI_CONFIG_SECRET_KEYS). */
export function fromPulumiConfig(values: Readonly<Record<string, string>>, secretKeys?: readonly string[], stackFile?: StackFileConfig): RawConfig {
    return { values, origin: "engine", secretKeys, stackFile };
}

/** An environment file's configuration (Pulumi.<env>.yaml, parsed). */
export function fromEnvironmentFile(file: StackFileConfig): RawConfig {
    return { values: file.config ?? {}, origin: "file", stackFile: file };
}

/** Reads a RawConfig's values by kind, collecting what is wrong instead of throwing. */
export class ConfigValues {
    constructor(
        private readonly raw: RawConfig,
        private readonly problems: string[],
    ) {}

    /** The value as given, with JSON text parsed where it parses (objects checked field by field later). */
    value(fullKey: string): unknown {
        return this.parsed(fullKey).value;
    }

    /** The engine's JSON text parsed (a file's values are typed already); `parses` false where it is not JSON. */
    private parsed(fullKey: string): { value: unknown; parses: boolean } {
        const value = this.raw.values[fullKey];
        if (typeof value !== "string" || this.raw.origin === "file") {
            return { value, parses: true };
        }
        try {
            return { value: JSON.parse(value) as unknown, parses: true };
        } catch {
            return { value, parses: false };
        }
    }

    /** A string setting; a YAML scalar of another type is taken as its text. */
    text(fullKey: string): string | undefined {
        const value = this.raw.values[fullKey];
        return value === undefined || value === null ? undefined : typeof value === "string" ? value : isScalar(value) ? String(value) : JSON.stringify(value);
    }

    /** A boolean: true/false, or the text `pulumi config set` writes ("true"). */
    flag(fullKey: string, fallback: boolean): boolean {
        const value = this.raw.values[fullKey];
        if (value === undefined || value === "") {
            return fallback;
        }
        if (value === true || value === "true") {
            return true;
        }
        if (value === false || value === "false") {
            return false;
        }
        this.problems.push(`Configuration '${fullKey}' value '${String(value)}' is not a valid boolean`);
        return fallback;
    }

    /** A number from `min` to `max`. */
    number(fullKey: string, range: { readonly min: number; readonly max: number }): number | undefined {
        const value = this.raw.values[fullKey];
        if (value === undefined || value === "") {
            return undefined;
        }
        const n = typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : Number.NaN;
        if (Number.isNaN(n)) {
            this.problems.push(`Configuration '${fullKey}' value '${String(value)}' is not a valid number`);
            return undefined;
        }
        if (n < range.min || n > range.max) {
            this.problems.push(`Configuration '${fullKey}' value '${String(value)}' is outside of the legal range (${range.min}-${range.max}, inclusive)`);
            return undefined;
        }
        return n;
    }

    /** An object or list: JSON text from the engine must parse. */
    object(fullKey: string): unknown {
        const { value, parses } = this.parsed(fullKey);
        if (!parses) {
            this.problems.push(`Configuration '${fullKey}' value '${String(value)}' is not a valid JSON object`);
            return undefined;
        }
        return value;
    }

    /** Whether a key is secret: as the engine says, or as the file stores it. */
    isSecret(fullKey: string): boolean {
        if (this.raw.origin === "file") {
            const value = this.raw.values[fullKey];
            return isSecure(value) || (typeof value === "object" && value !== null && Object.values(value).some(isSecure));
        }
        return this.raw.secretKeys === undefined || this.raw.secretKeys.includes(fullKey);
    }

    get origin(): RawConfig["origin"] {
        return this.raw.origin;
    }

    get stackFile(): StackFileConfig | undefined {
        return this.raw.stackFile;
    }
}

function isScalar(value: unknown): value is number | boolean {
    return typeof value === "number" || typeof value === "boolean";
}
