/**
 * The policy pack as the runner runs it: compiled to JavaScript once per source and cached, so no
 * preview spends seconds type-checking it again (Pulumi's policy-pack host registers ts-node with
 * type checking on for a TypeScript pack, in every preview). The pack's own directory stays what
 * reviewers run with `pulumi preview --policy-pack policy`; the copy has the same files compiled,
 * its PulumiPolicy.yaml and package.json, and the pack's node_modules linked in where it has one
 * (else the copy, kept under the project's node_modules, resolves the packages there, as the pack
 * itself does).
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** What the copy is made from: the pack's sources and the files that say how to compile and run them. */
function sourceFiles(pack: string): string[] {
    return [
        ...readdirSync(pack)
            .filter((f) => f.endsWith(".ts"))
            .sort(),
        "package.json",
        "PulumiPolicy.yaml",
        "tsconfig.json",
    ];
}

function sourceHash(pack: string): string {
    const hash = createHash("sha256");
    for (const file of sourceFiles(pack)) {
        hash.update(file)
            .update("\0")
            .update(readFileSync(path.join(pack, file)))
            .update("\0");
    }
    return hash.digest("hex").slice(0, 16);
}

/**
 * The directory of the compiled copy of `pack` (made on first use under `cacheRoot`, keyed by the
 * sources' hash, so a changed pack is compiled again). A type error stops the compilation with
 * tsc's message: the pack is never run from sources that do not compile.
 */
export function compiledPolicyPack(pack: string, cacheRoot: string): string {
    const dir = path.join(cacheRoot, `policy-pack-${sourceHash(pack)}`);
    if (existsSync(path.join(dir, "index.js"))) {
        return dir;
    }
    mkdirSync(cacheRoot, { recursive: true });
    const building = `${dir}.${process.pid}.tmp`;
    rmSync(building, { recursive: true, force: true });
    // The project's TypeScript (the pack's own when it has one installed).
    const tsc = require.resolve("typescript/bin/tsc", { paths: [pack, __dirname] });
    try {
        execFileSync(process.execPath, [tsc, "-p", path.join(pack, "tsconfig.json"), "--outDir", building, "--noEmitOnError"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (err) {
        const e = err as { stdout?: string; stderr?: string };
        rmSync(building, { recursive: true, force: true });
        throw new Error(`The policy pack in ${pack} does not compile:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    const manifest = JSON.parse(readFileSync(path.join(pack, "package.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(path.join(building, "package.json"), `${JSON.stringify({ ...manifest, main: "index.js" }, null, 2)}\n`);
    writeFileSync(path.join(building, "PulumiPolicy.yaml"), readFileSync(path.join(pack, "PulumiPolicy.yaml")));
    if (existsSync(path.join(pack, "node_modules"))) {
        symlinkSync(path.join(pack, "node_modules"), path.join(building, "node_modules"), "dir");
    }
    try {
        renameSync(building, dir);
    } catch {
        // Another run made the same copy first: use theirs.
        rmSync(building, { recursive: true, force: true });
    }
    return dir;
}
