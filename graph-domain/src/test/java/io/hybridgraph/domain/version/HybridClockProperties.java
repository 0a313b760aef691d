package io.hybridgraph.domain.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

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
  @Property(tries = 1000)
  void now_isGreaterThanEverythingIssuedOrObservedBefore(
      @ForAll("lastIssued") Hlc lastIssued, @ForAll("steps") List<Step> steps) {
    SettableClock wall = new SettableClock(EPOCH);
    HybridClock clock = new HybridClock(wall, SELF, lastIssued);
    Hlc greatestSeen = lastIssued;
    List<Hlc> issued = new ArrayList<>();
    boolean overflowed = false;
    boolean wallWentBack = false;

    for (Step step : steps) {
      if (step instanceof MoveWall move) {
        wall.advance(move.deltaMillis());
        wallWentBack |= move.deltaMillis() < 0;
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

    Statistics.label("counter overflowed").collect(overflowed);
    Statistics.label("wall clock went back").collect(wallWentBack);
    Statistics.label("counter overflowed")
        .coverage(coverage -> coverage.check(true).percentage(p -> p >= 5.0));
    Statistics.label("wall clock went back")
        .coverage(coverage -> coverage.check(true).percentage(p -> p >= 20.0));
  }

  @Provide
  Arbitrary<Hlc> lastIssued() {
    Arbitrary<Integer> counter =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.integers().between(0, 3)),
            Tuple.of(2, Arbitraries.integers().between(Hlc.MAX_COUNTER - 3, Hlc.MAX_COUNTER)));
    return Combinators.combine(
            Arbitraries.longs().between(EPOCH - 5, EPOCH + 5),
            counter,
            Arbitraries.of("a-device", "m-device", "z-device"))
        .as((wall, c, device) -> new Hlc(wall, c, new DeviceId(device)));
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> move =
        Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-2, 2)),
                Tuple.of(1, Arbitraries.longs().between(-1_000, 1_000)))
            .map(MoveWall::new);
    Arbitrary<Step> observe =
        Combinators.combine(
                Arbitraries.longs().between(-5, 5),
                Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.integers().between(0, 3)),
                    Tuple.of(1, Arbitraries.just(Hlc.MAX_COUNTER))),
                Arbitraries.of("a-device", "m-device", "z-device"))
            .as(Observe::new);
    return Arbitraries.frequencyOf(
            Tuple.of(2, move), Tuple.of(5, Arbitraries.just(new Now())), Tuple.of(1, observe))
        .list()
        .ofMinSize(1)
        .ofMaxSize(30);
  }

  private static Hlc max(Hlc a, Hlc b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
