// Reads Go module versions (one per line) on stdin and prints the releases at or below the
// version given, newest first: the candidates ensure-pulumi-cli.sh tries to build.
const key = (v) => v.replace(/^v/, "").split(".").map(Number);
const want = key(process.argv[2]);
const atMost = (a) => (a[0] !== want[0] ? a[0] < want[0] : a[1] !== want[1] ? a[1] < want[1] : a[2] <= want[2]);
let input = "";
process.stdin
    .on("data", (d) => (input += d))
    .on("end", () => {
        const releases = input
            .split(/\s+/)
            .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
            .filter((v) => atMost(key(v)));
        releases.sort((x, y) => {
            const a = key(x),
                b = key(y);
            return b[0] - a[0] || b[1] - a[1] || b[2] - a[2];
        });
        console.log(releases.slice(0, 12).join("\n"));
    });
