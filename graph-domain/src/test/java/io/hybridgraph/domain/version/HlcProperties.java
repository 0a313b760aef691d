package io.hybridgraph.domain.version;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hybridgraph.domain.testing.Coverage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The text form of a clock round-trips and sorts, as text and as bytes, like the clock itself. */
class HlcProperties {

  @Test
  void parse_ofEncode_isTheSameClock() {
    tries(1000)
        .forAll(clocks())
        .checkAssert(clock -> assertThat(Hlc.parse(clock.encode())).isEqualTo(clock));
  }

  @Test
  void encodedOrder_isClockOrder_asTextAndAsBytes() {
    Coverage order = new Coverage("order of the two clocks");

    tries(2000)
        .forAll(clockPairs())
        .checkAssert(
            pair -> {
              Hlc a = pair.get(0);
              Hlc b = pair.get(1);
              int byClock = Integer.signum(a.compareTo(b));
              order.record(byClock);

              assertThat(Integer.signum(a.encode().compareTo(b.encode()))).isEqualTo(byClock);
              // SQLite compares TEXT with memcmp over UTF-8 bytes.
              assertThat(
                      Integer.signum(
                          Arrays.compareUnsigned(
                              a.encode().getBytes(StandardCharsets.UTF_8),
                              b.encode().getBytes(StandardCharsets.UTF_8))))
                  .isEqualTo(byClock);
            });

    order.requireAtLeast(2.0, 0);
  }

  /** Any text that parses is exactly the encoding of what it parses to. */
  @Test
  void parse_acceptsOnlyCanonicalText() {
    Coverage parsed = new Coverage("near misses parsed");

    tries(2000)
        .forAll(nearMisses())
        .checkAssert(
            text -> {
              Hlc clock;
              try {
                clock = Hlc.parse(text);
              } catch (IllegalArgumentException rejected) {
                parsed.record("rejected");
                return;
              }
              parsed.record("accepted");
              assertThat(clock.encode()).isEqualTo(text);
            });

    parsed.requireAtLeast(10.0, "accepted");
    parsed.requireAtLeast(10.0, "rejected");
  }

  /** Half the clocks close together (so that they tie and differ by one), half spread wide. */
  private static Gen<Hlc> clocks() {
    Gen<Hlc> close =
        longs()
            .between(0, 2)
            .zip(
                integers().between(0, 2),
                arbitrary().pick("a", "b", "b-1", "ba", "B", "_", "-", "9").map(DeviceId::new),
                Hlc::new);
    Gen<Hlc> wide =
        longs()
            .between(0, Hlc.MAX_WALL)
            .zip(integers().between(0, Hlc.MAX_COUNTER), devices(), Hlc::new);
    return Generate.frequency(Pair.of(1, close), Pair.of(1, wide));
  }

  /** Two clocks, the second often sharing the wall time, counter or device of the first. */
  private static Gen<List<Hlc>> clockPairs() {
    return clocks()
        .zip(
            clocks(),
            integers().between(0, 3),
            (a, b, mode) ->
                switch (mode) {
                  case 0 -> List.of(a, b);
                  case 1 -> List.of(a, new Hlc(a.wallMillis(), a.counter(), b.device()));
                  case 2 -> List.of(a, new Hlc(a.wallMillis(), b.counter(), b.device()));
                  default -> List.of(a, new Hlc(a.wallMillis(), a.counter(), a.device()));
                });
  }

  /** Encodings with one character replaced by one that is often, but not always, wrong. */
  private static Gen<String> nearMisses() {
    return clocks()
        .map(Hlc::encode)
        .zip(
            integers().between(0, 20),
            arbitrary().pick('+', '-', 'A', 'F', 'f', 'g', '0', '9', '.', ' ', 'x'),
            (encoded, position, replacement) -> {
              int at = Math.min(position, encoded.length() - 1);
              return encoded.substring(0, at) + replacement + encoded.substring(at + 1);
            });
  }

  /** Device ids of one to {@link DeviceId#MAX_LENGTH} letters, digits, underscores and dashes. */
  private static Gen<DeviceId> devices() {
    List<Character> allowed =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
            .chars()
            .mapToObj(c -> (char) c)
            .toList();
    return lists()
        .of(arbitrary().pick(allowed))
        .ofSizeBetween(1, DeviceId.MAX_LENGTH)
        .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()))
        .map(DeviceId::new);
  }
}
