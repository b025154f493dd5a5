/**
 * Caches that live as long as one dynamic-provider process, which is one engine operation
 * (`pulumi up`, `preview`, `refresh` or `destroy`): the SDK client per region and identity, and each
 * region's model lifecycles from one ListFoundationModels. The engine checks resources one at a
 * time, so a lifecycle read per check was 64 requests in a row for 64 resources; with the cache it
 * is one per region. Off anywhere else (unit tests, the stack program), where Bedrock's answers may
 * change between calls.
 */
/**
 * The engine's address when this runs in the dynamic-provider process (started as
 * `node .../@pulumi/pulumi/cmd/dynamic-provider[/index.js] <engine address>`), else undefined.
 */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
    const script = argv[1] ?? "";
    const address = argv[2] ?? "";
    return /[\\/]cmd[\\/]dynamic-provider([\\/]index(\.js)?)?$/.test(script) && /^[\w.-]+:\d+$/.test(address) ? address : undefined;
}

let enabled: boolean | undefined;
const entries = new Map<string, Promise<unknown>>();

/** Whether this process caches: only the dynamic-provider process the engine starts. */
export function processCachesEnabled(): boolean {
    enabled ??= engineAddress() !== undefined;
    return enabled;
}

/** For tests: turns the caches on or off (undefined: decide from the process again) and empties them. */
export function setProcessCaches(on: boolean | undefined): void {
    enabled = on;
    entries.clear();
}

/**
 * The value for `key`, made once per process and shared by concurrent callers; a failure is not
 * kept, so the next caller tries again. Without caching, made at every call.
 */
export function cachedPerProcess<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!processCachesEnabled()) {
        return make();
    }
    let found = entries.get(key) as Promise<T> | undefined;
    if (found === undefined) {
        found = make();
        entries.set(key, found);
        found.catch(() => entries.delete(key));
    }
    return found;
}
