package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokenTest {

  @Test
  void toString_isMasked() {
    assertThat(ApiToken.of("abc-SECRET-123").toString()).isEqualTo("ApiToken[****]");
  }

  @Test
  void equality_followsTheSecret() {
    assertThat(ApiToken.of("same"))
        .isEqualTo(ApiToken.of("same"))
        .hasSameHashCodeAs(ApiToken.of("same"));
    assertThat(ApiToken.of("same")).isNotEqualTo(ApiToken.of("other"));
  }

  @Test
  void fingerprint_isStableAndDoesNotContainTheSecret() {
    ApiToken token = ApiToken.of("abc-SECRET-123");

    assertThat(token.fingerprint())
        .hasSize(12)
        .isEqualTo(ApiToken.of("abc-SECRET-123").fingerprint());
    assertThat(token.fingerprint()).doesNotContain("SECRET");
    assertThat(token.fingerprint()).isNotEqualTo(ApiToken.of("abc-SECRET-124").fingerprint());
  }

  @Test
  void invalidTokens_areRejectedWithoutEchoingThem() {
    assertThatThrownBy(() -> ApiToken.of("")).hasMessage("D1 setting apiToken must not be empty");
    assertThatThrownBy(() -> ApiToken.of(null)).hasMessage("D1 setting apiToken must not be empty");
    assertThatThrownBy(() -> ApiToken.of("secret with-space"))
        .hasMessageContaining("printable ASCII")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> ApiToken.of("s\u00e9cret-token"))
        .hasMessageContaining("a non-ASCII character at index 1")
        .hasMessageNotContaining("cret");
    assertThatThrownBy(() -> ApiToken.of("secret\u007ftoken"))
        .hasMessageContaining("control character at index 6");
    assertThatThrownBy(() -> ApiToken.of("x".repeat(5000))).hasMessageContaining("at most 4096");
  }
}
