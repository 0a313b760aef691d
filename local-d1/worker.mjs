// Local Cloudflare D1 REST API.
//
// Serves the same paths and JSON envelopes as Cloudflare's D1 REST API
// (https://api.cloudflare.com/client/v4/accounts/{account_id}/d1/database/{database_id}/...)
// on top of real D1 bindings run by workerd through Miniflare.
//
// Configuration arrives in the JSON binding LOCAL_D1_CONFIG (written by server.mjs):
//   { account, token, faults, startedAt, databases: [{ id, binding, name }] }

const API_PREFIX = "/client/v4/accounts/";
const DB_ROUTE = /^\/client\/v4\/accounts\/([^/]+)\/d1\/database\/([^/]+)(?:\/([^/]+))?\/?$/;
const USER_OBJECT_FILTER =
  "name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
const FAULT_KEYS = new Set([
  "status", "retryAfter", "body", "delayMs", "applyThenFail", "successFalse",
  "errorCode", "errorMessage", "count", "paths", "database", "reset",
]);
const FAULT_PATHS = new Set(["query", "raw", "info"]);
const MAX_DELAY_MS = 600_000;

// State kept for the life of the isolate (one per server process).
const pendingFaults = [];
let stats = null;
let budget = null; // the account's API rate limit, when emulated
let daily = null; // the account's daily D1 row quotas, when emulated

// ---------------------------------------------------------------------------
// Responses

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function success(result) {
  return json({ result, success: true, errors: [], messages: [] });
}

function failure(status, code, message, headers = {}) {
  return json({ result: null, success: false, errors: [{ code, message }], messages: [] }, status, headers);
}

// A statement rejected by D1 (Cloudflare answers these with HTTP 400, code 7500 and a cf-d1 header).
function sqlFailure(message, headers = {}) {
  return failure(400, 7500, message, { "cf-d1": "err=7500", ...headers });
}

const notFoundRoute = () => failure(404, 7000, "No route for that URI");

function methodNotAllowed(method, allowed) {
  return failure(405, 7001, `Method ${method} not allowed for this route (allowed: ${allowed})`, {
    allow: allowed,
  });
}

class BadRequest extends Error {}

// ---------------------------------------------------------------------------
// Configuration, authentication

function loadConfig(env) {
  const raw = env.LOCAL_D1_CONFIG;
  const config = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (!config || typeof config.token !== "string" || !Array.isArray(config.databases)) {
    throw new Error("LOCAL_D1_CONFIG binding is missing or malformed");
  }
  if (stats === null) {
    stats = newStats(config);
    budget = newBudget(config.rateLimit);
    daily = newDaily(config.dailyLimit);
  }
  return config;
}

function newStats(config) {
  const databases = {};
  for (const db of config.databases) {
    databases[db.id] = { total: 0, query: 0, raw: 0, info: 0, faulted: 0 };
  }
  return { total: 0, databases };
}

function constantTimeEquals(a, b) {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

function authorized(request, config) {
  const header = request.headers.get("authorization");
  if (!header) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match !== null && constantTimeEquals(match[1], config.token);
}

// ---------------------------------------------------------------------------
// SQL splitting: one top-level `sql` may hold several `;`-separated statements.
// Strings, quoted identifiers, comments and CREATE TRIGGER bodies are respected.

export function splitStatements(sql) {
  const statements = [];
  let start = 0;
  let words = []; // leading keywords of the current statement (upper case, up to 3)
  let trigger = false;
  let inBody = false;
  let depth = 0;
  let meaningful = false; // current statement has something besides blanks/comments
  const n = sql.length;
  let i = 0;

  const finish = (end) => {
    if (meaningful) statements.push(sql.slice(start, end));
    start = end + 1;
    words = [];
    trigger = false;
    inBody = false;
    depth = 0;
    meaningful = false;
  };

  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      meaningful = true;
      i++;
      while (i < n) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
    } else if (c === "[") {
      meaningful = true;
      const close = sql.indexOf("]", i + 1);
      i = close === -1 ? n : close + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i + 2);
      i = nl === -1 ? n : nl + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === ";") {
      if (trigger && (!inBody || depth > 0)) {
        i++;
      } else {
        finish(i);
        i++;
      }
    } else if (/[A-Za-z_]/.test(c)) {
      meaningful = true;
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (words.length < 3) {
        words.push(word);
        if (
          words[0] === "CREATE" &&
          (words[1] === "TRIGGER" ||
            ((words[1] === "TEMP" || words[1] === "TEMPORARY") && words[2] === "TRIGGER"))
        ) {
          trigger = true;
        }
      }
      if (trigger) {
        if (!inBody) {
          if (word === "BEGIN") {
            inBody = true;
            depth = 1;
          }
        } else if (word === "CASE") {
          depth++;
        } else if (word === "END") {
          depth--;
        }
      }
      i = j;
    } else {
      if (!/\s/.test(c)) meaningful = true;
      i++;
    }
  }
  finish(n);
  return statements;
}

