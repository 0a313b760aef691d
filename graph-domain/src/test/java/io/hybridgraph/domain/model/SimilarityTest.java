package io.hybridgraph.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SimilarityTest {

  @Test
  void boundsZeroAndOne_areAccepted() {
    assertThat(Similarity.of(0.0).value()).isEqualTo(0.0);
    assertThat(Similarity.of(1.0).value()).isEqualTo(1.0);
    assertThat(Similarity.of(0.25)).hasToString("0.25");
  }

  @Test
  void notANumber_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Similarity.of(Double.NaN))
        .withMessage("similarity must be a finite number, was NaN");
  }

  @Test
  void infinity_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Similarity.of(Double.POSITIVE_INFINITY))
        .withMessage("similarity must be a finite number, was Infinity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Similarity.of(Double.NEGATIVE_INFINITY))
        .withMessage("similarity must be a finite number, was -Infinity");
  }

  @Test
  void belowZero_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Similarity.of(-0.1))
        .withMessage("similarity must be within [0, 1], was -0.1");
  }

  @Test
  void aboveOne_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Similarity.of(1.5))
        .withMessage("similarity must be within [0, 1], was 1.5");
  }

  /**
   * SQLite hands a stored -0.0 back as 0.0, so a row must not depend on the sign of zero: a
   * round-tripped row would no longer equal the one written.
   */
  @Test
  void negativeZero_isTheSameSimilarityAsZero() {
    Similarity negativeZero = Similarity.of(-0.0);

    assertThat(negativeZero).isEqualTo(Similarity.of(0.0));
    assertThat(Double.doubleToRawLongBits(negativeZero.value())).isZero();
    assertThat(negativeZero).hasToString("0.0");
  }
}
