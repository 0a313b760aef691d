package io.hybridgraph.domain.testing;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TheoriesTest {

  private static final Pattern SEED = Pattern.compile("seed (-?\\d+)");

  @Test
  void aFalsifiedProperty_reportsTheShrunkCase_theSeed_andHowToReplayIt() {
    AssertionError failure =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                tries(1000)
                    .forAll(integers().between(0, 1_000_000))
                    .checkAssert(n -> assertThat(n).isLessThan(500)));

    String seed = seedOf(failure);
    assertThat(failure.getMessage())
        .contains("Smallest falsifying case:" + System.lineSeparator() + "  500")
        .contains("Replay with -DQT_SEED=" + seed)
        .contains(
            "-Dtest='TheoriesTest#aFalsifiedProperty_reportsTheShrunkCase_theSeed_andHowToReplayIt'"
                + " -DQT_SEED="
                + seed);
    assertThat(failure.getCause()).as("the property's own failure").hasMessageContaining("500");
  }

  @Test
  void theSeedOfAFailure_replaysTheSameCasesAndShrinking() {
    Runnable property =
        () ->
            tries(1000)
                .forAll(longs().all())
                .checkAssert(n -> assertThat(Math.floorMod(n, 10)).isNotEqualTo(3));
    AssertionError first = catchThrowableOfType(AssertionError.class, property::run);

    String previous = System.getProperty(Theories.SEED);
    AssertionError replayed;
    try {
      System.setProperty(Theories.SEED, seedOf(first));
      replayed = catchThrowableOfType(AssertionError.class, property::run);
    } finally {
      if (previous == null) {
        System.clearProperty(Theories.SEED);
      } else {
        System.setProperty(Theories.SEED, previous);
      }
    }

    assertThat(replayed).hasMessage(first.getMessage());
  }

  @Test
  void tries_belowOne_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> tries(0))
        .withMessage("tries must be at least 1, was 0");
  }

  private static String seedOf(AssertionError failure) {
    assertThat(failure).as("the property fails").isNotNull();
    Matcher seed = SEED.matcher(failure.getMessage());
    assertThat(seed.find()).as("a seed in: %s", failure.getMessage()).isTrue();
    return seed.group(1);
  }
}
