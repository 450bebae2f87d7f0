/**
 * `simctl certify`: registers the command; the work is in ../certify/command.ts, loaded when the
 * command runs (so other commands start without the certification code).
 */
import type { Command } from "commander";
import type { Io } from "../io.js";
import { CERTIFY_OPTIONS, type CertifyFlags } from "../certify/options.js";

export function registerCertify(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program.command("certify").description("certify durable backends' failover against SLO budgets under dependency pressure; write report, evidence and tuning guide");
  for (const [flags, description] of CERTIFY_OPTIONS) command.option(flags, description);
  command.action(async (flags: CertifyFlags) => {
    const { certify } = await import("../certify/command.js");
    setExit(await certify(flags, io));
  });
}
