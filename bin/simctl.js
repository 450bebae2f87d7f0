#!/usr/bin/env node
// Thin entry: the built CLI does the work; only this file sets the process exit code.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
