import { configDefaults, defineConfig } from "vitest/config";

// The browser test (headless Chromium, ~30 s) runs in `npm run test:browser`, which .ci/run runs
// after `npm test`, and not again inside `npm test`, whose budget is 5 minutes on 2 cores.
const browser = process.env["SIMCTL_BROWSER_TESTS"] !== undefined;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(browser ? [] : ["test/browser/**"])],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    // Two files at a time even on two cores (vitest's default is cores - 1): most CLI tests wait
    // on a child process that runs on the other core, so one worker left a core idle.
    maxWorkers: 2,
  },
});
