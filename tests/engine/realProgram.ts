/**
 * What the engine tests of the real stack program (index.ts, not the test program) share: a
 * local copy of the repository as a user has it, the preview-only provider stand-ins in a plugin
 * cache of the test's own, the environment of a new user (own passphrase, state directory,
 * credentials of the emulator), the emulator's answers for Claude Sonnet 4.6 from Singapore and
 * Claude Opus 4.8 from us-east-1, and what the stand-in recorded.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { BedrockEmulator } from "../emulator/bedrockEmulator";
import { emulatorEnvironment } from "../helpers/bedrockTestEnvironment";
import { REGION } from "../helpers/fixtures";
import type { StandInRecord } from "./providerStandIn";

export const ROOT = path.resolve(__dirname, "..", "..");
export const SONNET_4_6 = "anthropic.claude-sonnet-4-6";
export const GLOBAL_4_6 = `global.${SONNET_4_6}`;

/**
 * The repository as a user would have it (tracked and new files, no node_modules or state),
 * copied into `into`. With `linkModules`, node_modules is linked in as `npm ci` would install it
 * (tests reach no registry); the policy pack resolves its packages from there too.
 */
export function localCopy(into: string, linkModules: boolean): void {
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
        .split("\0")
        .filter((f) => f !== "" && existsSync(path.join(ROOT, f)));
    for (const file of files) {
        mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
        copyFileSync(path.join(ROOT, file), path.join(into, file));
    }
    if (linkModules) {
        symlinkSync(path.join(ROOT, "node_modules"), path.join(into, "node_modules"));
    }
}

/** Installs the stand-in (providerStandIn.ts) as the plugin version each package's SDK asks for. */
function installStandIns(pulumiHome: string): void {
    for (const pkg of ["aws", "command"]) {
        const version = (JSON.parse(readFileSync(path.join(ROOT, "node_modules", "@pulumi", pkg, "package.json"), "utf8")) as { version: string }).version;
        const dir = path.join(pulumiHome, "plugins", `resource-${pkg}-v${version}`);
        mkdirSync(dir, { recursive: true });
        const plugin = path.join(dir, `pulumi-resource-${pkg}`);
        writeFileSync(
            plugin,
            `#!/bin/sh\nSTAND_IN_VERSION=${version} exec node -r ${path.join(ROOT, "node_modules", "ts-node", "register", "transpile-only")} ` +
                `${path.join(__dirname, "providerStandIn.ts")} "$@"\n`,
        );
        chmodSync(plugin, 0o755);
    }
}

/**
 * A new user's environment under `work`: their own passphrase and file state, a plugin cache
 * holding the stand-ins, and the emulator's credentials and endpoints.
 */
export function newUserEnvironment(emulator: BedrockEmulator, work: string): NodeJS.ProcessEnv {
    const pulumiHome = path.join(work, ".pulumi-home");
    installStandIns(pulumiHome);
    mkdirSync(path.join(work, "state"), { recursive: true });
    return {
        ...process.env,
        ...emulatorEnvironment(emulator),
        PULUMI_HOME: pulumiHome,
        PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "a new user's own passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        // The language host links this instead of running npm install (tests reach no registry).
        PULUMI_TEST_NODE_MODULES: path.join(ROOT, "node_modules"),
        // Where a machine's own Pulumi CLI brings the official language host, which runs npm install
        // whatever that says: npm may use its cache only, never the network.
        npm_config_offline: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
    };
}

/** Claude Sonnet 4.6, Active in Singapore, with its global profile, as the emulator's Bedrock. */
export function addSonnet46(emulator: BedrockEmulator): void {
    emulator.addModel(REGION, SONNET_4_6, { lifecycle: { status: "ACTIVE" } });
    emulator.addInferenceProfile(REGION, {
        inferenceProfileId: GLOBAL_4_6,
        modelArns: [`arn:aws:bedrock:${REGION}::foundation-model/${SONNET_4_6}`, `arn:aws:bedrock:::foundation-model/${SONNET_4_6}`],
    });
}

/** Claude Opus 4.8 and its global profile in us-east-1, Active, as the emulator's Bedrock; with `also`, more models there. */
export function addOpus48East(emulator: BedrockEmulator, also: readonly string[] = []): void {
    const east = "us-east-1";
    const opus = "anthropic.claude-opus-4-8";
    for (const model of [opus, ...also]) {
        emulator.addModel(east, model, { lifecycle: { status: "ACTIVE" } });
    }
    emulator.addInferenceProfile(east, {
        inferenceProfileId: `global.${opus}`,
        modelArns: [`arn:aws:bedrock:${east}::foundation-model/${opus}`, `arn:aws:bedrock:::foundation-model/${opus}`],
    });
}

/** What the provider stand-in recorded (STAND_IN_LOG), one operation a line; none before its first. */
export function standInRecords(log: string): StandInRecord[] {
    return existsSync(log)
        ? readFileSync(log, "utf8")
              .trim()
              .split("\n")
              .filter((l) => l !== "")
              .map((l) => JSON.parse(l) as StandInRecord)
        : [];
}
