/**
 * The entry point of a bench section's own process (see bench/isolated.ts): `node --import tsx
 * bench/section.ts <section> [args...]` runs one measurement and prints its result as JSON on the
 * last line of stdout. Each section's modules are imported only when it is chosen, so the process
 * loads (and its JIT sees) nothing but what the measured work needs, as a `simctl` process that
 * runs one target would.
 */
type Section = (args: readonly string[]) => Promise<unknown>;

const SECTIONS: Readonly<Record<string, Section>> = {
  throughput: async ([name, shape]) => (await import("./targets.js")).benchTarget(required(name, "target"), ["sunny", "stormy"], shape === "long"),
  kernel: async () => (await import("./kernel.js")).benchKernel(),
  "target-alone": async () => (await import("./target-alone.js")).benchTargetAlone(),
  scale: async () => (await import("./scale.js")).sweepScaling(),
  "fast-check": async () => (await import("./fast-check.js")).benchVersusPairs(),
  compression: async ([name]) => compression(required(name, "target")),
  shrink: async () => (await import("./shrink.js")).benchShrink(),
  lincheck: async () => (await import("./lincheck.js")).benchLincheck(),
  h1: async () => (await import("./h1.js")).benchH1(),
};

async function compression(name: string): Promise<unknown> {
  switch (name) {
    case "replication":
      return (await import("./replication.js")).benchReplication();
    case "raft":
      return (await import("./raft.js")).benchRaft();
    case "failover":
      return (await import("./network-targets.js")).benchFailover();
    case "async-driver":
      return (await import("./network-targets.js")).benchAsyncDriver();
    default:
      throw new Error(`no compression bench for '${name}'`);
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`bench/section.ts: missing the ${what} argument`);
  return value;
}

const [name, ...args] = process.argv.slice(2);
const section = SECTIONS[required(name, "section")];
if (section === undefined) throw new Error(`bench/section.ts: no section '${name}' (${Object.keys(SECTIONS).join(", ")})`);
console.log(JSON.stringify(await section(args)));
