package io.hybridgraph.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.sync.SyncConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading sync settings from the environment: defaults, credentials, validation, redaction. */
class SyncSettingsTest {

  private static final String TOKEN = "cf-secret-token-0123456789abcdef";

  private static Map<String, String> credentials() {
    Map<String, String> env = new HashMap<>();
    env.put(SyncSettings.API_TOKEN, TOKEN);
    env.put(SyncSettings.ACCOUNT_ID, "account-1");
    env.put(SyncSettings.DATABASE_ID, "database-1");
    return env;
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(name, value);
    return copy;
  }

  @Test
  void fromEnvironment_withoutCredentials_syncIsOffWithDefaults() {
    SyncSettings settings = SyncSettings.fromEnvironment(Map.of());

    assertThat(settings.config()).isEqualTo(SyncConfig.defaults(false));
    assertThat(settings.cloud()).isEmpty();
  }

  @Test
  void fromEnvironment_withAllThreeCredentials_syncIsOnAgainstCloudflare() {
    SyncSettings settings = SyncSettings.fromEnvironment(credentials());

    assertThat(settings.config()).isEqualTo(SyncConfig.defaults(true));
    assertThat(settings.cloud())
        .hasValue(
            new CloudCredentials(
                "account-1", "database-1", TOKEN, URI.create("https://api.cloudflare.com")));
  }

  @Test
  void fromEnvironment_withTwoOfThreeCredentials_syncIsOff() {
    Map<String, String> env = credentials();
    env.remove(SyncSettings.DATABASE_ID);

    SyncSettings settings = SyncSettings.fromEnvironment(env);

    assertThat(settings.config().enabled()).isFalse();
    assertThat(settings.cloud()).isEmpty();
  }

  @Test
  void fromEnvironment_enabledFalse_winsOverCredentials() {
    SyncSettings settings =
        SyncSettings.fromEnvironment(with(credentials(), SyncSettings.ENABLED, "false"));

    assertThat(settings.config().enabled()).isFalse();
    assertThat(settings.cloud()).isEmpty();
  }

