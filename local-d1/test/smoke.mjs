// Smoke test of the local D1 server: node --test test/smoke.mjs
// Starts server.mjs on a free port with the test-only endpoints enabled, checks the
// REST surface, the error mappings and every fault kind, then stops the server.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const SERVER = join(dirname(fileURLToPath(import.meta.url)), "..", "server.mjs");
const TOKEN = "smoke-test-token";
const ACCOUNT = "smoke-account";
const DB = "00000000-0000-4000-8000-0000000000a1";
const DB2 = "00000000-0000-4000-8000-0000000000a2";
const STARTUP_TIMEOUT_MS = 30_000;

let child;
let base;
let stderr = "";

function startServer() {
  return new Promise((resolve, reject) => {
    child = spawn(
      process.execPath,
      [
        SERVER, "--port", "0", "--faults", "--exit-on-stdin-close",
        "--account", ACCOUNT, "--token", TOKEN, "--databases", `${DB},${DB2}`,
      ],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    const timer = setTimeout(() => {
      reject(new Error(`server did not report ready within ${STARTUP_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = /^local-d1 listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        assert.notEqual(Number(m[2]), 0);
        resolve(m[1]);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });
}

function stopServer() {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    child.kill("SIGTERM");
  });
}

const api = (db = DB) => `${base}/client/v4/accounts/${ACCOUNT}/d1/database/${db}`;

async function call(path, { method = "POST", body, token = TOKEN, db = DB, signal } = {}) {
  const headers = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path === "" ? api(db) : `${api(db)}/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const query = (body, db = DB) => call("query", { body, db });
const raw = (body, db = DB) => call("raw", { body, db });

async function admin(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const faults = (...list) => admin("POST", "/__faults", { faults: list });

function assertSqlError(res, pattern) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.headers.get("cf-d1"), "err=7500");
  assert.equal(res.json.success, false);
  assert.equal(res.json.result, null);
  assert.equal(res.json.errors[0].code, 7500);
  assert.match(res.json.errors[0].message, pattern);
}

describe("local D1", { timeout: 60_000 }, () => {
  before(async () => {
    base = await startServer();
  });

  after(async () => {
    const code = await stopServer();
    assert.equal(code ?? 0, 0, `server exit status; stderr:\n${stderr}`);
  });

  test("health needs no token", async () => {
    const res = await fetch(`${base}/__health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  test("create, insert with params, select as objects", async () => {
    let res = await query({ sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, data BLOB)" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json).sort(), ["errors", "messages", "result", "success"]);
    assert.equal(res.json.success, true);
    assert.deepEqual(res.json.errors, []);
    assert.deepEqual(res.json.messages, []);
    assert.equal(res.json.result.length, 1);

    res = await query({ sql: "INSERT INTO t(name, score, data) VALUES (?, ?, ?)", params: ["a;'b'", 2.5, [0, 1, 255]] });
    assert.equal(res.status, 200, res.text);
    const meta = res.json.result[0].meta;
    assert.equal(meta.changes, 1);
    assert.equal(meta.last_row_id, 1);
    assert.equal(meta.changed_db, true);
    assert.equal(meta.rows_written, 1);
    assert.equal(typeof meta.duration, "number");
    assert.equal(typeof meta.size_after, "number");

    res = await query({ sql: "SELECT id, name, score, data FROM t WHERE id = ?", params: [1] });
    assert.deepEqual(res.json.result[0].results, [{ id: 1, name: "a;'b'", score: 2.5, data: [0, 1, 255] }]);
    assert.equal(res.json.result[0].success, true);
  });

  test("several statements in one sql give one result each; strings with ; stay whole", async () => {
    const res = await query({
      sql: "INSERT INTO t(name) VALUES ('x;y'); -- comment;\nSELECT name FROM t WHERE name = 'x;y'; /* ; */",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.result.length, 2);
    assert.equal(res.json.result[0].meta.changes, 1);
    assert.deepEqual(res.json.result[1].results, [{ name: "x;y" }]);
  });

  test("100 parameters work, 101 fail with 7500", async () => {
    const select = (n) => ({
      sql: `SELECT ${Array.from({ length: n }, (_, i) => `? AS c${i}`).join(", ")}`,
      params: Array.from({ length: n }, (_, i) => i),
    });
    const ok = await query(select(100));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.result[0].results[0].c99, 99);
    assertSqlError(await query(select(101)), /too many SQL variables/);
  });

  test("a batch is one transaction", async () => {
    await query({ sql: "CREATE TABLE b(v TEXT NOT NULL)" });
    const failed = await query({
      batch: [
        { sql: "INSERT INTO b VALUES (?)", params: ["one"] },
        { sql: "INSERT INTO b VALUES (?)", params: ["two"] },
        { sql: "INSERT INTO b VALUES (NULL)" },
      ],
    });
    assertSqlError(failed, /NOT NULL constraint failed/);
    let count = await query({ sql: "SELECT count(*) AS n FROM b" });
    assert.equal(count.json.result[0].results[0].n, 0);

    const ok = await query({
      batch: [
        { sql: "INSERT INTO b VALUES (?)", params: ["one"] },
        { sql: "INSERT INTO b VALUES (?)", params: ["two"] },
        { sql: "SELECT count(*) AS n FROM b" },
      ],
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.result.length, 3);
    assert.deepEqual(ok.json.result[2].results, [{ n: 2 }]);
    count = await query({ sql: "SELECT count(*) AS n FROM b" });
    assert.equal(count.json.result[0].results[0].n, 2);
  });

  test("raw returns columns and rows, including duplicate and empty results", async () => {
    const res = await raw({ sql: "SELECT id, name, id FROM t WHERE id = 1; SELECT * FROM b WHERE 0" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.result.length, 2);
    assert.deepEqual(res.json.result[0].results, { columns: ["id", "name", "id"], rows: [[1, "a;'b'", 1]] });
    assert.equal(res.json.result[0].success, true);
    assert.equal(typeof res.json.result[0].meta.rows_read, "number");
    assert.deepEqual(res.json.result[1].results, { columns: ["v"], rows: [] });
    assertSqlError(await raw({ sql: "SELEC 1" }), /syntax error/);
  });

  test("database info", async () => {
    const res = await call("", { method: "GET" });
    assert.equal(res.status, 200, res.text);
    const info = res.json.result;
    assert.equal(info.uuid, DB);
    assert.equal(info.version, "production");
    assert.equal(info.num_tables, 2);
    assert.ok(info.file_size > 0);
    assert.ok(!Number.isNaN(Date.parse(info.created_at)));
  });

  test("authentication, account, database and route errors", async () => {
    const cases = [
      [await call("query", { body: { sql: "SELECT 1" }, token: null }), 401, 10000],
      [await call("query", { body: { sql: "SELECT 1" }, token: "wrong-token" }), 401, 10000],
      [await call("query", { body: { sql: "SELECT 1" }, db: "no-such-db" }), 404, 7404],
      [await call("export", { body: {} }), 404, 7000],
      [await call("query", { method: "GET" }), 405, 7001],
      [await call("query", { body: "{not json" }), 400, 7400],
      [await call("query", { body: { nothing: true } }), 400, 7400],
    ];
    for (const [res, status, code] of cases) {
      assert.equal(res.status, status, res.text);
      assert.equal(res.json.success, false);
      assert.equal(res.json.result, null);
      assert.equal(res.json.errors[0].code, code, res.text);
    }
    assert.ok(!cases[1][0].text.includes("wrong-token"));
    const account = await fetch(`${base}/client/v4/accounts/other/d1/database/${DB}/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ sql: "SELECT 1" }),
    });
    assert.equal(account.status, 403);
    assert.equal((await account.json()).errors[0].code, 7403);
  });

  test("fault: status with Retry-After, counted per request", async () => {
    await admin("DELETE", "/__stats");
    await faults({ status: 429, retryAfter: 7, count: 2 }, { status: 503, paths: "raw" });
    const pending = await admin("GET", "/__faults");
    assert.equal(pending.json.pending.length, 2);
    for (let i = 0; i < 2; i++) {
      const res = await query({ sql: "SELECT 1" });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "7");
      assert.equal(res.json.success, false);
    }
    assert.equal((await query({ sql: "SELECT 1" })).status, 200);
    assert.equal((await raw({ sql: "SELECT 1" })).status, 503);
    const stats = await admin("GET", "/__stats");
    assert.deepEqual(stats.json.databases[DB], { total: 4, query: 3, raw: 1, info: 0, faulted: 3 });
    assert.equal(stats.json.pendingFaults, 0);
  });

  test("fault: database filter and clearing", async () => {
    await faults({ status: 500, database: DB2 });
    assert.equal((await query({ sql: "SELECT 1" })).status, 200);
    assert.equal((await query({ sql: "SELECT 1" }, DB2)).status, 500);
    await faults({ status: 500 });
    const cleared = await admin("DELETE", "/__faults");
    assert.equal(cleared.json.cleared, 1);
    assert.equal((await query({ sql: "SELECT 1" })).status, 200);
    const bad = await faults({ statuz: 500 });
    assert.equal(bad.status, 400);
  });

  test("fault: malformed body and success:false", async () => {
    await faults({ body: '{"result":[{"res' }, { successFalse: true, errorCode: 7429, errorMessage: "overloaded" });
    const truncated = await query({ sql: "SELECT 1" });
    assert.equal(truncated.status, 200);
    assert.equal(truncated.text, '{"result":[{"res');
    const falseSuccess = await query({ sql: "SELECT 1" });
    assert.equal(falseSuccess.status, 200);
    assert.equal(falseSuccess.json.success, false);
    assert.deepEqual(falseSuccess.json.errors, [{ code: 7429, message: "overloaded" }]);
  });

  test("fault: delay provokes a client timeout", async () => {
    await faults({ delayMs: 1500, status: 503 });
    const started = Date.now();
    await assert.rejects(
      call("query", { body: { sql: "SELECT 1" }, signal: AbortSignal.timeout(300) }),
      (e) => e.name === "TimeoutError" || e.name === "AbortError",
    );
    assert.ok(Date.now() - started < 1400);
  });

  test("fault: applyThenFail executes the request but loses the answer", async () => {
    await query({ sql: "CREATE TABLE lost(v TEXT)" });
    await faults({ applyThenFail: true, status: 500 });
    const res = await query({ sql: "INSERT INTO lost VALUES ('applied')" });
    assert.equal(res.status, 500);
    const check = await query({ sql: "SELECT v FROM lost" });
    assert.deepEqual(check.json.result[0].results, [{ v: "applied" }]);
  });

  test("fault: reset closes the connection mid-response", async () => {
    await faults({ reset: true });
    await assert.rejects(query({ sql: "SELECT 1" }), (e) => e instanceof TypeError);
    assert.equal((await query({ sql: "SELECT 1" })).status, 200);
  });

  test("reset drops every user table, view, index and trigger", async () => {
    await query({
      sql:
        "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(p INTEGER REFERENCES p(id));" +
        " INSERT INTO p VALUES (1); INSERT INTO c VALUES (1); CREATE INDEX ci ON c(p);" +
        " CREATE VIEW v AS SELECT * FROM c;" +
        " CREATE TRIGGER tr AFTER INSERT ON p BEGIN INSERT INTO c VALUES (new.id); END;",
    });
    const res = await admin("POST", `/__reset?database=${DB}`);
    assert.equal(res.status, 200);
    assert.equal(res.json.ok, true);
    const info = await call("", { method: "GET" });
    assert.equal(info.json.result.num_tables, 0);
    const recreate = await query({ sql: "CREATE TABLE t(x)" });
    assert.equal(recreate.status, 200, recreate.text);
  });

  test("without limits no budget headers are sent", async () => {
    const res = await query({ sql: "SELECT 1" });
    assert.equal(res.headers.get("ratelimit"), null);
    assert.deepEqual((await admin("GET", "/__account")).json, { rateLimit: null, dailyLimit: null });
  });

  test("account rate limit: one budget over every database, headers on each reply, 429 and a block", async () => {
    const set = await admin("POST", "/__account", { rateLimit: "4/60/2" });
    assert.equal(set.status, 200);
    const remaining = [];
    for (const db of [DB, DB2, DB, DB2]) {
      const res = await query({ sql: "SELECT 1" }, db);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get("ratelimit-policy"), '"default";q=4;w=60');
      remaining.push(/r=(\d+);t=(\d+)/.exec(res.headers.get("ratelimit"))[1]);
    }
    assert.deepEqual(remaining, ["3", "2", "1", "0"]);
    const over = await call("", { method: "GET", db: DB2 });
    assert.equal(over.status, 429);
    assert.equal(over.json.errors[0].code, 971);
    assert.equal(over.headers.get("retry-after"), "2");
    assert.match(over.headers.get("ratelimit"), /^"default";r=0;t=[12]$/);
    const blocked = await query({ sql: "SELECT 1" });
    assert.equal(blocked.status, 429);
    const state = (await admin("GET", "/__account")).json.rateLimit;
    assert.equal(state.refused, 2);
    assert.ok(state.blockedForSeconds >= 1, JSON.stringify(state));
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = await query({ sql: "SELECT 1" });
    assert.equal(after.status, 200, "the block ends after its seconds, and a new window starts");
    assert.equal(/r=(\d+)/.exec(after.headers.get("ratelimit"))[1], "3");
    assert.equal((await admin("POST", "/__account", { rateLimit: "off" })).status, 200);
  });

  test("daily row quotas: a query over the day's rows is refused with 7500 until the day resets", async () => {
    await query({ sql: "CREATE TABLE IF NOT EXISTS quota(x)" });
    const set = await admin("POST", "/__account", { dailyLimit: "1000000/3/3600" });
    assert.equal(set.status, 200);
    const write = await query({ sql: "INSERT INTO quota VALUES (1), (2), (3)" });
    assert.equal(write.status, 200, write.text);
    assertSqlError(await query({ sql: "SELECT count(*) FROM quota" }), /^Your account has exceeded daily row write limit\.$/);
    assert.equal((await call("", { method: "GET" })).status, 200, "database info is not a query");
    const state = (await admin("GET", "/__account")).json.dailyLimit;
    assert.deepEqual([state.written, state.refused], [3, 1]);
    assert.equal((await admin("DELETE", "/__account")).status, 200);
    assert.equal((await query({ sql: "SELECT count(*) FROM quota" })).status, 200);
    await admin("POST", "/__account", { dailyLimit: "1/1000/3600" });
    await query({ sql: "SELECT count(*) FROM quota" });
    assertSqlError(await query({ sql: "SELECT 1" }), /exceeded daily row read limit/);
    assert.equal((await admin("POST", "/__account", { dailyLimit: "off" })).status, 200);
  });

  test("bad account settings are refused", async () => {
    for (const body of [{ rateLimit: "fast" }, { dailyLimit: "1/2/0" }, { colour: 1 }]) {
      const res = await admin("POST", "/__account", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.errors[0].code, 7400);
    }
  });
});
