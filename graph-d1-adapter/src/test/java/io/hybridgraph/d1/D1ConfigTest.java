package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class D1ConfigTest {

  private static final ApiToken TOKEN = ApiToken.of("tok-123_secret");

  private static D1Config.Builder valid() {
    return D1Config.builder("0123456789abcdef0123456789abcdef", "3f1a-db", TOKEN);
  }

  @Test
  void defaults_matchCloudflareLimitsAndThePlan() {
    D1Config config = valid().build();

    assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.cloudflare.com"));
    // A device's own share: a quarter of the 1,200 requests per 5 minutes Cloudflare allows a user.
    assertThat(config.rateLimitRequests()).isEqualTo(300);
    assertThat(config.rateLimitWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.budgetReserveFraction()).isEqualTo(0.25);
    assertThat(config.maxRowsPerRequest()).isEqualTo(5_000);
    assertThat(config.maxBytesPerRequest()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.databaseSizeLimitBytes()).isEqualTo(10_000_000_000L);
    assertThat(config.sizeWarnFraction()).isEqualTo(0.80);
    assertThat(config.sizeRefuseFraction()).isEqualTo(0.95);
    assertThat(config.connectTimeout()).isPositive();
    assertThat(config.readTimeout()).isGreaterThan(Duration.ofSeconds(30));
  }

  @Test
  void toBuilder_roundTrips() {
    D1Config config =
        valid()
            .maxRowsPerRequest(77)
            .rateLimit(10, Duration.ofSeconds(3))
            .budgetReserveFraction(0.5)
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void budgetReserveFraction_mustLeaveSomethingToSpend() {
    assertThat(valid().budgetReserveFraction(0).build().budgetReserveFraction()).isZero();
    assertThat(valid().budgetReserveFraction(0.9).build().budgetReserveFraction()).isEqualTo(0.9);
    for (double wrong : new double[] {-0.1, 0.91, 1.0, Double.NaN}) {
      assertThatThrownBy(() -> valid().budgetReserveFraction(wrong).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("budgetReserveFraction must be within [0, 0.9]");
    }
  }

  @Test
  void toString_masksTheToken() {
    assertThat(valid().build().toString()).doesNotContain("tok-123_secret").contains("****");
  }

  @Test
  void plainHttp_isAcceptedOnlyForLoopback() {
    assertThat(valid().baseUrl("http://127.0.0.1:8787").build().baseUrl().getPort())
        .isEqualTo(8787);
    assertThat(valid().baseUrl("http://localhost:1").build()).isNotNull();
    assertThat(valid().baseUrl("http://[::1]:9").build()).isNotNull();
    assertThatThrownBy(() -> valid().baseUrl("http://api.cloudflare.com").build())
        .hasMessageContaining("baseUrl must use https");
    assertThatThrownBy(() -> valid().baseUrl("http://10.0.0.1").build())
        .hasMessageContaining("baseUrl must use https");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://x.example",
        "api.cloudflare.com",
        "https://u:p@x.example",
        "https://x.example/?a=b"
      })
  void malformedBaseUrls_areRejectedNamingTheSetting(String url) {
    assertThatThrownBy(() -> valid().baseUrl(url).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
  }

  @Test
  void ids_mustBePresentAndPlain() {
    assertThatThrownBy(() -> D1Config.builder("", "db", TOKEN).build())
        .hasMessage("D1 setting accountId must not be empty");
    assertThatThrownBy(() -> D1Config.builder("acct", "db/../x", TOKEN).build())
        .hasMessageContaining("D1 setting databaseId must be")
        .hasMessageContaining("db/../x");
    assertThatThrownBy(() -> D1Config.builder("acct", "db", null).build())
        .hasMessageContaining("apiToken");
  }

  @Test
  void limits_areCheckedAndNamed() {
    assertThatThrownBy(() -> valid().maxRowsPerRequest(0).build())
        .hasMessage("D1 setting maxRowsPerRequest must be within [1, 100000], was 0");
    assertThatThrownBy(() -> valid().maxBytesPerRequest(1_000).build())
        .hasMessageContaining("D1 setting maxBytesPerRequest must be within");
    assertThatThrownBy(() -> valid().maxBytesPerRequest(200 * 1024 * 1024).build())
        .hasMessageContaining("maxBytesPerRequest");
    assertThatThrownBy(() -> valid().rateLimit(0, Duration.ofMinutes(5)).build())
        .hasMessage("D1 setting rateLimitRequests must be at least 1, was 0");
    assertThatThrownBy(() -> valid().rateLimit(5, Duration.ZERO).build())
        .hasMessageContaining("D1 setting rateLimitWindow must be positive");
    assertThatThrownBy(() -> valid().readTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("D1 setting readTimeout");
    assertThatThrownBy(() -> valid().connectTimeout(null).build())
        .hasMessage("D1 setting connectTimeout must not be null");
    assertThatThrownBy(() -> valid().databaseSizeLimitBytes(0).build())
        .hasMessage("D1 setting databaseSizeLimitBytes must be positive, was 0");
  }

  @Test
  void sizeFractions_mustBeOrdered() {
    assertThatThrownBy(() -> valid().sizeWarnFraction(1.2).build())
        .hasMessage("D1 setting sizeWarnFraction must be within (0, 1), was 1.2");
    assertThatThrownBy(() -> valid().sizeWarnFraction(0.9).sizeRefuseFraction(0.85).build())
        .hasMessage(
            "D1 setting sizeRefuseFraction must be within (sizeWarnFraction = 0.9, 1], was 0.85");
    assertThat(valid().sizeWarnFraction(0.5).sizeRefuseFraction(1.0).build().sizeRefuseFraction())
        .isEqualTo(1.0);
  }
}