  @Test
  void fromEnvironment_enabledTrueWithoutCredentials_failsNamingTheMissingVariables() {
    Map<String, String> env = Map.of(SyncSettings.ENABLED, "true", SyncSettings.API_TOKEN, TOKEN);

    assertThatThrownBy(() -> SyncSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SyncSettings.ENABLED)
        .hasMessageContaining(SyncSettings.ACCOUNT_ID)
        .hasMessageContaining(SyncSettings.DATABASE_ID)
        .hasMessageNotContaining(SyncSettings.API_TOKEN)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void fromEnvironment_overrides_areRead() {
    Map<String, String> env = credentials();
    env.put(SyncSettings.BATCH_SIZE, "500");
    env.put(SyncSettings.PUSH_BATCH_SIZE, "20");
    env.put(SyncSettings.MAX_RETRIES, "7");
    env.put(SyncSettings.BACKOFF_MULTIPLIER, "1.5");
    env.put(SyncSettings.INITIAL_BACKOFF_MS, "250");
    env.put(SyncSettings.MAX_BACKOFF_MS, "60000");
    env.put(SyncSettings.ON_STARTUP, "yes");
    env.put(SyncSettings.ENDPOINT, "http://localhost:8787");

    SyncSettings settings = SyncSettings.fromEnvironment(env);

    SyncConfig config = settings.config();
    assertThat(config.initialSyncPageSize()).isEqualTo(500);
    assertThat(config.pushBatchSize()).isEqualTo(20);
    assertThat(config.maxRetries()).isEqualTo(7);
    assertThat(config.backoffMultiplier()).isEqualTo(1.5);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.syncOnStartup()).isTrue();
    assertThat(settings.cloud().orElseThrow().endpoint())
        .isEqualTo(URI.create("http://localhost:8787"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "HYBRID_GRAPH_SYNC_BATCH_SIZE, 0",
    "HYBRID_GRAPH_SYNC_BATCH_SIZE, abc",
    "HYBRID_GRAPH_SYNC_PUSH_BATCH_SIZE, 10001",
    "HYBRID_GRAPH_SYNC_MAX_RETRIES, -1",
    "HYBRID_GRAPH_SYNC_BACKOFF_MULTIPLIER, 0.5",
    "HYBRID_GRAPH_SYNC_BACKOFF_MULTIPLIER, NaN",
    "HYBRID_GRAPH_SYNC_BACKOFF_MULTIPLIER, Infinity",
    "HYBRID_GRAPH_SYNC_BACKOFF_MULTIPLIER, two",
    "HYBRID_GRAPH_SYNC_ENABLED, maybe",
    "HYBRID_GRAPH_SYNC_ON_STARTUP, sometimes",
    "HYBRID_GRAPH_SYNC_PUSH_INTERVAL_MS, 5",
    "HYBRID_GRAPH_CLOUD_SIZE_LIMIT_BYTES, 0",
    "HYBRID_GRAPH_D1_ENDPOINT, not a url",
    "HYBRID_GRAPH_D1_ENDPOINT, ftp://example.com",
    "HYBRID_GRAPH_D1_ENDPOINT, https://"
  })
  void fromEnvironment_invalidValue_failsNamingTheVariable(String name, String value) {
    Map<String, String> env = with(credentials(), name, value);

    assertThatThrownBy(() -> SyncSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(value)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void fromEnvironment_maxBackoffBelowInitial_fails() {
    Map<String, String> env = credentials();
    env.put(SyncSettings.INITIAL_BACKOFF_MS, "5000");
    env.put(SyncSettings.MAX_BACKOFF_MS, "1000");

    assertThatThrownBy(() -> SyncSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SyncSettings.MAX_BACKOFF_MS)
        .hasMessageContaining(SyncSettings.INITIAL_BACKOFF_MS);
  }

  @Test
  void fromEnvironment_severalInvalidValues_areAllReportedInOneMessage() {
    Map<String, String> env = credentials();
    env.put(SyncSettings.BATCH_SIZE, "0");
    env.put(SyncSettings.BACKOFF_MULTIPLIER, "NaN");
    env.put(SyncSettings.ON_STARTUP, "maybe");
    env.put(SyncSettings.PULL_INTERVAL_MS, "abc");
    env.put(SyncSettings.ENDPOINT, "ftp://example.com");

    assertThatThrownBy(() -> SyncSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SyncSettings.BATCH_SIZE)
        .hasMessageContaining(SyncSettings.BACKOFF_MULTIPLIER)
        .hasMessageContaining(SyncSettings.ON_STARTUP)
        .hasMessageContaining(SyncSettings.PULL_INTERVAL_MS)
        .hasMessageContaining(SyncSettings.ENDPOINT);
  }

  @Test
  void fromEnvironment_enabledWithoutCredentialsAndABadEndpoint_reportsBoth() {
    Map<String, String> env =
        Map.of(SyncSettings.ENABLED, "true", SyncSettings.ENDPOINT, "ftp://example.com");

    assertThatThrownBy(() -> SyncSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SyncSettings.ENDPOINT)
        .hasMessageContaining(SyncSettings.API_TOKEN)
        .hasMessageContaining(SyncSettings.ACCOUNT_ID)
        .hasMessageContaining(SyncSettings.DATABASE_ID);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "CLOUDFLARE_ACCOUNT_ID, not an id!, CLOUDFLARE_ACCOUNT_ID must be 1 to 128 letters",
    "CLOUDFLARE_D1_DATABASE_ID, -leading-dash, CLOUDFLARE_D1_DATABASE_ID must be 1 to 128 letters",
    "HYBRID_GRAPH_D1_ENDPOINT, http://d1.example.com, HYBRID_GRAPH_D1_ENDPOINT must use https",
    "HYBRID_GRAPH_D1_ENDPOINT, https://d1.example.com/?x=1, HYBRID_GRAPH_D1_ENDPOINT must not have"
  })
  void fromEnvironment_cloudValueD1WouldRefuse_failsNamingTheVariable(
      String name, String value, String message) {
    Map<String, String> env = with(credentials(), name, value);

    assertThatThrownBy(() -> SyncSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("D1 setting")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void fromEnvironment_tokenD1WouldRefuse_failsNamingTheVariable_neverShowingTheToken() {
    String spaced = "cf-secret token-with-a-space";

    assertThatThrownBy(
            () -> SyncSettings.fromEnvironment(with(credentials(), SyncSettings.API_TOKEN, spaced)))
        .hasMessageContaining("CLOUDFLARE_API_TOKEN must not contain white space")
        .hasMessageNotContaining("cf-secret");
    assertThatThrownBy(
            () ->
                SyncSettings.fromEnvironment(
                    with(credentials(), SyncSettings.API_TOKEN, "t".repeat(4097))))
        .hasMessageContaining("CLOUDFLARE_API_TOKEN must be at most 4096 characters long")
        .hasMessageNotContaining("tttt");
  }

  @Test
  void fromEnvironment_localD1OnLoopback_mayUsePlainHttp() {
    for (String endpoint :
        List.of("http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787")) {
      SyncSettings settings =
          SyncSettings.fromEnvironment(with(credentials(), SyncSettings.ENDPOINT, endpoint));

      assertThat(settings.cloud().orElseThrow().endpoint()).isEqualTo(URI.create(endpoint));
    }
  }

  @Test
  void fromEnvironment_syncOff_doesNotCheckTheCredentials() {
    Map<String, String> env = with(credentials(), SyncSettings.ACCOUNT_ID, "not an id!");
    env.put(SyncSettings.ENABLED, "false");

    SyncSettings settings = SyncSettings.fromEnvironment(env);

    assertThat(settings.config().enabled()).isFalse();
    assertThat(settings.cloud()).isEmpty();
  }

  @Test
  void howToEnable_namesTheVariablesToSet() {
    assertThat(SyncSettings.HOW_TO_ENABLE)
        .contains(
            SyncSettings.API_TOKEN,
            SyncSettings.ACCOUNT_ID,
            SyncSettings.DATABASE_ID,
            SyncSettings.ENDPOINT);
  }

  @Test
  void summaryAndToString_neverShowTheToken() {
    SyncSettings settings = SyncSettings.fromEnvironment(credentials());
    CloudCredentials cloud = settings.cloud().orElseThrow();

    assertThat(settings.summary()).startsWith("sync on").doesNotContain(TOKEN);
    assertThat(settings.summary()).contains("account-1").contains("database-1");
    assertThat(cloud.toString()).doesNotContain(TOKEN).contains("****");
    assertThat(cloud.maskedToken()).doesNotContain(TOKEN);
    assertThat(settings.toString()).doesNotContain(TOKEN);
    // No fragment of the token leaks either, such as its first or last characters.
    assertThat(settings.summary()).doesNotContain(TOKEN.substring(0, 6), TOKEN.substring(24));
  }
}
