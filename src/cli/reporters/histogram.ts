/** The event histogram as bars, largest count = full width, zeros marked. */
import type { Style } from "./style.js";

const BAR_WIDTH = 32;

export function renderHistogram(histogram: Readonly<Record<string, number>>, style: Style): string {
  const entries = Object.entries(histogram);
  if (entries.length === 0) return "  (no events)\n";
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const labelWidth = Math.max(...entries.map(([k]) => k.length));
  const countWidth = String(max).length;
  return entries
    .map(([kind, n]) => {
      const label = kind.padEnd(labelWidth);
      const count = String(n).padStart(countWidth);
      if (n === 0) return `  ${style.dim(label)}  ${style.yellow(count.padStart(countWidth))}  ${style.yellow("(never reached)")}`;
      const width = Math.max(1, Math.round((n / max) * BAR_WIDTH));
      return `  ${label}  ${count}  ${style.cyan("█".repeat(width))}`;
    })
    .join("\n")
    .concat("\n");
}
