package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        .isInstanceOf(IllegalStateException.class)
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
