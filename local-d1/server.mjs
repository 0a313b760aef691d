#!/usr/bin/env node
// Starts a local Cloudflare D1 (workerd through Miniflare) behind Cloudflare's D1 REST API paths.
// Prints exactly one line to stdout once ready:  local-d1 listening on http://HOST:PORT
// Everything else (diagnostics, runtime output) goes to stderr.

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { parseArgs, stripVTControlCharacters } from "node:util";
import { Log, LogLevel, Miniflare } from "miniflare";
import { parseDailyLimit, parseRateLimit } from "./worker.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_DATABASES = Array.from(
  { length: 8 },
  (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
);
const COMPATIBILITY_DATE = "2026-04-01";

const USAGE = `Usage: node server.mjs [options]

Options (each also settable through the environment variable shown):
  --host HOST              loopback address to listen on (LOCAL_D1_HOST, default 127.0.0.1)
  --port PORT              TCP port, 0 picks a free one (LOCAL_D1_PORT, default 8787)
  --persist DIR            keep D1 data in DIR across restarts (LOCAL_D1_PERSIST, default in memory)
  --databases ID,ID,...    D1 database ids served (LOCAL_D1_DATABASES,
                           default ${DEFAULT_DATABASES[0]} .. ${DEFAULT_DATABASES.at(-1)})
  --account ID             Cloudflare account id accepted (LOCAL_D1_ACCOUNT, default local-account)
  --token TOKEN            bearer token required on API calls (LOCAL_D1_TOKEN, default local-dev-token)
  --rate-limit LIMIT       emulate the account's API rate limit (LOCAL_D1_RATE_LIMIT, default off):
                           QUOTA/WINDOW_SECONDS[/BLOCK_SECONDS], "cloudflare" (1200/300/300) or "off";
                           every reply then carries Ratelimit and Ratelimit-Policy headers
  --daily-limit LIMIT      emulate the Workers Free plan's daily D1 row quotas (LOCAL_D1_DAILY_LIMIT,
                           default off): ROWS_READ/ROWS_WRITTEN[/DAY_SECONDS], "free"
                           (5000000/100000/86400) or "off"
  --faults                 enable the test-only endpoints /__faults, /__reset, /__stats, /__account
                           (LOCAL_D1_FAULTS=1)
  --exit-on-stdin-close    exit when stdin reaches end of file (LOCAL_D1_EXIT_ON_STDIN_CLOSE=1)
  --allow-any-host         accept a non-loopback --host such as 0.0.0.0, for use inside a container on an
                           isolated network only (LOCAL_D1_ALLOW_ANY_HOST=1, default off)
  --help                   print this help
`;

class UsageError extends Error {}

function envFlag(name) {
  const value = process.env[name];
  if (value === undefined || value === "") return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new UsageError(`${name} must be 1/true/yes/on or 0/false/no/off, got ${JSON.stringify(value)}`);
}

function pick(cliValue, envName, fallback) {
  if (cliValue !== undefined) return cliValue;
  const env = process.env[envName];
  return env !== undefined && env !== "" ? env : fallback;
}

