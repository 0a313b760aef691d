package io.hybridgraph.domain.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** The text form of a clock round-trips and sorts, as text and as bytes, like the clock itself. */
class HlcProperties {

  @Property(tries = 1000)
  void parse_ofEncode_isTheSameClock(@ForAll("clocks") Hlc clock) {
    assertThat(Hlc.parse(clock.encode())).isEqualTo(clock);
  }

  @Property(tries = 2000)
  void encodedOrder_isClockOrder_asTextAndAsBytes(@ForAll("clockPairs") List<Hlc> pair) {
    Hlc a = pair.get(0);
    Hlc b = pair.get(1);
    int byClock = Integer.signum(a.compareTo(b));
    Statistics.label("order").collect(byClock);

    assertThat(Integer.signum(a.encode().compareTo(b.encode()))).isEqualTo(byClock);
    // SQLite compares TEXT with memcmp over UTF-8 bytes.
    assertThat(
            Integer.signum(
                Arrays.compareUnsigned(
                    a.encode().getBytes(StandardCharsets.UTF_8),
                    b.encode().getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(byClock);

    Statistics.label("order").coverage(coverage -> coverage.check(0).percentage(p -> p >= 2.0));
  }

  /** Any text that parses is exactly the encoding of what it parses to. */
  @Property(tries = 2000)
  void parse_acceptsOnlyCanonicalText(@ForAll("nearMisses") String text) {
    Hlc parsed;
    try {
      parsed = Hlc.parse(text);
    } catch (IllegalArgumentException rejected) {
      Statistics.collect("rejected");
      return;
    }
    Statistics.collect("accepted");
    assertThat(parsed.encode()).isEqualTo(text);
  }

  @Provide
  Arbitrary<Hlc> clocks() {
    Arbitrary<Hlc> close =
        Combinators.combine(
                Arbitraries.longs().between(0, 2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of("a", "b", "b-1", "ba", "B", "_", "-", "9").map(DeviceId::new))
            .as(Hlc::new);
    Arbitrary<Hlc> wide =
        Combinators.combine(
                Arbitraries.longs().between(0, Hlc.MAX_WALL),
                Arbitraries.integers().between(0, Hlc.MAX_COUNTER),
                devices())
            .as(Hlc::new);
    return Arbitraries.frequencyOf(Tuple.of(1, close), Tuple.of(1, wide));
  }

  /** Two clocks, the second often sharing the wall time, counter or device of the first. */
  @Provide
  Arbitrary<List<Hlc>> clockPairs() {
    return Combinators.combine(clocks(), clocks(), Arbitraries.integers().between(0, 3))
        .as(
            (a, b, mode) ->
                switch (mode) {
                  case 0 -> List.of(a, b);
                  case 1 -> List.of(a, new Hlc(a.wallMillis(), a.counter(), b.device()));
                  case 2 -> List.of(a, new Hlc(a.wallMillis(), b.counter(), b.device()));
                  default -> List.of(a, new Hlc(a.wallMillis(), a.counter(), a.device()));
                });
  }

  /** Encodings with one character replaced by one that is often, but not always, wrong. */
  @Provide
  Arbitrary<String> nearMisses() {
    return Combinators.combine(
            clocks().map(Hlc::encode),
            Arbitraries.integers().between(0, 20),
            Arbitraries.of('+', '-', 'A', 'F', 'f', 'g', '0', '9', '.', ' ', 'x'))
        .as(
            (encoded, position, replacement) -> {
              int at = Math.min(position, encoded.length() - 1);
              return encoded.substring(0, at) + replacement + encoded.substring(at + 1);
            });
  }

  static Arbitrary<DeviceId> devices() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('_', '-')
        .ofMinLength(1)
        .ofMaxLength(DeviceId.MAX_LENGTH)
        .map(DeviceId::new);
  }
}
