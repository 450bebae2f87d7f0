#!/usr/bin/env bash
# npm run install-test: simctl-dst as a user gets it. Packs the package (`npm pack`, from a clean
# copy of this tree, so the working tree's dist/ is never touched), installs the tarball into a
# fresh CommonJS project (`npm init -y`) and a fresh ESM project ("type": "module") in a temp
# dir, with vitest and typescript beside it (from the npm registry, the only network used), and
# in each:
#   - type-checks targets written as .ts, .mts and .cts and a vitest file against the shipped types;
#   - sweeps targets written as .ts, .mts, .cts, .js, .mjs and .cjs: `npx simctl sweep` exits 0;
#   - for the .ts target (and the CommonJS project's require()-ing .js one): a sweep with `--bug`
#     exits 1, the printed replay command exits 1 with the same trace hash, `npx simctl shrink`
#     exits 1 with a repro;
#   - runs a vitest file that imports the library and calls sweep(...) and runSeed(...).
# Exits non-zero at the first failure with a line saying which; always removes its temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
START=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/simctl-install-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "install-test: [$(($(date +%s) - START)) s] $*"; }
fail() {
  echo "install-test: FAIL: $*" >&2
  exit 1
}
NPM_FLAGS=(--no-audit --no-fund --prefer-offline --loglevel=error)
# The user projects get the versions this repo tests with.
VITEST=$(node -p 'require(process.argv[1]).version' "$ROOT/node_modules/vitest/package.json")
TYPESCRIPT=$(node -p 'require(process.argv[1]).version' "$ROOT/node_modules/typescript/package.json")

# 1. Pack. A copy of the tree without dist/ (nothing stale can ship), with this tree's
#    node_modules for the build that `npm pack` runs (prepack cleans dist/, prepare builds it).
say "packing"
mkdir "$WORK/pkg"
tar -C "$ROOT" --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./reports --exclude=./tmp -cf - . | tar -C "$WORK/pkg" -xf -
ln -s "$ROOT/node_modules" "$WORK/pkg/node_modules"
(cd "$WORK/pkg" && npm pack --pack-destination "$WORK" --loglevel=error >"$WORK/pack.log" 2>&1) || {
  cat "$WORK/pack.log" >&2
  fail "npm pack failed"
}
TARBALL=$(ls "$WORK"/simctl-dst-*.tgz 2>/dev/null | head -1)
[ -n "$TARBALL" ] || fail "npm pack wrote no simctl-dst-*.tgz"
tar -tzf "$TARBALL" >"$WORK/contents"
for f in package/package.json package/README.md package/bin/simctl.js package/dist/index.js package/dist/index.d.ts package/dist/index.cjs package/dist/index.d.cts package/dist/replication.cjs package/dist/replication.d.cts package/dist/raft-storage.cjs package/dist/raft-storage.d.cts package/dist/targets/replication/index.d.ts package/dist/cli/main.js package/dist/cli/pool/worker.js; do
  grep -qx "$f" "$WORK/contents" || fail "the tarball lacks $f"
done
if grep -E '^package/(src|test|bench|scripts|examples|node_modules)/' "$WORK/contents" | head -3 | grep -q .; then
  fail "the tarball ships files it should not: $(grep -E '^package/(src|test|bench|scripts|examples|node_modules)/' "$WORK/contents" | head -3 | tr '\n' ' ')"
fi
say "packed $(basename "$TARBALL") ($(wc -l <"$WORK/contents") files)"

