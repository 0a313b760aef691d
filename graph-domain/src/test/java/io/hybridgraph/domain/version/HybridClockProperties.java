package io.hybridgraph.domain.version;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hybridgraph.domain.testing.Coverage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** A hybrid clock only moves forwards, whatever its wall clock does and whatever it observes. */
class HybridClockProperties {

  private static final long EPOCH = 1_700_000_000_000L;
  private static final DeviceId SELF = new DeviceId("m-device");

  sealed interface Step permits MoveWall, Now, Observe {}

  record MoveWall(long deltaMillis) implements Step {}

  record Now() implements Step {}

  /** Observes a clock {@code wallOffset} ms from the local wall clock's current reading. */
  record Observe(long wallOffset, int counter, String device) implements Step {}

  /**
   * Starting from a persisted last clock (possibly ahead of the wall clock, possibly with an almost
   * exhausted counter), every issued clock is greater than everything issued or observed before.
   */
  @Test
  void now_isGreaterThanEverythingIssuedOrObservedBefore() {
    Coverage overflowed = new Coverage("counter overflowed");
    Coverage wallWentBack = new Coverage("wall clock went back");

    tries(1000)
        .forAll(lastIssued(), steps())
        .checkAssert(
            (lastIssued, steps) -> {
              overflowed.record(issuesIncreasingClocks(lastIssued, steps));
              wallWentBack.record(
                  steps.stream().anyMatch(s -> s instanceof MoveWall m && m.deltaMillis() < 0));
            });

    overflowed.requireAtLeast(5.0, true);
    wallWentBack.requireAtLeast(20.0, true);
  }

  /**
   * Runs the steps, checking every issued clock; returns whether the counter overflowed into the
   * next millisecond while the wall clock stood behind.
   */
  private static boolean issuesIncreasingClocks(Hlc lastIssued, List<Step> steps) {
    SettableClock wall = new SettableClock(EPOCH);
    HybridClock clock = new HybridClock(wall, SELF, lastIssued);
    Hlc greatestSeen = lastIssued;
    List<Hlc> issued = new ArrayList<>();
    boolean overflowed = false;

    for (Step step : steps) {
      if (step instanceof MoveWall move) {
        wall.advance(move.deltaMillis());
      } else if (step instanceof Observe observe) {
        Hlc remote =
            new Hlc(
                Math.max(0, wall.millis() + observe.wallOffset()),
                observe.counter(),
                new DeviceId(observe.device()));
        clock.observe(remote);
        greatestSeen = max(greatestSeen, remote);
      } else {
        Hlc now = clock.now();
        assertThat(now).as("issued after %s", greatestSeen).isGreaterThan(greatestSeen);
        assertThat(now.device()).isEqualTo(SELF);
        assertThat(now.wallMillis()).isGreaterThanOrEqualTo(Math.min(wall.millis(), Hlc.MAX_WALL));
        assertThat(clock.last()).isEqualTo(now);
        if (!issued.isEmpty()) {
          Hlc previous = issued.get(issued.size() - 1);
          overflowed |=
              previous.counter() == Hlc.MAX_COUNTER
                  && now.wallMillis() == previous.wallMillis() + 1
                  && now.counter() == 0
                  && wall.millis() <= previous.wallMillis();
        }
        issued.add(now);
        greatestSeen = now;
      }
    }

    return overflowed;
  }

  /** A persisted clock near the wall clock, two times in three with an almost exhausted counter. */
  private static Gen<Hlc> lastIssued() {
    Gen<Integer> counter =
        Generate.frequency(
            Pair.of(1, integers().between(0, 3)),
            Pair.of(2, integers().between(Hlc.MAX_COUNTER - 3, Hlc.MAX_COUNTER)));
    return longs()
        .between(EPOCH - 5, EPOCH + 5)
        .zip(
            counter,
            arbitrary().pick("a-device", "m-device", "z-device"),
            (wall, c, device) -> new Hlc(wall, c, new DeviceId(device)));
  }

  private static Gen<List<Step>> steps() {
    Gen<Step> move =
        Generate.frequency(
                Pair.of(4, longs().between(-2, 2)), Pair.of(1, longs().between(-1_000, 1_000)))
            .map(MoveWall::new);
    Gen<Step> observe =
        longs()
            .between(-5, 5)
            .zip(
                Generate.frequency(
                    Pair.of(2, integers().between(0, 3)),
                    Pair.of(1, arbitrary().constant(Hlc.MAX_COUNTER))),
                arbitrary().pick("a-device", "m-device", "z-device"),
                Observe::new);
    return lists()
        .of(
            Generate.frequency(
                Pair.of(2, move),
                Pair.of(5, arbitrary().<Step>constant(new Now())),
                Pair.of(1, observe)))
        .ofSizeBetween(1, 30);
  }

  private static Hlc max(Hlc a, Hlc b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
