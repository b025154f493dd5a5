/**
 * The Pulumi CLI the runner drives: the one on PATH, else the version the project pins (the
 * @pulumi/pulumi it installs) from a cache outside the repository, installed there on first use
 * by Pulumi's own installer (the Automation API's PulumiCommand.install). Where that cannot
 * download, the runner says how to install the CLI by hand (exit 4).
 */
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import * as semver from "semver";

/** Installs the CLI (PulumiCommand.install's signature); tests pass one that does not download. */
export type CliInstaller = (options: { root: string; version: semver.SemVer }) => Promise<PulumiCommand>;

export const installWithPulumi: CliInstaller = (options) => PulumiCommand.install(options);

/** The CLI version the project pins: the installed @pulumi/pulumi's. */
export function pinnedCliVersion(): semver.SemVer {
    const pkg = JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string };
    return new semver.SemVer(pkg.version);
}

/** Where an installed CLI is kept: the user's cache, never the repository. */
export function cliCacheRoot(version: semver.SemVer, env: NodeJS.ProcessEnv = process.env): string {
    const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(cache, "bedrock-model-access", "pulumi-cli-release", `v${version.version}`);
}

const MANUAL = "Install it: https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh), then run this again.";

/**
 * The CLI to use, or the problem to report: on PATH; else installed earlier into the cache; else
 * installed now (with a progress line). A failed install gives the manual instructions and why.
 */
export async function findOrInstallCli(
    print: (text: string) => void,
    install: CliInstaller = installWithPulumi,
): Promise<{ command: PulumiCommand } | { problem: string }> {
    try {
        return { command: await PulumiCommand.get() };
    } catch {
        // not on PATH
    }
    const version = pinnedCliVersion();
    const root = cliCacheRoot(version);
    try {
        return { command: await PulumiCommand.get({ root, version }) };
    } catch {
        // not installed there yet
    }
    print(`The Pulumi CLI is not on PATH; installing v${version.version} into ${root} with Pulumi's installer (PulumiCommand.install)...\n`);
    try {
        return { command: await install({ root, version }) };
    } catch (err) {
        const reason = ((err as Error).message ?? String(err)).split("\n")[0];
        return {
            problem: `The Pulumi CLI was not found on PATH (\`pulumi version\` did not run), and installing v${version.version} into ${root} failed (${reason}). ${MANUAL}`,
        };
    }
}
