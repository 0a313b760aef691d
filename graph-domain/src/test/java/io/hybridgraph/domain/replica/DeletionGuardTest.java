package io.hybridgraph.domain.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeletionGuardTest {

  @ParameterizedTest(name = "{0} of {1} -> {2}")
  @CsvSource({
    "50, 100, false",
    "51, 100, true",
    "51, 1000, false",
    "101, 1000, true",
    "100, 1000, false",
    "5000, 1000000, false",
    "51, 0, true",
  })
  void default_tripsAboveFiftyAndAboveTenPercent(long deleted, long graph, boolean trips) {
    assertThat(DeletionGuard.DEFAULT.trips(deleted, graph)).isEqualTo(trips);
  }

  @Test
  void invalidSettings_areRejectedNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeletionGuard(-1, 0.1))
        .withMessage("the mass-deletion count must not be negative, was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeletionGuard(1, 1.5))
        .withMessage("the mass-deletion fraction must be within [0, 1], was 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeletionGuard(1, Double.NaN))
        .withMessageContaining("NaN");
  }
}