// ---------------------------------------------------------------------------
// Request bodies

function checkParams(params, where) {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) {
    throw new BadRequest(`${where}: "params" must be an array`);
  }
  params.forEach((value, index) => {
    const type = typeof value;
    if (value === null || type === "string" || type === "boolean") return;
    if (type === "number") {
      if (!Number.isFinite(value)) {
        throw new BadRequest(`${where}: params[${index}] is not a finite number`);
      }
      return;
    }
    if (
      Array.isArray(value) &&
      value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)
    ) {
      return; // bytes of a BLOB
    }
    throw new BadRequest(
      `${where}: params[${index}] has unsupported type '${Array.isArray(value) ? "array" : type}'` +
        " (use a string, number, boolean, null, or an array of byte values 0-255 for a BLOB)",
    );
  });
  return params;
}

function checkSql(sql, where) {
  if (typeof sql !== "string") {
    throw new BadRequest(`${where}: "sql" must be a string`);
  }
  return sql;
}

// Returns the list of {sql, params} statements to run in one transaction.
function parseQueryBody(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`Request body is not valid JSON: ${e.message}`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new BadRequest(
      'Request body must be a JSON object: {"sql": "...", "params": [...]} or {"batch": [{"sql": "...", "params": [...]}, ...]}',
    );
  }
  const hasSql = body.sql !== undefined;
  const hasBatch = body.batch !== undefined;
  if (hasSql && hasBatch) {
    throw new BadRequest('Request body must contain either "sql" or "batch", not both');
  }
  if (hasBatch) {
    if (!Array.isArray(body.batch) || body.batch.length === 0) {
      throw new BadRequest('"batch" must be a non-empty array of {"sql": "...", "params": [...]} objects');
    }
    return body.batch.map((item, index) => {
      const where = `batch[${index}]`;
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw new BadRequest(`${where} must be an object {"sql": "...", "params": [...]}`);
      }
      return { sql: checkSql(item.sql, where), params: checkParams(item.params, where) };
    });
  }
  if (hasSql) {
    const sql = checkSql(body.sql, "body");
    const params = checkParams(body.params, "body");
    const parts = splitStatements(sql);
    if (parts.length <= 1) return [{ sql, params }];
    // As in D1 itself, only the last of several statements can take parameters.
    return parts.map((part, index) => ({
      sql: part,
      params: index === parts.length - 1 ? params : [],
    }));
  }
  throw new BadRequest(
    'Request body must contain "sql" (a string, with optional "params" array) or "batch" (an array of {"sql", "params"})',
  );
}

// ---------------------------------------------------------------------------
// Running statements

class SqlError extends Error {}

function engineMessage(error) {
  const cause = error && error.cause;
  if (cause && typeof cause.message === "string" && cause.message) return cause.message;
  const message = error && typeof error.message === "string" ? error.message : String(error);
  return message.replace(/^D1_[A-Z_]+: /, "");
}

function isEngineError(error) {
  return error instanceof Error && /^D1_[A-Z_]+: /.test(error.message);
}

function completeMeta(meta) {
  const out = { ...(meta || {}) };
  if (out.served_by_primary === undefined) out.served_by_primary = true;
  if (out.timings === undefined && typeof out.duration === "number") {
    out.timings = { sql_duration_ms: out.duration };
  }
  return out;
}

// Rows as objects, through the binding's batch(): one transaction for all statements.
async function runAsObjects(db, statements) {
  let results;
  try {
    results = await db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.params)));
  } catch (error) {
    if (isEngineError(error)) throw new SqlError(engineMessage(error));
    throw error;
  }
  return results.map((r) => ({
    results: r.results ?? [],
    success: true,
    meta: completeMeta(r.meta),
  }));
}

