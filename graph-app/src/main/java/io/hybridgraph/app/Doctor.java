package io.hybridgraph.app;

import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.CloudCredentials;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.StoreSettings;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.D1DatabaseInfo;
import io.hybridgraph.d1.D1Remote;
import io.hybridgraph.d1.RemoteAuthenticationException;
import io.hybridgraph.d1.RemoteDatabaseNotFoundException;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sqlite.DatabaseInspection;
import io.hybridgraph.sqlite.SqliteGraphStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks the setup and says what to fix: the configuration parses, the SQLite file is readable and
 * writable (read without changing it: nothing is created or migrated), and when sync is configured
 * the D1 endpoint answers and the token may query the database. Never prints a secret.
 */
public final class Doctor {

  private final PrintWriter out;
  private int failures;

  public Doctor(PrintWriter out) {
    this.out = out;
  }

  /** Runs every check it can; returns the number of failed checks. */
  public int run(Map<String, String> env) {
    AppConfig config;
    try {
      config = AppConfig.fromEnvironment(env);
      ok("configuration", config.summary());
    } catch (IllegalArgumentException e) {
      fail("configuration", e.getMessage(), "set the variables named above (see .env.example)");
      return failures;
    }
    checkDatabase(config.store());
    checkBinding(config.http());
    if (config.syncEnabled()) {
      checkCloud(config, config.sync().cloud().orElseThrow());
    } else {
      ok(
          "cloud",
          "sync is off; to sync, set "
              + SyncSettings.API_TOKEN
              + ", "
              + SyncSettings.ACCOUNT_ID
              + " and "
              + SyncSettings.DATABASE_ID);
    }
    out.println(failures == 0 ? "All checks passed." : failures + " check(s) failed.");
    out.flush();
    return failures;
  }

  /** Reads the file without changing it: nothing is created, migrated or adopted here. */
  private void checkDatabase(StoreSettings store) {
    Path db = store.databaseFile().toAbsolutePath();
    String moveIt =
        " or point " + StoreSettings.DATA_DIR + " / " + StoreSettings.DB_PATH + " elsewhere";
    DatabaseInspection inspection;
    try {
      inspection = SqliteGraphStore.inspect(db);
    } catch (RuntimeException e) {
      fail(
          "database",
          e.getMessage(),
          "check the path in "
              + StoreSettings.DB_PATH
              + ", the file's permissions, and that it is an SQLite database");
      return;
    }
    if (inspection.newerThanThisBuild()) {
      fail(
          "database",
          db + ": " + inspection.describe(),
          "run a build that knows schema version " + inspection.schemaVersion() + moveIt);
    } else if (!inspection.writable()) {
      fail(
          "database",
          db
              + (Files.exists(db) ? " is not writable" : " cannot be created")
              + " ("
              + inspection.describe()
              + ")",
          "give this user write permission on " + db + " and its directory" + moveIt);
    } else {
      ok("database", db + ": " + inspection.describe());
    }
  }

  private void checkBinding(HttpSettings http) {
    try {
      http.requireSafeBinding();
      ok("http", http.summary());
    } catch (IllegalArgumentException e) {
      fail("http", e.getMessage(), "set " + HttpSettings.API_TOKEN + " or bind to 127.0.0.1");
    }
  }

  private void checkCloud(AppConfig config, CloudCredentials credentials) {
    D1Remote remote;
    try {
      remote = D1Remote.create(config.d1Config());
    } catch (IllegalArgumentException e) {
      fail("cloud", e.getMessage(), "fix the Cloudflare settings in .env");
      return;
    }
    try {
      D1DatabaseInfo info = remote.describeDatabase();
      ok(
          "cloud",
          "D1 at "
              + credentials.endpoint()
              + " answers: database '"
              + info.name()
              + "' with "
              + info.numTables()
              + " tables");
    } catch (RemoteAuthenticationException e) {
      fail("cloud", "D1 rejected the API token: " + e.getMessage(), CloudAdvice.TOKEN_FIX);
      heldMeanwhile(config);
      return;
    } catch (RemoteDatabaseNotFoundException e) {
      fail(
          "cloud",
          "D1 does not know this account or database: " + e.getMessage(),
          CloudAdvice.DATABASE_FIX);
      heldMeanwhile(config);
      return;
    } catch (RemoteGraphException e) {
      fail(
          "cloud",
          "D1 at " + credentials.endpoint() + " did not answer: " + e.getMessage(),
          "check the network and " + SyncSettings.ENDPOINT + " (empty for Cloudflare)");
      return;
    }
    try {
      remote.checkQueryAccess();
      ok("permissions", "the API token may query the database");
    } catch (RemoteGraphException e) {
      fail(
          "permissions",
          "the API token cannot query the database: " + e.getMessage(),
          "give the token the Account > D1 > Edit permission for this account");
      if (e instanceof RemoteGraphException.AccessDenied) {
        heldMeanwhile(config);
      }
    }
  }

  /** Says what {@code serve} does until the cloud accepts this device. */
  private void heldMeanwhile(AppConfig config) {
    out.println(
        "       meanwhile: serve still serves the local graph and queues its changes; sync is held"
            + " (state HELD in the sync status and /health) and checks again every "
            + config.sync().config().accessRetryInterval().toSeconds()
            + " s ("
            + SyncSettings.ACCESS_RETRY_MS
            + ")");
    out.flush();
  }

  private void ok(String check, String detail) {
    out.println("[ok]   " + check + ": " + detail);
    out.flush();
  }

  private void fail(String check, String problem, String fix) {
    failures++;
    out.println("[FAIL] " + check + ": " + problem);
    out.println("       fix: " + fix);
    out.flush();
  }
}
