package io.hybridgraph.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class DirectionTest {

  @Test
  void symmetricEdges_areFollowedInEveryDirection() {
    for (Direction direction : Direction.values()) {
      assertThat(direction.follows(EdgeOrientation.SYMMETRIC)).isTrue();
    }
  }

  @Test
  void directedEdges_areFollowedOnlyInTheirDirectionOrBoth() {
    assertThat(Direction.OUTGOING.follows(EdgeOrientation.OUTGOING)).isTrue();
    assertThat(Direction.OUTGOING.follows(EdgeOrientation.INCOMING)).isFalse();
    assertThat(Direction.INCOMING.follows(EdgeOrientation.INCOMING)).isTrue();
    assertThat(Direction.INCOMING.follows(EdgeOrientation.OUTGOING)).isFalse();
    assertThat(Direction.BOTH.follows(EdgeOrientation.OUTGOING)).isTrue();
    assertThat(Direction.BOTH.follows(EdgeOrientation.INCOMING)).isTrue();
  }

  @Test
  void parse_ignoresCase_andRejectsOthersListingTheValidOnes() {
    assertThat(Direction.parse(" Incoming ")).isEqualTo(Direction.INCOMING);
    assertThat(Direction.parse("BOTH")).isEqualTo(Direction.BOTH);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Direction.parse("sideways"))
        .withMessage("unknown direction 'sideways'; valid directions: outgoing, incoming, both");
  }
}