// Rows as {columns, rows}. The binding's batch() turns rows into objects, which loses
// duplicate column names and the column list of empty results, so this sends the very
// request batch() sends (same endpoint, same single transaction) but keeps the
// ROWS_AND_COLUMNS format the engine answers in.
async function runAsRows(db, statements) {
  const transport = db.fetcher;
  if (!transport || typeof transport.fetch !== "function") {
    throw new Error("The D1 binding of this workerd version does not expose its transport; /raw is unavailable");
  }
  const body = statements.map((s) => ({
    sql: s.sql,
    params: s.params.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v)),
  }));
  const response = await transport.fetch("http://d1/query?resultsFormat=ROWS_AND_COLUMNS", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new Error(`D1 engine answered HTTP ${response.status} with a non-JSON body: ${text.slice(0, 500)}`);
  }
  const list = Array.isArray(answer) ? answer : [answer];
  const failed = list.find((r) => r && r.error);
  if (failed) throw new SqlError(String(failed.error));
  return list.map((r) => {
    const res = r.results;
    const results = Array.isArray(res)
      ? {
          columns: res.length ? Object.keys(res[0]) : [],
          rows: res.map((row) => Object.values(row)),
        }
      : { columns: res?.columns ?? [], rows: res?.rows ?? [] };
    return { results, success: true, meta: completeMeta(r.meta) };
  });
}

async function databaseInfo(db, entry, config) {
  const [result] = await runAsObjects(db, [
    {
      sql: `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND ${USER_OBJECT_FILTER}`,
      params: [],
    },
  ]);
  return {
    uuid: entry.id,
    name: entry.name,
    version: "production",
    num_tables: result.results[0].n,
    file_size: result.meta.size_after,
    created_at: config.startedAt,
  };
}

// ---------------------------------------------------------------------------
// The account's budget. Cloudflare counts API requests per user across every token, database
// and program (1,200 per 5 minutes; going over blocks every call for 5 minutes with 429) and
// reports the budget on each reply in the Ratelimit and Ratelimit-Policy headers. The Workers
// Free plan also caps the rows a day's D1 queries read and write (until 00:00 UTC), refusing
// queries with HTTP 400, code 7500, "Your account has exceeded daily row read limit." once over.

export function parseRateLimit(text) {
  if (text === null || text === undefined || text === "off") return null;
  if (text === "cloudflare") return { quota: 1200, windowSeconds: 300, blockSeconds: 300 };
  const match = /^(\d+)\/(\d+)(?:\/(\d+))?$/.exec(String(text));
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new BadRequest(
      `rate limit ${JSON.stringify(text)} must be QUOTA/WINDOW_SECONDS[/BLOCK_SECONDS], "cloudflare" or "off"`,
    );
  }
  const windowSeconds = Number(match[2]);
  return {
    quota: Number(match[1]),
    windowSeconds,
    blockSeconds: match[3] === undefined ? windowSeconds : Number(match[3]),
  };
}

export function parseDailyLimit(text) {
  if (text === null || text === undefined || text === "off") return null;
  if (text === "free") return { rowsRead: 5_000_000, rowsWritten: 100_000, daySeconds: 86_400 };
  const match = /^(\d+)\/(\d+)(?:\/(\d+))?$/.exec(String(text));
  if (!match || (match[3] !== undefined && Number(match[3]) < 1)) {
    throw new BadRequest(
      `daily limit ${JSON.stringify(text)} must be ROWS_READ/ROWS_WRITTEN[/DAY_SECONDS], "free" or "off"`,
    );
  }
  return {
    rowsRead: Number(match[1]),
    rowsWritten: Number(match[2]),
    daySeconds: match[3] === undefined ? 86_400 : Number(match[3]),
  };
}

function newBudget(limit) {
  return limit ? { ...limit, windowStart: 0, used: 0, blockedUntil: 0, refused: 0 } : null;
}

function newDaily(limit) {
  return limit ? { ...limit, dayStart: 0, read: 0, written: 0, refused: 0 } : null;
}

