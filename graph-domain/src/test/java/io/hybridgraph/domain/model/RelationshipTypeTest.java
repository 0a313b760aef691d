package io.hybridgraph.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RelationshipTypeTest {

  private static final String VALID = "related, contradicts, causes, fixes, supports, follows";

  @Test
  void parse_ignoresCaseAndSurroundingWhiteSpace() {
    assertThat(RelationshipType.parse("related")).isEqualTo(RelationshipType.RELATED);
    assertThat(RelationshipType.parse("CONTRADICTS")).isEqualTo(RelationshipType.CONTRADICTS);
    assertThat(RelationshipType.parse(" Causes\t")).isEqualTo(RelationshipType.CAUSES);
    assertThat(RelationshipType.parse("fiXes")).isEqualTo(RelationshipType.FIXES);
  }

  @Test
  void parse_ofWireName_returnsEveryType() {
    for (RelationshipType type : RelationshipType.values()) {
      assertThat(RelationshipType.parse(type.wireName())).isEqualTo(type);
      assertThat(type).hasToString(type.wireName());
    }
  }

  @Test
  void parse_unknownType_listsAllSixValidNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RelationshipType.parse("friend_of"))
        .withMessage("unknown relationship type 'friend_of'; valid types: " + VALID);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void parse_empty_listsAllSixValidNames(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RelationshipType.parse(name))
        .withMessage("relationship type must not be empty; valid types: " + VALID);
  }

  @Test
  void relatedAndContradicts_areTheOnlySymmetricTypes() {
    assertThat(Arrays.stream(RelationshipType.values()).filter(RelationshipType::isSymmetric))
        .containsExactly(RelationshipType.RELATED, RelationshipType.CONTRADICTS);
  }
}
