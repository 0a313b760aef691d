package io.hybridgraph.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTypesTest {

  @Test
  void keepsTheGivenOrder_andCopiesTheList() {
    List<String> source = new ArrayList<>(List.of("temporal", "semantic"));

    ConnectionTypes types = ConnectionTypes.of(source);
    source.add("causal");

    assertThat(types.values()).containsExactly("temporal", "semantic");
    assertThat(ConnectionTypes.none().values()).isEmpty();
  }

  @Test
  void null_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ConnectionTypes(null))
        .withMessage("connection types must not be null");
  }

  @Test
  void moreThan64Entries_isRejectedWithTheCount() {
    assertThat(ConnectionTypes.of(Collections.nCopies(64, "x")).values()).hasSize(64);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConnectionTypes.of(Collections.nCopies(65, "x")))
        .withMessage("connection types must have at most 64 entries, had 65");
  }

  @Test
  void blankOrNullEntry_isRejectedWithItsIndex() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConnectionTypes.of("semantic", " "))
        .withMessage("connection types[1] must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConnectionTypes.of(Arrays.asList("semantic", "temporal", null)))
        .withMessage("connection types[2] must not be blank");
  }

  @Test
  void entryLongerThan128Characters_isRejectedWithItsLength() {
    assertThat(ConnectionTypes.of("x".repeat(128)).values()).hasSize(1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConnectionTypes.of("ok", "x".repeat(129)))
        .withMessage("connection types[1] must be at most 128 characters, was 129");
  }

  @Test
  void entryWithControlCharacter_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConnectionTypes.of("sem\u001eantic"))
        .withMessage("connection types[0] must not contain control characters");
  }

  @Test
  void loneSurrogate_isRejectedNamingTheEntry() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConnectionTypes.of("semantic", "\ud800x"))
        .withMessage(
            "connection types[1] must be valid Unicode text, found a lone surrogate U+D800 at index"
                + " 0");
  }
}