// Counts one request against the budget; returns a 429 response when it is over.
function spendBudget(now) {
  if (!budget) return null;
  if (now < budget.blockedUntil) {
    budget.refused++;
    return rateLimited(Math.ceil((budget.blockedUntil - now) / 1000));
  }
  if (now - budget.windowStart >= budget.windowSeconds * 1000) {
    budget.windowStart = now;
    budget.used = 0;
  }
  if (budget.used >= budget.quota) {
    // The block spends the rest of the window; a fresh window starts when it ends.
    budget.blockedUntil = now + budget.blockSeconds * 1000;
    budget.windowStart = budget.blockedUntil;
    budget.used = 0;
    budget.refused++;
    return rateLimited(budget.blockSeconds);
  }
  budget.used++;
  return null;
}

function rateLimited(seconds) {
  return failure(429, 971, "Please wait and consider throttling your request speed", {
    "retry-after": String(seconds),
  });
}

function budgetHeaders(now) {
  if (!budget) return {};
  const blocked = now < budget.blockedUntil;
  const reset = blocked
    ? budget.blockedUntil - now
    : Math.max(0, budget.windowStart + budget.windowSeconds * 1000 - now);
  return {
    ratelimit: `"default";r=${blocked ? 0 : Math.max(0, budget.quota - budget.used)};t=${Math.ceil(reset / 1000)}`,
    "ratelimit-policy": `"default";q=${budget.quota};w=${budget.windowSeconds}`,
  };
}

function withHeaders(response, headers) {
  if (Object.keys(headers).length === 0) return response;
  const copy = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
  return copy;
}

// A query refused because the day's rows are spent, or null.
function dailyRefusal(now) {
  if (!daily) return null;
  const dayMillis = daily.daySeconds * 1000;
  const dayStart = Math.floor(now / dayMillis) * dayMillis;
  if (dayStart !== daily.dayStart) {
    daily.dayStart = dayStart;
    daily.read = 0;
    daily.written = 0;
  }
  const over =
    daily.read >= daily.rowsRead ? "read" : daily.written >= daily.rowsWritten ? "write" : null;
  if (over === null) return null;
  daily.refused++;
  return sqlFailure(`Your account has exceeded daily row ${over} limit.`);
}

function meterRows(results) {
  if (!daily) return;
  for (const result of results) {
    daily.read += Number(result.meta?.rows_read ?? 0);
    daily.written += Number(result.meta?.rows_written ?? 0);
  }
}

function accountState(now) {
  const out = { rateLimit: null, dailyLimit: null };
  if (budget) {
    const blocked = now < budget.blockedUntil;
    out.rateLimit = {
      quota: budget.quota,
      windowSeconds: budget.windowSeconds,
      blockSeconds: budget.blockSeconds,
      used: budget.used,
      remaining: blocked ? 0 : Math.max(0, budget.quota - budget.used),
      blockedForSeconds: blocked ? Math.ceil((budget.blockedUntil - now) / 1000) : 0,
      refused: budget.refused,
    };
  }
  if (daily) {
    out.dailyLimit = {
      rowsRead: daily.rowsRead,
      rowsWritten: daily.rowsWritten,
      daySeconds: daily.daySeconds,
      read: daily.read,
      written: daily.written,
      refused: daily.refused,
    };
  }
  return out;
}