function loopbackHost(host, allowAnyHost) {
  if (host === "localhost") return "127.0.0.1";
  if (allowAnyHost) {
    if (isIP(host) === 0) throw new UsageError(`--host ${JSON.stringify(host)} must be an IP address or localhost`);
    return host;
  }
  const version = isIP(host);
  if (version === 4 && host.split(".")[0] === "127") return host;
  if (version === 6 && (host === "::1" || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(host))) return "::1";
  throw new UsageError(
    `--host ${JSON.stringify(host)} is not a loopback address; local-d1 only listens on 127.0.0.0/8, ::1 or localhost`,
  );
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        persist: { type: "string" },
        databases: { type: "string" },
        account: { type: "string" },
        token: { type: "string" },
        faults: { type: "boolean" },
        "rate-limit": { type: "string" },
        "daily-limit": { type: "string" },
        "exit-on-stdin-close": { type: "boolean" },
        "allow-any-host": { type: "boolean" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (parsed.help) return { help: true };

  const allowAnyHost = parsed["allow-any-host"] === true || envFlag("LOCAL_D1_ALLOW_ANY_HOST");
  const host = loopbackHost(pick(parsed.host, "LOCAL_D1_HOST", "127.0.0.1"), allowAnyHost);

  const portText = String(pick(parsed.port, "LOCAL_D1_PORT", "8787"));
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
  }
  const port = Number(portText);

  const persistText = pick(parsed.persist, "LOCAL_D1_PERSIST", undefined);
  const persist = persistText === undefined ? undefined : resolve(persistText);

  const databasesText = pick(parsed.databases, "LOCAL_D1_DATABASES", DEFAULT_DATABASES.join(","));
  const databases = databasesText.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (databases.length === 0) throw new UsageError("--databases must name at least one database id");
  for (const id of databases) {
    if (!ID_PATTERN.test(id)) {
      throw new UsageError(`database id ${JSON.stringify(id)} may only contain letters, digits, '.', '_' and '-'`);
    }
  }
  if (new Set(databases).size !== databases.length) throw new UsageError("--databases lists an id twice");

  const account = pick(parsed.account, "LOCAL_D1_ACCOUNT", "local-account");
  if (!ID_PATTERN.test(account)) {
    throw new UsageError("--account may only contain letters, digits, '.', '_' and '-'");
  }

  const token = pick(parsed.token, "LOCAL_D1_TOKEN", "local-dev-token");
  if (!/^\S+$/.test(token)) throw new UsageError("the token must be non-empty and contain no whitespace");

  let rateLimit;
  let dailyLimit;
  try {
    rateLimit = parseRateLimit(pick(parsed["rate-limit"], "LOCAL_D1_RATE_LIMIT", "off"));
    dailyLimit = parseDailyLimit(pick(parsed["daily-limit"], "LOCAL_D1_DAILY_LIMIT", "off"));
  } catch (error) {
    throw new UsageError(error.message);
  }

  return {
    host,
    port,
    persist,
    databases,
    account,
    token,
    rateLimit,
    dailyLimit,
    faults: parsed.faults === true || envFlag("LOCAL_D1_FAULTS"),
    exitOnStdinClose: parsed["exit-on-stdin-close"] === true || envFlag("LOCAL_D1_EXIT_ON_STDIN_CLOSE"),
  };
}

function describeRate(limit) {
  return limit ? `${limit.quota} per ${limit.windowSeconds} s, block ${limit.blockSeconds} s` : "off";
}

function describeDaily(limit) {
  return limit ? `${limit.rowsRead} read, ${limit.rowsWritten} written per ${limit.daySeconds} s` : "off";
}

class StderrLog extends Log {
  log(message) {
    process.stderr.write(`${stripVTControlCharacters(String(message))}\n`);
  }
}

// Copies workerd's output to stderr. A reset fault makes workerd report the deliberately
// unfinished response as an uncaught exception with a stack of addresses; that pair of
// lines is replaced by one plain line.
function forwardRuntimeOutput(stream) {
  let skipStack = false;
  createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
    if (skipStack && line.startsWith("stack:")) {
      skipStack = false;
      return;
    }
    skipStack = false;
    if (line.includes("FixedLengthStream did not see all expected bytes")) {
      skipStack = true;
      process.stderr.write("local-d1: connection closed mid-response (reset fault)\n");
      return;
    }
    process.stderr.write(`${line}\n`);
  });
}

// Process ids of the workerd runtimes Miniflare started as children of this process.
function childWorkerdPids() {
  const pids = [];
  if (process.platform === "linux") {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      if (ppid === process.pid && comm.includes("workerd")) pids.push(Number(entry));
    }
    return pids;
  }
  const listing = execFileSync("ps", ["-A", "-o", "pid=,ppid=,comm="], { encoding: "utf8" });
  for (const line of listing.split("\n")) {
    const [pid, ppid, ...comm] = line.trim().split(/\s+/);
    if (Number(ppid) === process.pid && comm.join(" ").includes("workerd")) pids.push(Number(pid));
  }
  return pids;
}

