package io.hybridgraph.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.d1.D1Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  private static final String SECRET = "cf-secret-token-value-123";

  @TempDir Path dir;

  @Test
  void defaults_localDatabaseInDataDir_loopbackHttp_syncOff() {
    AppConfig config = AppConfig.fromEnvironment(Map.of());

    assertThat(config.store().dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(config.store().databaseFile())
        .isEqualTo(Path.of("data", "memory_graph.db").toAbsolutePath());
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.http().port()).isEqualTo(8765);
    assertThat(config.http().apiToken()).isEmpty();
    assertThat(config.http().maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.syncEnabled()).isFalse();
  }

  @Test
  void dbPath_pointsAtAnotherFile_forAPythonServiceDatabase() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                StoreSettings.DATA_DIR, dir.toString(),
                StoreSettings.DB_PATH, dir.resolve("sqlite_vec.db").toString()));

    assertThat(config.store().databaseFile()).isEqualTo(dir.resolve("sqlite_vec.db"));
  }

  @Test
  void invalidSettings_failNamingEveryVariable() {
    assertThatThrownBy(
            () ->
                AppConfig.fromEnvironment(
                    Map.of(
                        HttpSettings.PORT,
                        "eighty",
                        HttpSettings.MAX_BODY_BYTES,
                        "5",
                        StoreSettings.DURABILITY,
                        "sometimes",
                        StoreSettings.DEVICE_ID,
                        "has space",
                        "HYBRID_GRAPH_SYNC_BATCH_SIZE",
                        "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HYBRID_GRAPH_HTTP_PORT must be a whole number, was 'eighty'")
        .hasMessageContaining("HYBRID_GRAPH_HTTP_MAX_BODY_BYTES must be within")
        .hasMessageContaining("HYBRID_GRAPH_DB_DURABILITY must be full or normal")
        .hasMessageContaining("HYBRID_GRAPH_DEVICE_ID")
        .hasMessageContaining("HYBRID_GRAPH_SYNC_BATCH_SIZE");
  }

  @Test
  void syncEnabledWithoutCredentials_namesTheMissingVariables() {
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("HYBRID_GRAPH_SYNC_ENABLED", "true")))
        .hasMessageContaining("CLOUDFLARE_API_TOKEN")
        .hasMessageContaining("CLOUDFLARE_ACCOUNT_ID")
        .hasMessageContaining("CLOUDFLARE_D1_DATABASE_ID");
  }

  @Test
  void invalidCloudSettings_nameTheVariable_neverTheToken() {
    assertThatThrownBy(
            () ->
                AppConfig.fromEnvironment(
                    Map.of(
                        "CLOUDFLARE_API_TOKEN", SECRET,
                        "CLOUDFLARE_ACCOUNT_ID", "not an id!",
                        "CLOUDFLARE_D1_DATABASE_ID", "db-1")))
        .hasMessageContaining("CLOUDFLARE_ACCOUNT_ID must be")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                AppConfig.fromEnvironment(
                    Map.of(
                        "CLOUDFLARE_API_TOKEN", SECRET,
                        "CLOUDFLARE_ACCOUNT_ID", "acct",
                        "CLOUDFLARE_D1_DATABASE_ID", "db-1",
                        "HYBRID_GRAPH_D1_ENDPOINT", "http://d1.example.com")))
        .hasMessageContaining("HYBRID_GRAPH_D1_ENDPOINT must use https");
  }

  private static Map<String, String> cloud(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put(SyncSettings.API_TOKEN, SECRET);
    env.put(SyncSettings.ACCOUNT_ID, "acct");
    env.put(SyncSettings.DATABASE_ID, "db-1");
    return env;
  }

  @Test
  void d1ClientDefaults_areTheAdaptersDefaults() {
    AppConfig config = AppConfig.fromEnvironment(cloud(Map.of()));

    assertThat(config.d1()).isEqualTo(D1Settings.defaults());
    D1Config d1 = config.d1Config();
    assertThat(d1.rateLimitRequests()).as("a quarter of the account's 1,200").isEqualTo(300);
    assertThat(d1.rateLimitWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d1.budgetReserveFraction()).isEqualTo(0.25);
    assertThat(d1.maxRowsPerRequest()).isEqualTo(D1Config.DEFAULT_MAX_ROWS_PER_REQUEST);
    assertThat(d1.maxBytesPerRequest()).isEqualTo(D1Config.DEFAULT_MAX_BYTES_PER_REQUEST);
    assertThat(d1.connectTimeout()).isEqualTo(D1Config.DEFAULT_CONNECT_TIMEOUT);
    assertThat(d1.readTimeout()).isEqualTo(D1Config.DEFAULT_READ_TIMEOUT);
    assertThat(d1.databaseSizeLimitBytes()).isEqualTo(D1Config.DEFAULT_DATABASE_SIZE_LIMIT_BYTES);
  }

  @Test
  void d1ClientOverrides_reachTheD1Config() {
    AppConfig config =
        AppConfig.fromEnvironment(
            cloud(
                Map.of(
                    D1Settings.RATE_LIMIT_REQUESTS, "300",
                    D1Settings.RATE_LIMIT_WINDOW_SECONDS, "600",
                    D1Settings.MAX_ROWS_PER_REQUEST, "250",
                    D1Settings.MAX_BYTES_PER_REQUEST, "65536",
                    D1Settings.CONNECT_TIMEOUT_MS, "2500",
                    D1Settings.READ_TIMEOUT_MS, "90000",
                    SyncSettings.CLOUD_SIZE_LIMIT_BYTES, "500000000")));

    D1Config d1 = config.d1Config();

    assertThat(d1.rateLimitRequests()).isEqualTo(300);
    assertThat(d1.rateLimitWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d1.maxRowsPerRequest()).isEqualTo(250);
    assertThat(d1.maxBytesPerRequest()).isEqualTo(65_536);
    assertThat(d1.connectTimeout()).isEqualTo(Duration.ofMillis(2_500));
    assertThat(d1.readTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(d1.databaseSizeLimitBytes()).isEqualTo(500_000_000L);
    assertThat(config.summary()).contains("300 requests per 600 s");
  }

  @Test
  void d1ClientSettings_applyWithSyncOff_andAtTheirLimits() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                D1Settings.RATE_LIMIT_REQUESTS, "1",
                D1Settings.RATE_LIMIT_WINDOW_SECONDS, "86400",
                D1Settings.MAX_ROWS_PER_REQUEST, "100000",
                D1Settings.MAX_BYTES_PER_REQUEST, String.valueOf(D1Config.MIN_BYTES_PER_REQUEST),
                D1Settings.CONNECT_TIMEOUT_MS, "300000",
                D1Settings.READ_TIMEOUT_MS, "1800000"));

    assertThat(config.syncEnabled()).isFalse();
    assertThat(config.d1().rateLimitRequests()).isEqualTo(1);
    assertThat(config.d1().rateLimitWindow()).isEqualTo(Duration.ofDays(1));
    assertThat(config.d1().readTimeout()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void invalidD1ClientSettings_nameEveryVariable() {
    assertThatThrownBy(
            () ->
                AppConfig.fromEnvironment(
                    cloud(
                        Map.of(
                            D1Settings.RATE_LIMIT_REQUESTS, "0",
                            D1Settings.RATE_LIMIT_WINDOW_SECONDS, "five minutes",
                            D1Settings.MAX_ROWS_PER_REQUEST, "100001",
                            D1Settings.MAX_BYTES_PER_REQUEST, "1024",
                            D1Settings.CONNECT_TIMEOUT_MS, "-1",
                            D1Settings.READ_TIMEOUT_MS, "1800001"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid D1 configuration")
        .hasMessageContaining(
            "HYBRID_GRAPH_D1_RATE_LIMIT_REQUESTS must be within [1, 1000000], was 0")
        .hasMessageContaining(
            "HYBRID_GRAPH_D1_RATE_LIMIT_WINDOW_SECONDS must be a whole number, was 'five minutes'")
        .hasMessageContaining(
            "HYBRID_GRAPH_D1_MAX_ROWS_PER_REQUEST must be within [1, 100000], was 100001")
        .hasMessageContaining(
            "HYBRID_GRAPH_D1_MAX_BYTES_PER_REQUEST must be within [16384, 94371840], was 1024")
        .hasMessageContaining("HYBRID_GRAPH_D1_CONNECT_TIMEOUT_MS must be within [1, 300000]")
        .hasMessageContaining("HYBRID_GRAPH_D1_READ_TIMEOUT_MS must be within [1, 1800000]")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void shortApiToken_isRejected_withoutShowingIt() {
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(HttpSettings.API_TOKEN, "short-tok")))
        .hasMessageContaining("HYBRID_GRAPH_API_TOKEN must be at least 16 characters")
        .hasMessageNotContaining("short-tok");
  }

  @Test
  void summary_masksEverySecret() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                HttpSettings.API_TOKEN,
                "http-secret-token-456",
                "CLOUDFLARE_API_TOKEN",
                SECRET,
                "CLOUDFLARE_ACCOUNT_ID",
                "acct",
                "CLOUDFLARE_D1_DATABASE_ID",
                "db-1"));

    assertThat(config.syncEnabled()).isTrue();
    assertThat(config.summary())
        .contains("sync on", "acct", "db-1", "api token set ****")
        .doesNotContain(SECRET, "http-secret-token-456");
    assertThat(config.http().toString()).doesNotContain("http-secret-token-456");
  }

  @Test
  void envFile_isRead_andTheProcessEnvironmentWins() throws IOException {
    Path file = dir.resolve(".env");
    Files.writeString(
        file, "# settings\nHYBRID_GRAPH_HTTP_PORT=9001\nHYBRID_GRAPH_DATA_DIR=/tmp/from-file\n");

    Map<String, String> env =
        EnvironmentLoader.load(file, true, Map.of(StoreSettings.DATA_DIR, "/tmp/from-process"));
    AppConfig config = AppConfig.fromEnvironment(env);

    assertThat(config.http().port()).isEqualTo(9001);
    assertThat(config.store().dataDir()).isEqualTo(Path.of("/tmp/from-process"));
  }

  @Test
  void namedEnvFile_thatIsMissing_isAnError() {
    assertThatThrownBy(() -> EnvironmentLoader.load(dir.resolve("nope.env"), true, Map.of()))
        .hasMessageContaining("nope.env does not exist");
  }

  @Test
  void nonLoopbackHost_withoutToken_refusesToBind_explainingWhatToSet() {
    HttpSettings open = HttpSettings.fromEnvironment(Map.of(HttpSettings.HOST, "0.0.0.0"));

    assertThatThrownBy(open::requireSafeBinding)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0")
        .hasMessageContaining("HYBRID_GRAPH_API_TOKEN");
  }

  @Test
  void nonLoopbackHost_withToken_mayBind_andLoopbackNeedsNoToken() {
    HttpSettings.fromEnvironment(
            Map.of(HttpSettings.HOST, "0.0.0.0", HttpSettings.API_TOKEN, "a-long-enough-token-1"))
        .requireSafeBinding();
    HttpSettings.fromEnvironment(Map.of(HttpSettings.HOST, "localhost")).requireSafeBinding();
    HttpSettings.fromEnvironment(Map.of(HttpSettings.HOST, "::1")).requireSafeBinding();
  }
}
