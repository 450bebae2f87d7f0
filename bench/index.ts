/**
 * `npm run bench`: the performance goals, measured and judged. Issue 19's rules hold throughout:
 * every section runs in a fresh process of its own (bench/isolated.ts); every figure is CPU time
 * (process.cpuUsage within that process; user + sys of a child and all its
 * threads, from GNU time) with wall beside it, run at least 5 times interleaved with whatever it is
 * compared with (A B A B ...) after a warm-up, printed as median (min .. max), comparisons as the
 * median of per-pair ratios; a goal is judged on the median only, since one sample proves nothing
 * on a shared machine. The closing table lists issue 19's goals. A missed goal prints MISSED and
 * still exits 0; only a real error (a crash, a CLI exiting non-zero, a wrong step count) fails.
 * No colours: the output is read in logs and CI as often as in a terminal.
 */
import { printCompression, printThroughput } from "./print-speed.js";
import { printChildScale, printScale, printStartup } from "./print-scale.js";
import { printH1, printLincheck, printShrink } from "./print-other.js";
import { printGoals, type GoalRow } from "./report.js";

const started = performance.now();
const goals: GoalRow[] = [];
// Every section measures in processes of its own (bench/isolated.ts), so the order is free.
goals.push(...printThroughput());
goals.push(...printScale());
goals.push(...(await printStartup()));
goals.push(...(await printChildScale()));
goals.push(...printCompression());
printShrink();
printLincheck();
printH1();
printGoals("Issue 19 goals (each judged on its median)", goals);
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s of wall.`);
