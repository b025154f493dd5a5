/**
 * Headless Chromium (Debian's `chromium` package) for the tests that look at a page as a person
 * would: its DOM after rendering and a screenshot, with every network feature off and every host
 * name unresolvable, so a page can reach nothing (and the browser nothing beyond 127.0.0.1).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where Debian installs it (`apt-get install chromium`), or undefined. */
export function chromiumPath(): string | undefined {
    return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
}

const OFFLINE = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--no-proxy-server",
    // Every name resolves to nothing: an external asset would fail to load, and nothing leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** The page's DOM after Chromium rendered it. */
export async function renderedDom(browser: string, file: string): Promise<string> {
    const { stdout } = await run(browser, [...OFFLINE, "--dump-dom", `file://${file}`], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return stdout;
}

/** A PNG screenshot of the page at the given width and height. */
export async function screenshot(browser: string, file: string, png: string, width = 1280, height = 2000): Promise<void> {
    await run(browser, [...OFFLINE, `--screenshot=${png}`, `--window-size=${width},${height}`, "--hide-scrollbars", `file://${file}`], { timeout: 60_000 });
}

/** The visible text of a DOM: tags removed, entities of the report's escaping put back, spaces folded. */
export function textOf(dom: string): string {
    return dom
        .replace(/<style[\s\S]*?<\/style>/g, " ")
        .replace(/<[^>]+>/g, " ")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&")
        .replace(/\s+/g, " ");
}
