package io.hybridgraph.domain.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HlcTest {

  private static final DeviceId DEVICE = new DeviceId("dev-a");
  private static final String SHAPE = "clock must look like 'wwwwwwwwwwww.cccc.device', was '";

  @Test
  void encode_isFixedWidthLowerCaseHex() {
    assertThat(new Hlc(0x1234abL, 0xcd, DEVICE).encode()).isEqualTo("0000001234ab.00cd.dev-a");
    assertThat(new Hlc(Hlc.MAX_WALL, Hlc.MAX_COUNTER, DEVICE).encode())
        .isEqualTo("ffffffffffff.ffff.dev-a");
  }

  @Test
  void parse_readsWhatEncodeWrote() {
    assertThat(Hlc.parse("0000001234ab.00cd.dev-a")).isEqualTo(new Hlc(0x1234abL, 0xcd, DEVICE));
  }

  @Test
  void compareTo_ordersByWallThenCounterThenDevice() {
    Hlc base = new Hlc(10, 5, new DeviceId("m"));
    assertThat(base).isLessThan(new Hlc(11, 0, new DeviceId("a")));
    assertThat(base).isLessThan(new Hlc(10, 6, new DeviceId("a")));
    assertThat(base).isLessThan(new Hlc(10, 5, new DeviceId("n")));
    assertThat(base).isGreaterThan(new Hlc(10, 5, new DeviceId("l")));
    assertThat(base.compareTo(new Hlc(10, 5, new DeviceId("m")))).isZero();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "000000000001.0000.", // no device
        "000000000001-0000.dev-a", // wrong separator
        "00000000001.00000.dev-a", // wall one digit short
        "00000000000g.0000.dev-a", // not hex
        "000000000001.000x.dev-a"
      })
  void parse_malformed_saysWhatItExpected(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hlc.parse(text))
        .withMessage(SHAPE + text + "'");
  }

  /** Text order is the clock order only for canonical text, so nothing else may parse. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "+00000000001.0000.dev-a", // sign
        "-00000000001.0000.dev-a",
        "000000000001.+001.dev-a",
        "00000000000A.0000.dev-a", // upper-case hex
        "000000000001.00FF.dev-a"
      })
  void parse_textThatIsNotCanonical_isRejected(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hlc.parse(text))
        .withMessage(SHAPE + text + "'");
  }

  @Test
  void parse_invalidDevice_saysWhatIsWrongWithTheDevice() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hlc.parse("000000000001.0000.dev a"))
        .withMessage(
            "device id may only contain letters, digits, '_' and '-', found ' ' in 'dev a'");
  }

  @Test
  void constructor_wallOutOfRange_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Hlc(-1, 0, DEVICE))
        .withMessage("clock wall time must be within [0, 281474976710655] ms, was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Hlc(Hlc.MAX_WALL + 1, 0, DEVICE))
        .withMessage("clock wall time must be within [0, 281474976710655] ms, was 281474976710656");
  }

  @Test
  void constructor_counterOutOfRange_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Hlc(0, -1, DEVICE))
        .withMessage("clock counter must be within [0, 65535], was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Hlc(0, 65_536, DEVICE))
        .withMessage("clock counter must be within [0, 65535], was 65536");
  }

  @Test
  void constructor_withoutDevice_isRejected() {
    assertThatNullPointerException()
        .isThrownBy(() -> new Hlc(0, 0, null))
        .withMessage("device must not be null");
  }
}
