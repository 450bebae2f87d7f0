import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    // Two files at a time even on two cores (vitest's default is cores - 1): most CLI tests wait
    // on a child process that runs on the other core, so one worker left a core idle.
    maxWorkers: 2,
  },
});
