package io.hybridgraph.domain.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoverageTest {

  @Test
  void requireAtLeast_passesAtTheShare_andFailsBelowIt() {
    Coverage coverage = new Coverage("numbers");
    for (int n = 0; n < 10; n++) {
      coverage.record(n % 5 == 0 ? "multiple of five" : "other");
    }

    coverage.requireAtLeast(20.0, "multiple of five");
    assertThatThrownBy(() -> coverage.requireAtLeast(20.5, "multiple of five"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "numbers: multiple of five in 2 of 10 cases, expected at least 20.5 %"
                + " ({multiple of five=2, other=8})");
  }

  @Test
  void requireAtLeast_ofACategoryNeverRecorded_fails() {
    Coverage coverage = new Coverage("flag");
    coverage.record(false);

    assertThatThrownBy(() -> coverage.requireAtLeast(1.0, true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("flag: true in 0 of 1 cases");
  }

  @Test
  void requireAtLeast_withoutCases_fails() {
    Coverage coverage = new Coverage("nothing");

    assertThatThrownBy(() -> coverage.requireAtLeast(0.0, true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("in 0 of 0 cases");
  }
}