// GET: the budget and quotas as counted; DELETE: counters to zero, block lifted;
// POST {"rateLimit": "...", "dailyLimit": "..."}: new limits (either may be omitted), counters reset.
async function handleAccount(request, config) {
  const now = Date.now();
  if (request.method === "GET") return json(accountState(now));
  if (request.method === "DELETE") {
    budget = newBudget(budget);
    daily = newDaily(daily);
    return json({ ok: true, ...accountState(now) });
  }
  if (request.method !== "POST") return methodNotAllowed(request.method, "GET, POST, DELETE");
  try {
    let body;
    try {
      body = JSON.parse(await request.text());
    } catch (e) {
      throw new BadRequest(`Request body is not valid JSON: ${e.message}`);
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new BadRequest('Request body must be {"rateLimit": "...", "dailyLimit": "..."}');
    }
    for (const key of Object.keys(body)) {
      if (key !== "rateLimit" && key !== "dailyLimit") {
        throw new BadRequest(`unknown field "${key}" (known: rateLimit, dailyLimit)`);
      }
    }
    const rate = "rateLimit" in body ? parseRateLimit(body.rateLimit) : budget;
    const day = "dailyLimit" in body ? parseDailyLimit(body.dailyLimit) : daily;
    budget = newBudget(rate);
    daily = newDaily(day);
    return json({ ok: true, ...accountState(now) });
  } catch (error) {
    if (error instanceof BadRequest) return failure(400, 7400, error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// D1 API requests

async function serveD1(kind, body, db, entry, config) {
  try {
    if (kind === "info") {
      return success(await databaseInfo(db, entry, config));
    }
    const statements = parseQueryBody(body);
    const result =
      kind === "raw" ? await runAsRows(db, statements) : await runAsObjects(db, statements);
    meterRows(result);
    return success(result);
  } catch (error) {
    if (error instanceof BadRequest) return failure(400, 7400, error.message);
    if (error instanceof SqlError) return sqlFailure(error.message);
    return failure(500, 7500, `Internal error in local D1: ${engineMessage(error)}`);
  }
}

function takeFault(kind, databaseId) {
  for (let i = 0; i < pendingFaults.length; i++) {
    const fault = pendingFaults[i];
    if (fault.paths && !fault.paths.includes(kind)) continue;
    if (fault.database && fault.database !== databaseId) continue;
    fault.remaining--;
    if (fault.remaining <= 0) pendingFaults.splice(i, 1);
    return fault;
  }
  return null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function defaultErrorCode(status) {
  if (status === 429) return 971;
  if (status >= 400 && status < 500) return 7400;
  return 7500;
}

function defaultErrorMessage(status, successFalse) {
  if (status === 429) return "Please wait and consider throttling your request speed";
  if (successFalse && status < 400) return "Simulated fault: D1 reported a failure";
  return `Simulated fault: HTTP ${status}`;
}

function faultResponse(fault) {
  const headers = {};
  if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);

  if (fault.reset) {
    // workerd cannot drop a connection before the status line is sent. The closest it
    // can do: send the status line and headers with a Content-Length larger than the
    // body, send `body` (if any), then close the connection mid-body. The explicit
    // identity encoding keeps the response out of on-the-fly gzip/brotli compression,
    // which would turn the cut into a cleanly ended chunked body.
    const bytes = new TextEncoder().encode(fault.body ?? "");
    const { readable, writable } = new FixedLengthStream(bytes.length + 1024);
    const writer = writable.getWriter();
    (async () => {
      if (bytes.length) await writer.write(bytes);
      await writer.close();
    })().catch(() => {});
    return new Response(readable, {
      status: fault.status ?? 200,
      headers: { "content-type": "application/json", "content-encoding": "identity", ...headers },
    });
  }
  if (fault.body !== undefined) {
    return new Response(fault.body, {
      status: fault.status ?? 200,
      headers: { "content-type": "application/json", ...headers },
    });
  }
  const status = fault.status ?? (fault.successFalse ? 200 : 500);
  const code = fault.errorCode ?? defaultErrorCode(status);
  const message = fault.errorMessage ?? defaultErrorMessage(status, fault.successFalse === true);
  if (status === 400 && code === 7500) return sqlFailure(message, headers);
  return failure(status, code, message, headers);
}

function respondsWithFault(fault) {
  return (
    fault.reset === true ||
    fault.body !== undefined ||
    fault.successFalse === true ||
    fault.status !== undefined ||
    fault.applyThenFail === true
  );
}

async function handleD1(request, config, env, url) {
  const match = DB_ROUTE.exec(url.pathname);
  if (!match) return notFoundRoute();
  let accountId;
  let databaseId;
  try {
    accountId = decodeURIComponent(match[1]);
    databaseId = decodeURIComponent(match[2]);
  } catch {
    return notFoundRoute();
  }
  const action = match[3];
  let kind;
  if (action === undefined) {
    kind = "info";
    if (request.method !== "GET") return methodNotAllowed(request.method, "GET");
  } else if (action === "query" || action === "raw") {
    kind = action;
    if (request.method !== "POST") return methodNotAllowed(request.method, "POST");
  } else {
    return notFoundRoute();
  }

  // Read the whole body before answering, whatever the answer: a reply sent while the body is
  // still unread makes the runtime close the connection, and a client that kept it alive then
  // fails its next request on it (Cloudflare reads the body first too).
  const body = kind === "info" ? "" : await request.text();
  if (!authorized(request, config)) return failure(401, 10000, "Authentication error");
  if (accountId !== config.account) {
    return failure(403, 7403, "The given account is not valid or is not authorized to access this service");
  }
  const entry = config.databases.find((d) => d.id === databaseId);
  if (!entry) return failure(404, 7404, `The database ${databaseId} could not be found`);
  const db = env[entry.binding];

  const limited = spendBudget(Date.now());
  if (limited) return withHeaders(limited, budgetHeaders(Date.now()));
  const response = await answerD1(kind, body, db, entry, config);
  return withHeaders(response, budgetHeaders(Date.now()));
}

async function answerD1(kind, body, db, entry, config) {
  const counters = stats.databases[entry.id];
  counters.total++;
  counters[kind]++;
  stats.total++;

  if (kind !== "info") {
    const refused = dailyRefusal(Date.now());
    if (refused) return refused;
  }
  const fault = config.faults ? takeFault(kind, entry.id) : null;
  if (!fault) return serveD1(kind, body, db, entry, config);

  counters.faulted++;
  if (fault.applyThenFail) {
    await serveD1(kind, body, db, entry, config);
    if (fault.delayMs) await sleep(fault.delayMs);
    return faultResponse(fault);
  }
  if (fault.delayMs) await sleep(fault.delayMs);
  if (!respondsWithFault(fault)) return serveD1(kind, body, db, entry, config);
  return faultResponse(fault);
}

// ---------------------------------------------------------------------------
// Test-only endpoints (enabled with --faults)

function validateFault(input, index, config) {
  const where = `faults[${index}]`;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new BadRequest(`${where} must be an object`);
  }
  for (const key of Object.keys(input)) {
    if (!FAULT_KEYS.has(key)) {
      throw new BadRequest(`${where}: unknown field "${key}" (known: ${[...FAULT_KEYS].join(", ")})`);
    }
  }
  const fault = {};
  const bool = (key) => {
    if (input[key] === undefined) return;
    if (typeof input[key] !== "boolean") throw new BadRequest(`${where}: "${key}" must be true or false`);
    if (input[key]) fault[key] = true;
  };
  const int = (key, min, max) => {
    if (input[key] === undefined) return;
    const v = input[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new BadRequest(`${where}: "${key}" must be an integer from ${min} to ${max}`);
    }
    fault[key] = v;
  };
  int("status", 100, 599);
  int("delayMs", 0, MAX_DELAY_MS);
  int("errorCode", 0, 2 ** 31 - 1);
  int("count", 1, 1_000_000);
  bool("applyThenFail");
  bool("successFalse");
  bool("reset");
  if (input.retryAfter !== undefined) {
    const v = input.retryAfter;
    if (!((Number.isFinite(v) && v >= 0) || (typeof v === "string" && v.trim() !== ""))) {
      throw new BadRequest(`${where}: "retryAfter" must be a non-negative number of seconds or an HTTP date string`);
    }
    fault.retryAfter = v;
  }
  for (const key of ["body", "errorMessage"]) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== "string") throw new BadRequest(`${where}: "${key}" must be a string`);
    fault[key] = input[key];
  }
  if (input.paths !== undefined) {
    const list = Array.isArray(input.paths) ? input.paths : [input.paths];
    if (list.length === 0 || !list.every((p) => FAULT_PATHS.has(p))) {
      throw new BadRequest(`${where}: "paths" must be "query", "raw", "info" or an array of them`);
    }
    fault.paths = [...new Set(list)];
  }
  if (input.database !== undefined) {
    if (!config.databases.some((d) => d.id === input.database)) {
      throw new BadRequest(`${where}: "database" ${JSON.stringify(input.database)} is not served here`);
    }
    fault.database = input.database;
  }
  if (fault.successFalse && (fault.body !== undefined || fault.reset)) {
    throw new BadRequest(`${where}: "successFalse" cannot be combined with "body" or "reset"`);
  }
  if (!respondsWithFault(fault) && fault.delayMs === undefined) {
    throw new BadRequest(
      `${where} does nothing: give at least one of status, body, reset, successFalse, applyThenFail, delayMs`,
    );
  }
  fault.count = fault.count ?? 1;
  fault.remaining = fault.count;
  return fault;
}

