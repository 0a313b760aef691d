package io.hybridgraph.domain.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class DeviceIdTest {

  @Test
  void lettersDigitsUnderscoreAndDash_areAccepted() {
    assertThat(new DeviceId("Laptop_01-home").value()).isEqualTo("Laptop_01-home");
    assertThat(new DeviceId("x".repeat(64)).value()).hasSize(64);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void empty_isRejected(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeviceId(value))
        .withMessage("device id must not be empty");
  }

  @Test
  void tooLong_isRejectedWithItsLength() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeviceId("x".repeat(65)))
        .withMessage("device id must be at most 64 characters, was 65");
  }

  @Test
  void otherCharacters_areRejectedNamingTheCharacter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeviceId("my.laptop"))
        .withMessage(
            "device id may only contain letters, digits, '_' and '-', found '.' in 'my.laptop'");
  }

  @Test
  void random_isAValidIdAndDiffersEachTime() {
    DeviceId first = DeviceId.random();
    assertThat(new DeviceId(first.value())).isEqualTo(first);
    assertThat(DeviceId.random()).isNotEqualTo(first);
  }

  @Test
  void compareTo_isStringOrder() {
    assertThat(new DeviceId("B")).isLessThan(new DeviceId("a"));
    assertThat(new DeviceId("a")).isLessThan(new DeviceId("a-1"));
  }
}