# 2. The targets. One system (a write-back cache; the bug `stale-read` reads the disk, which
#    lags the cache) written once in TypeScript and once in JavaScript; each file adds the
#    module syntax of its kind. The `wait` op checks that the SimTimeoutError the kernel throws
#    is the class the target imported.
TS_HEAD='import { defineTarget, SimTimeoutError, type Instance, type RunContext, type Violation } from "simctl-dst";'
TS_BODY=$(cat <<'EOF'

type Op = { readonly t: "put"; readonly key: number; readonly value: number } | { readonly t: "get"; readonly key: number } | { readonly t: "wait" };

class Cache implements Instance<Op> {
  readonly #cache = new Map<number, number>();
  readonly #disk = new Map<number, number>();
  readonly #model = new Map<number, number>();
  readonly #found: Violation[] = [];
  readonly #kinds: { put: number; get: number; flush: number };

  constructor(readonly ctx: RunContext) {
    this.#kinds = { put: ctx.kind("op.put"), get: ctx.kind("op.get"), flush: ctx.kind("flush") };
  }

  nextOp(): Op {
    const r = this.ctx.ops;
    const x = r.int(10);
    return x < 4 ? { t: "put", key: r.int(4), value: r.int(100) } : x < 9 ? { t: "get", key: r.int(4) } : { t: "wait" };
  }

  async apply(op: Op): Promise<void> {
    if (op.t === "wait") {
      try {
        await this.ctx.timeout(new Promise<void>(() => {}), 3);
      } catch (err) {
        if (!(err instanceof SimTimeoutError)) this.#found.push(this.ctx.violation("T1", `ctx.timeout rejected with ${String(err)}, not a SimTimeoutError`));
      }
      return;
    }
    if (op.t === "put") {
      this.ctx.emit(this.#kinds.put, op.key, op.value);
      this.#cache.set(op.key, op.value);
      this.#model.set(op.key, op.value);
      this.ctx.schedule(2, this.#kinds.flush, () => this.#disk.set(op.key, op.value));
      return;
    }
    this.ctx.emit(this.#kinds.get, op.key);
    const got = this.ctx.bug === "stale-read" ? this.#disk.get(op.key) : this.#cache.get(op.key);
    const want = this.#model.get(op.key);
    if (got !== want) this.#found.push(this.ctx.violation("RYW", `get(${op.key}) returned ${got}, the last write was ${want}`));
  }

  check(): readonly Violation[] {
    return this.#found.splice(0);
  }

  finish(): readonly Violation[] {
    return this.#found.splice(0);
  }
}

const target = defineTarget<Op>({
  name: "install-test-cache",
  description: "a write-back cache (install test)",
  invariants: { RYW: "a read returns the last value written", T1: "ctx.timeout rejects with the SimTimeoutError the target imported" },
  bugs: { "stale-read": "reads go to the disk, which lags the cache" },
  workloads: { default: "puts, gets and timeouts over 4 keys" },
  eventKinds: ["op.put", "op.get", "flush"],
  create: (ctx) => new Cache(ctx),
});
EOF
)
JS_BODY=$(cat <<'EOF'

class Cache {
  #cache = new Map();
  #disk = new Map();
  #model = new Map();
  #found = [];
  #kinds;

  constructor(ctx) {
    this.ctx = ctx;
    this.#kinds = { put: ctx.kind("op.put"), get: ctx.kind("op.get"), flush: ctx.kind("flush") };
  }

  nextOp() {
    const r = this.ctx.ops;
    const x = r.int(10);
    return x < 4 ? { t: "put", key: r.int(4), value: r.int(100) } : x < 9 ? { t: "get", key: r.int(4) } : { t: "wait" };
  }

  async apply(op) {
    if (op.t === "wait") {
      try {
        await this.ctx.timeout(new Promise(() => {}), 3);
      } catch (err) {
        if (!(err instanceof SimTimeoutError)) this.#found.push(this.ctx.violation("T1", `ctx.timeout rejected with ${String(err)}, not a SimTimeoutError`));
      }
      return;
    }
    if (op.t === "put") {
      this.ctx.emit(this.#kinds.put, op.key, op.value);
      this.#cache.set(op.key, op.value);
      this.#model.set(op.key, op.value);
      this.ctx.schedule(2, this.#kinds.flush, () => this.#disk.set(op.key, op.value));
      return;
    }
    this.ctx.emit(this.#kinds.get, op.key);
    const got = this.ctx.bug === "stale-read" ? this.#disk.get(op.key) : this.#cache.get(op.key);
    const want = this.#model.get(op.key);
    if (got !== want) this.#found.push(this.ctx.violation("RYW", `get(${op.key}) returned ${got}, the last write was ${want}`));
  }

  check() {
    return this.#found.splice(0);
  }

  finish() {
    return this.#found.splice(0);
  }
}

const target = defineTarget({
  name: "install-test-cache",
  description: "a write-back cache (install test)",
  invariants: { RYW: "a read returns the last value written", T1: "ctx.timeout rejects with the SimTimeoutError the target imported" },
  bugs: { "stale-read": "reads go to the disk, which lags the cache" },
  workloads: { default: "puts, gets and timeouts over 4 keys" },
  eventKinds: ["op.put", "op.get", "flush"],
  create: (ctx) => new Cache(ctx),
});
EOF
)
ESM_JS_HEAD='import { defineTarget, SimTimeoutError } from "simctl-dst";'
CJS_JS_HEAD='const { defineTarget, SimTimeoutError } = require("simctl-dst");'

# A vitest file that uses simctl-dst as a library, on the project's .ts target.
VITEST_FILE=$(cat <<'EOF'
import { describe, expect, it } from "vitest";
import { runSeed, sweep } from "simctl-dst";
import target from "./t.ts";

describe("simctl-dst as a library", () => {
  it("sweep(...) passes every seed without the bug", async () => {
    const report = await sweep(target, { base: 0, count: 5 }, { ops: 200, faultLevel: "sunny" });
    expect(report.failed + report.errored + report.inconclusive).toBe(0);
    expect(report.passed).toBe(5);
    expect(report.histogram["op.put"]).toBeGreaterThan(0);
  });

  it("runSeed(...) finds the stale read, and a second run gives the same trace hash", async () => {
    const options = { ops: 500, faultLevel: "stormy", bug: "stale-read" } as const;
    const first = await runSeed(target, 1, options);
    expect(first.violations[0]?.invariant).toBe("RYW");
    expect((await runSeed(target, 1, options)).traceHash).toBe(first.traceHash);
  });
});
EOF
)

# 3. A fresh project: npm init -y (CommonJS) or with "type": "module", the tarball installed.
make_project() {
  local dir=$1 kind=$2
  mkdir "$dir"
  (cd "$dir" && npm init -y >/dev/null) || fail "$kind project: npm init -y failed"
  if [ "$kind" = esm ]; then
    (cd "$dir" && npm pkg set type=module) || fail "esm project: npm pkg set type=module failed"
  fi
  (cd "$dir" && npm install --save-dev "${NPM_FLAGS[@]}" "$TARBALL" "vitest@$VITEST" "typescript@$TYPESCRIPT" >"$dir/install.log" 2>&1) || {
    cat "$dir/install.log" >&2
    fail "$kind project: npm install of the tarball failed"
  }
  [ -x "$dir/node_modules/.bin/simctl" ] || fail "$kind project: the install has no simctl binary"
  local cjs_js esm_js
  printf '%s\n%s\n\nexport default target;\n' "$TS_HEAD" "$TS_BODY" >"$dir/t.ts"
  cp "$dir/t.ts" "$dir/t.mts"
  cp "$dir/t.ts" "$dir/t.cts"
  esm_js=$(printf '%s\n%s\n\nexport default target;\n' "$ESM_JS_HEAD" "$JS_BODY")
  cjs_js=$(printf '%s\n%s\n\nmodule.exports = target;\n' "$CJS_JS_HEAD" "$JS_BODY")
  printf '%s\n' "$esm_js" >"$dir/t.mjs"
  printf '%s\n' "$cjs_js" >"$dir/t.cjs"
  # A .js file is CommonJS in the CommonJS project and ESM in the ESM one.
  if [ "$kind" = esm ]; then printf '%s\n' "$esm_js" >"$dir/t.js"; else printf '%s\n' "$cjs_js" >"$dir/t.js"; fi
  printf '%s\n' "$VITEST_FILE" >"$dir/sim.test.ts"
  # A user's replicator for the built-in replication target, typed by simctl-dst/replication.
  cp "$ROOT/examples/replicator-quorum.ts" "$dir/r.ts"
  # A user's RaftStorage, typed by simctl-dst/raft-storage, certified with simctl conformance.
  cp "$ROOT/examples/raft-store-whole-state.ts" "$dir/s.ts"
  cat >"$dir/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "skipLibCheck": false,
    "types": []
  },
  "include": ["t.ts", "t.mts", "t.cts", "r.ts", "s.ts", "sim.test.ts"]
}
EOF
}

# Run `npx simctl ARGS` in DIR; fail unless it exits WANT. Output in $OUT.
expect_exit() {
  local dir=$1 want=$2 what=$3
  shift 3
  local code=0
  OUT=$(cd "$dir" && npx --no-install simctl "$@" 2>&1) || code=$?
  if [ "$code" != "$want" ]; then
    printf '%s\n' "$OUT" | tail -20 >&2
    fail "$what: npx simctl $* exited $code, expected $want"
  fi
  if printf '%s\n' "$OUT" | grep -q 'ExperimentalWarning\|internal error'; then
    printf '%s\n' "$OUT" | grep 'ExperimentalWarning\|internal error' >&2
    fail "$what: npx simctl $* printed a warning or an internal error"
  fi
}

# The failing path of one target: --bug sweep, the replay it prints, shrink.
failing_path() {
  local dir=$1 kind=$2 file=$3
  expect_exit "$dir" 1 "$kind $file bug sweep" sweep --target "./$file" --seeds 10 --bug stale-read
  printf '%s\n' "$OUT" | grep -q "✗ seed .*: RYW" || fail "$kind $file: the bug sweep reported no RYW violation"
  local replay hash seed code=0 out
  replay=$(printf '%s\n' "$OUT" | grep -m1 'replay: npx simctl replay ' | sed 's/^ *replay: //')
  [ -n "$replay" ] || fail "$kind $file: the bug sweep printed no replay command"
  hash=$(printf '%s\n' "$replay" | sed -n 's/.*--expect-hash \([0-9a-f]\{16\}\).*/\1/p')
  seed=$(printf '%s\n' "$replay" | sed -n 's/.*--seed \([0-9]*\).*/\1/p')
  [ -n "$hash" ] && [ -n "$seed" ] || fail "$kind $file: no seed or --expect-hash in: $replay"
  out=$(cd "$dir" && eval "$replay" 2>&1) || code=$?
  [ "$code" = 1 ] || {
    printf '%s\n' "$out" | tail -20 >&2
    fail "$kind $file: the printed replay command exited $code, expected 1: $replay"
  }
  printf '%s\n' "$out" | grep -q "$hash" || fail "$kind $file: the replay did not report trace hash $hash"
  expect_exit "$dir" 1 "$kind $file shrink" shrink --target "./$file" --seed "$seed" --bug stale-read
  printf '%s\n' "$OUT" | grep -q '^Repro' || fail "$kind $file: shrink printed no repro"
  printf '%s\n' "$OUT" | grep -q 'RYW: shrunk from' || fail "$kind $file: shrink did not shrink the RYW failure"
  say "$kind: $file bug sweep exit 1, replay of seed $seed exit 1 (hash $hash), shrink exit 1 ($(printf '%s\n' "$OUT" | grep -o 'shrunk from [0-9]* to [0-9]* steps'))"
}

check_project() {
  local dir=$1 kind=$2
  local code=0 out
  out=$(cd "$dir" && npx --no-install tsc -p . 2>&1) || code=$?
  [ "$code" = 0 ] || {
    printf '%s\n' "$out" >&2
    fail "$kind project: tsc found type errors against the shipped types"
  }
  for file in t.ts t.mts t.cts t.js t.mjs t.cjs; do
    expect_exit "$dir" 0 "$kind $file sweep" sweep --target "./$file" --seeds 10
    printf '%s\n' "$OUT" | grep -q '^PASS: 10 seeds' || fail "$kind $file: the sweep did not end PASS: 10 seeds"
  done
  say "$kind: tsc clean; sweeps of t.ts t.mts t.cts t.js t.mjs t.cjs exit 0"
  expect_exit "$dir" 0 "$kind --impl r.ts" sweep --target replication --impl ./r.ts --seeds 5
  printf '%s\n' "$OUT" | grep -q '^PASS: 5 seeds' || fail "$kind: the replication sweep with --impl ./r.ts did not end PASS: 5 seeds"
  say "$kind: sweep --target replication --impl ./r.ts exit 0"
  expect_exit "$dir" 0 "$kind conformance --impl s.ts" conformance raft-storage --impl ./s.ts --seeds 5
  printf '%s\n' "$OUT" | grep -q '^CONFORMS: ' || fail "$kind: conformance raft-storage --impl ./s.ts did not end CONFORMS"
  say "$kind: conformance raft-storage --impl ./s.ts exit 0"
  failing_path "$dir" "$kind" t.ts
  if [ "$kind" = cjs ]; then failing_path "$dir" "$kind" t.js; fi
  code=0
  out=$(cd "$dir" && CI=true NO_COLOR=1 FORCE_COLOR=0 npx --no-install vitest run 2>&1) || code=$?
  [ "$code" = 0 ] || {
    printf '%s\n' "$out" | tail -30 >&2
    fail "$kind project: vitest run failed"
  }
  printf '%s\n' "$out" | grep -Eq 'Tests +2 passed' || {
    printf '%s\n' "$out" | tail -30 >&2
    fail "$kind project: vitest did not report 2 tests passed"
  }
  say "$kind: vitest sim.test.ts (sweep, runSeed) 2 passed"
}

# The two installs run side by side; then each project is checked.
say "installing into a fresh CommonJS and a fresh ESM project (vitest $VITEST, typescript $TYPESCRIPT)"
make_project "$WORK/cjs" cjs &
cjs_pid=$!
make_project "$WORK/esm" esm &
esm_pid=$!
wait "$cjs_pid" || exit 1
wait "$esm_pid" || exit 1
grep -q '"type": "module"' "$WORK/cjs/package.json" && fail "cjs project: npm init -y made an ESM project"
grep -q '"type": "module"' "$WORK/esm/package.json" || fail "esm project: not \"type\": \"module\""

check_project "$WORK/cjs" cjs
check_project "$WORK/esm" esm
say "OK in $(($(date +%s) - START)) s"
