package io.hybridgraph.domain.model;

import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AssociationTest {

  private static Association of(String source, String target, double createdAt) {
    return new Association(
        hash(source),
        hash(target),
        RelationshipType.CAUSES,
        Similarity.of(0.8),
        ConnectionTypes.of("semantic"),
        Metadata.of(Map.of("k", "v")),
        createdAt);
  }

  @Test
  void selfLoop_isRejectedNamingTheMemory() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of("m1", "m1", 0))
        .withMessage("an association needs two different memories; source and target are both m1");
  }

  @Test
  void createdAt_mustBeFiniteAndNotNegative() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of("a", "b", -1))
        .withMessage("created_at must be a finite, non-negative number of epoch seconds, was -1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of("a", "b", Double.NaN))
        .withMessage("created_at must be a finite, non-negative number of epoch seconds, was NaN");
  }

  /** SQLite returns a stored -0.0 as 0.0; the row must read back equal to what was written. */
  @Test
  void createdAt_negativeZero_isZero() {
    assertThat(of("a", "b", -0.0)).isEqualTo(of("a", "b", 0.0));
  }

  @Test
  void missingPart_isRejectedNamingIt() {
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                new Association(
                    hash("a"),
                    hash("b"),
                    null,
                    Similarity.of(0.5),
                    ConnectionTypes.none(),
                    Metadata.empty(),
                    0))
        .withMessage("relationship type must not be null");
  }

  @Test
  void mirrored_swapsSourceAndTarget_keepingEverythingElse() {
    Association association = of("a", "b", 1_700_000_000.5);

    Association mirrored = association.mirrored();

    assertThat(mirrored.source()).isEqualTo(hash("b"));
    assertThat(mirrored.target()).isEqualTo(hash("a"));
    assertThat(mirrored)
        .usingRecursiveComparison()
        .ignoringFields("source", "target")
        .isEqualTo(association);
    assertThat(mirrored.mirrored()).isEqualTo(association);
  }

  @Test
  void keyIsDirected_pairIsNot() {
    Association association = of("b", "a", 0);

    assertThat(association.key()).isEqualTo(RowKey.of("b", "a"));
    assertThat(association.pair()).isEqualTo(new PairKey(hash("a"), hash("b")));
    assertThat(association.mirrored().pair()).isEqualTo(association.pair());
  }
}
