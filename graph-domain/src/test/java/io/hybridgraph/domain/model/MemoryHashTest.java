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

  @ParameterizedTest
  @ValueSource(strings = {"x\ud800", "\udc00x", "a\ud800\ud800b", "\udbff"})
  void loneSurrogate_isRejected_soTwoHashesCanNeverLandAsOneText(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash(value))
        .withMessageStartingWith("memory hash must be valid Unicode text, found a lone surrogate");
  }

  @Test
  void surrogatePair_isAccepted() {
    assertThat(new MemoryHash("memory-\ud83d\ude00").value()).hasSize(9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u202eb", "\ufeffab", "a\u200bb", "a\u2066b", "ab\u00ad"})
  void formatCharacter_isRejectedNamingItAndItsIndex(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash(value))
        .withMessageContaining("memory hash must not contain format characters")
        .withMessageContaining("U+");
  }

  @Test
  void formatCharacterMessage_namesTheCodePointAndIndex() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryHash("ab\u202ec"))
        .withMessageEndingWith("found U+202E at index 2");
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