// If this process is killed outright (SIGKILL), Miniflare gets no chance to stop workerd.
// A tiny shell process holds the read end of a pipe from this process; when the pipe
// closes (this process ended, however it ended) it kills the workerd it was given,
// after checking that the pid still belongs to a workerd.
function startOrphanGuard(pids) {
  if (process.platform === "win32" || pids.length === 0) return;
  const script = `
cat >/dev/null 2>&1
for pid in "$@"; do
  comm=""
  if [ -r "/proc/$pid/comm" ]; then read -r comm < "/proc/$pid/comm"; else comm=$(ps -p "$pid" -o comm= 2>/dev/null); fi
  case "$comm" in *workerd*) kill -9 "$pid" 2>/dev/null ;; esac
done`;
  try {
    const guard = spawn("/bin/sh", ["-c", script, "local-d1-guard", ...pids.map(String)], {
      stdio: ["pipe", "ignore", "ignore"],
    });
    guard.on("error", (error) => process.stderr.write(`local-d1: orphan guard not started: ${error.message}\n`));
    guard.unref();
    guard.stdin.on("error", () => {});
    guard.stdin.unref?.();
  } catch (error) {
    process.stderr.write(`local-d1: orphan guard not started: ${error.message}\n`);
  }
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`local-d1: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (options.persist) mkdirSync(options.persist, { recursive: true });

  const databases = options.databases.map((id, index) => ({
    id,
    binding: `D1_${index}`,
    name: `local-d1-${index + 1}`,
  }));
  const config = {
    account: options.account,
    token: options.token,
    faults: options.faults,
    rateLimit: options.rateLimit,
    dailyLimit: options.dailyLimit,
    startedAt: new Date().toISOString(),
    databases,
  };

  const started = performance.now();
  const signals = ["SIGTERM", "SIGINT", "SIGHUP"];
  const earlierListeners = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(HERE, "worker.mjs"),
    compatibilityDate: COMPATIBILITY_DATE,
    host: options.host,
    port: options.port,
    cf: false,
    d1Databases: Object.fromEntries(databases.map((d) => [d.binding, d.id])),
    d1Persist: options.persist ?? false,
    bindings: { LOCAL_D1_CONFIG: config },
    log: new StderrLog(LogLevel.WARN),
    handleRuntimeStdio(stdout, stderr) {
      forwardRuntimeOutput(stdout);
      forwardRuntimeOutput(stderr);
    },
  });

  // Miniflare installs SIGINT/SIGTERM listeners that exit at once with status 130/143.
  // Replace them with a graceful shutdown that disposes Miniflare and exits 0; its
  // process "exit" hook (which stops workerd and removes its temporary directory) stays.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!earlierListeners.get(signal).has(listener)) process.removeListener(signal, listener);
    }
  }

  let stopping = null;
  const stop = (reason, code = 0) => {
    if (stopping) return stopping;
    process.stderr.write(`local-d1: stopping (${reason})\n`);
    const forced = setTimeout(() => {
      process.stderr.write("local-d1: shutdown took longer than 10 s, exiting anyway\n");
      process.exit(code === 0 ? 1 : code);
    }, 10_000);
    forced.unref();
    stopping = mf
      .dispose()
      .catch((error) => process.stderr.write(`local-d1: error while stopping: ${error.message}\n`))
      .finally(() => process.exit(code));
    return stopping;
  };
  for (const signal of signals) {
    process.on(signal, () => stop(signal));
  }
  if (options.exitOnStdinClose) {
    process.stdin.on("end", () => stop("stdin closed"));
    process.stdin.on("error", () => stop("stdin error"));
    process.stdin.resume();
  }

  let url;
  try {
    url = await mf.ready;
  } catch (error) {
    process.stderr.write(`local-d1: failed to start on ${options.host}:${options.port}: ${error.message}\n`);
    await mf.dispose().catch(() => {});
    process.exit(1);
  }
  if (stopping) return;
  startOrphanGuard(childWorkerdPids());
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  const elapsed = Math.round(performance.now() - started);
  process.stderr.write(
    `local-d1: ready in ${elapsed} ms; account ${options.account}; databases ${options.databases.join(", ")}; ` +
      `storage ${options.persist ?? "in memory"}; test endpoints ${options.faults ? "enabled" : "disabled"}; ` +
      `rate limit ${describeRate(options.rateLimit)}; daily limit ${describeDaily(options.dailyLimit)}\n`,
  );
  process.stdout.write(`local-d1 listening on http://${hostForUrl}:${url.port || "80"}\n`);
}

main().catch((error) => {
  process.stderr.write(`local-d1: ${error.stack ?? error}\n`);
  process.exit(1);
});
