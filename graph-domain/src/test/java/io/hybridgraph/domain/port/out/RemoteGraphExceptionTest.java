package io.hybridgraph.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.domain.port.out.RemoteGraphException.QuotaExhausted;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RemoteGraphExceptionTest {

  @Test
  void quotaExhausted_isAnUnavailableWhoseWaitIsTheTimeToTheReset() {
    Instant reset = Instant.parse("2026-03-02T00:00:00Z");

    RemoteGraphException e =
        new QuotaExhausted(
            "daily rows read spent",
            7500,
            QuotaExhausted.Limit.READ,
            reset,
            Duration.ofHours(3),
            null);

    assertThat(e).isInstanceOf(RemoteGraphException.Unavailable.class);
    QuotaExhausted quota = (QuotaExhausted) e;
    assertThat(quota.limit()).isEqualTo(QuotaExhausted.Limit.READ);
    assertThat(quota.resetAt()).isEqualTo(reset);
    assertThat(quota.retryAfter()).contains(Duration.ofHours(3));
    assertThat(quota.code()).contains(7500);
  }

  @Test
  void quotaExhausted_needsItsLimitAndReset() {
    assertThatThrownBy(
            () -> new QuotaExhausted("m", null, null, Instant.EPOCH, Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(
            () ->
                new QuotaExhausted(
                    "m", null, QuotaExhausted.Limit.WRITE, null, Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("resetAt");
  }
}
