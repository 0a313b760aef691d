package io.hybridgraph.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryHashTest {

  @Test
  void null_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash(null))
        .withMessage("memory hash must not be null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t  "})
  void blank_isRejected(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash(value))
        .withMessage("memory hash must not be blank");
  }

  @Test
  void longerThan256Characters_isRejectedWithItsLength() {
    assertThat(new MemoryHash("a".repeat(256)).value()).hasSize(256);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash("a".repeat(257)))
        .withMessage("memory hash must be at most 256 characters, was 257");
  }

  @Test
  void controlCharacter_isRejectedNamingItAndItsIndex() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash("ab\u0007c"))
        .withMessage("memory hash must not contain control characters, found U+0007 at index 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash("abc\n"))
        .withMessage("memory hash must not contain control characters, found U+000A at index 3");
  }

  @Test
  void of_withFieldName_prefixesTheFieldToTheMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MemoryHash.of("source_hash", " "))
        .withMessage("source_hash: memory hash must not be blank");
  }

  @Test
  void orderAndEquality_areThoseOfTheExactString() {
    assertThat(MemoryHash.of("abc")).isEqualTo(new MemoryHash("abc"));
    assertThat(MemoryHash.of("abc")).isNotEqualTo(MemoryHash.of("ABC"));
    assertThat(MemoryHash.of("ABC")).isLessThan(MemoryHash.of("abc"));
    assertThat(MemoryHash.of("ab")).isLessThan(MemoryHash.of("abc"));
    assertThat(MemoryHash.of("abc")).hasToString("abc");
  }
}
