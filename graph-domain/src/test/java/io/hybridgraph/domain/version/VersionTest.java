package io.hybridgraph.domain.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class VersionTest {

  private static final Hlc EARLY = new Hlc(1_000, 0, new DeviceId("a"));
  private static final Hlc LATE = new Hlc(9_000, 0, new DeviceId("a"));

  @Test
  void causalLengthBelowOne_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Version(0, EARLY))
        .withMessage("causal length of a written row must be at least 1, was 0");
  }

  @Test
  void compareTo_causalLengthBeatsClock() {
    assertThat(new Version(2, EARLY)).isGreaterThan(new Version(1, LATE));
    assertThat(new Version(3, EARLY)).isGreaterThan(new Version(2, LATE));
  }

  @Test
  void compareTo_equalCausalLength_laterClockWins() {
    assertThat(new Version(1, LATE)).isGreaterThan(new Version(1, EARLY));
  }

  @Test
  void oddCausalLength_isALiveGeneration() {
    assertThat(new Version(1, EARLY).isLiveGeneration()).isTrue();
    assertThat(new Version(2, EARLY).isLiveGeneration()).isFalse();
    assertThat(new Version(3, EARLY).isLiveGeneration()).isTrue();
  }
}