async function handleFaults(request, config) {
  if (request.method === "GET") {
    return json({ pending: pendingFaults });
  }
  if (request.method === "DELETE") {
    const cleared = pendingFaults.length;
    pendingFaults.length = 0;
    return json({ ok: true, cleared });
  }
  if (request.method !== "POST") return methodNotAllowed(request.method, "GET, POST, DELETE");
  try {
    let body;
    try {
      body = JSON.parse(await request.text());
    } catch (e) {
      throw new BadRequest(`Request body is not valid JSON: ${e.message}`);
    }
    if (!body || !Array.isArray(body.faults) || body.faults.length === 0) {
      throw new BadRequest('Request body must be {"faults": [ {...}, ... ]} with at least one fault');
    }
    const faults = body.faults.map((f, i) => validateFault(f, i, config));
    pendingFaults.push(...faults);
    return json({ ok: true, pending: pendingFaults });
  } catch (error) {
    if (error instanceof BadRequest) return failure(400, 7400, error.message);
    throw error;
  }
}

async function handleReset(request, config, env, url) {
  if (request.method !== "POST") return methodNotAllowed(request.method, "POST");
  const id = url.searchParams.get("database");
  if (!id) return failure(400, 7400, "Missing query parameter: /__reset?database=<database id>");
  const entry = config.databases.find((d) => d.id === id);
  if (!entry) return failure(404, 7404, `The database ${id} could not be found`);
  const db = env[entry.binding];
  try {
    const [listing] = await runAsObjects(db, [
      {
        sql:
          "SELECT type, name, sql FROM sqlite_master " +
          `WHERE type IN ('table', 'view', 'trigger', 'index') AND ${USER_OBJECT_FILTER}`,
        params: [],
      },
    ]);
    const objects = listing.results;
    const quote = (name) => `"${String(name).replace(/"/g, '""')}"`;
    const byType = (type) => objects.filter((o) => o.type === type);
    const isVirtual = (o) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(o.sql ?? "");
    const tables = byType("table");
    const drops = [
      ...byType("trigger").map((o) => `DROP TRIGGER IF EXISTS ${quote(o.name)}`),
      ...byType("view").map((o) => `DROP VIEW IF EXISTS ${quote(o.name)}`),
      // Virtual tables first: dropping one drops its shadow tables too.
      ...tables.filter(isVirtual).map((o) => `DROP TABLE IF EXISTS ${quote(o.name)}`),
      ...tables.filter((o) => !isVirtual(o)).map((o) => `DROP TABLE IF EXISTS ${quote(o.name)}`),
      ...byType("index").map((o) => `DROP INDEX IF EXISTS ${quote(o.name)}`),
    ];
    if (drops.length) {
      await runAsObjects(db, [
        { sql: "PRAGMA defer_foreign_keys = on", params: [] },
        ...drops.map((sql) => ({ sql, params: [] })),
      ]);
    }
    const dropped = {
      tables: tables.map((o) => o.name),
      views: byType("view").map((o) => o.name),
      indexes: byType("index").map((o) => o.name),
      triggers: byType("trigger").map((o) => o.name),
    };
    return json({ ok: true, database: id, dropped });
  } catch (error) {
    if (error instanceof SqlError) return failure(500, 7500, `Reset of ${id} failed: ${error.message}`);
    throw error;
  }
}

function handleStats(request) {
  if (request.method === "GET") return json({ ...stats, pendingFaults: pendingFaults.length });
  if (request.method === "DELETE") {
    for (const counters of Object.values(stats.databases)) {
      for (const key of Object.keys(counters)) counters[key] = 0;
    }
    stats.total = 0;
    return json({ ok: true });
  }
  return methodNotAllowed(request.method, "GET, DELETE");
}

// ---------------------------------------------------------------------------

export default {
  async fetch(request, env) {
    const config = loadConfig(env);
    const url = new URL(request.url);
    const path = url.pathname;

    if (path === "/__health") {
      if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed(request.method, "GET");
      return json({ ok: true });
    }
    if (config.faults) {
      if (path === "/__faults") return handleFaults(request, config);
      if (path === "/__reset") return handleReset(request, config, env, url);
      if (path === "/__stats") return handleStats(request);
      if (path === "/__account") return handleAccount(request, config);
    }
    if (path.startsWith(API_PREFIX)) return handleD1(request, config, env, url);
    return notFoundRoute();
  },
};
