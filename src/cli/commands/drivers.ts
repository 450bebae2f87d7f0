/**
 * `simctl drivers check [FILE...]` and `simctl drivers bench`: async driver contracts checked
 * without running anything, and benchmarked in simulated time against their budgets. The logic is
 * in src/cli/drivers/, loaded when a command runs (other commands start without it).
 */
import type { Command } from "commander";
import type { DriversBenchFlags } from "../drivers/bench.js";
import type { DriversCheckFlags } from "../drivers/check.js";
import type { Io } from "../io.js";

export function registerDrivers(program: Command, io: Io, setExit: (code: number) => void): void {
  const drivers = program.command("drivers").description("async database driver contracts: check them, benchmark them against budgets");
  drivers
    .command("check")
    .description("check driver contracts (the built-in ones, or JSON files): every rule, consistency, telemetry parity, the capability matrix")
    .argument("[files...]", "driver contract files (JSON)")
    .option("--no-color", "no colours")
    .action(async (files: string[], flags: DriversCheckFlags) => {
      const { driversCheck } = await import("../drivers/check.js");
      setExit(await driversCheck(files, flags, io));
    });
  drivers
    .command("bench")
    .description("benchmark drivers under the heavy-data and mixed-latency profiles in simulated time, against their budgets")
    .option("--driver <name|file|all>", "a built-in driver, a contract file (.json) or all (default: all)")
    .option("--profile <profile>", "heavy-data | mixed-latency (default: both)")
    .option("--seeds <n>", "seeds per driver and profile (default: 20)")
    .option("--seed-base <n>", "first seed (default: 0)")
    .option("--jobs <n>", "worker threads (default: 1); the figures are the same for any value")
    .option("--reporter <name>", "text (default) or json")
    .option("--no-color", "no colours")
    .action(async (flags: DriversBenchFlags) => {
      const { driversBench } = await import("../drivers/bench.js");
      setExit(await driversBench(flags, io));
    });
}
