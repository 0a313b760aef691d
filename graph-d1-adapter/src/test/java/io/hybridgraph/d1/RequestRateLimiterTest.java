package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** Time that moves only when the limiter sleeps or the test says so. */
  private static final class FakeTime {
    final AtomicLong now = new AtomicLong(1_000 * SECOND);
    final List<Long> sleeps = new ArrayList<>();

    RequestRateLimiter limiter(int permits, Duration window) {
      return new RequestRateLimiter(
          permits,
          window,
          now::get,
          nanos -> {
            sleeps.add(nanos);
            now.addAndGet(nanos);
          });
    }
  }

  @Test
  void firstPermits_startAtOnce_theNextWaitsForTheWindow() {
    FakeTime time = new FakeTime();
    RequestRateLimiter limiter = time.limiter(3, Duration.ofSeconds(10));

    limiter.acquire();
    time.now.addAndGet(2 * SECOND);
    limiter.acquire();
    limiter.acquire();
    assertThat(time.sleeps).isEmpty();

    limiter.acquire();

    // The first request started at t=0, so the fourth may start at t=10 s; it is t=2 s now.
    assertThat(time.sleeps).containsExactly(8 * SECOND);
  }

  @Test
  void anyWindow_holdsAtMostPermitsStarts() {
    FakeTime time = new FakeTime();
    int permits = 5;
    long window = 10 * SECOND;
    RequestRateLimiter limiter = time.limiter(permits, Duration.ofNanos(window));
    List<Long> starts = new ArrayList<>();

    for (int i = 0; i < 40; i++) {
      time.now.addAndGet((i % 7) * SECOND / 3);
      limiter.acquire();
      starts.add(time.now.get());
    }

    for (int i = permits; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - permits))
          .as("start %d and start %d", i - permits, i)
          .isGreaterThanOrEqualTo(window);
    }
  }

  @Test
  void cloudflareDefault_allows1200BurstThenFourPerSecond() {
    FakeTime time = new FakeTime();
    RequestRateLimiter limiter = time.limiter(1_200, Duration.ofMinutes(5));

    for (int i = 0; i < 1_200; i++) {
      limiter.acquire();
    }
    assertThat(time.sleeps).isEmpty();
    limiter.acquire();

    assertThat(time.sleeps).containsExactly(TimeUnit.MINUTES.toNanos(5));
  }

  @Test
  void concurrentCallers_neverExceedTheLimit() throws Exception {
    // Time stands still, so each start is exactly the reservation the limiter handed out: the
    // measured starts of real threads would include their scheduling delays on a loaded machine.
    long window = TimeUnit.MILLISECONDS.toNanos(400);
    RequestRateLimiter limiter =
        new RequestRateLimiter(20, Duration.ofNanos(window), () -> 0L, nanos -> {});
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Long> starts = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(60);
    for (int i = 0; i < 60; i++) {
      pool.execute(
          () -> {
            try {
              go.await();
              starts.add(limiter.reserve());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          });
    }
    go.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();

    List<Long> sorted = new ArrayList<>(starts);
    sorted.sort(Long::compare);
    assertThat(sorted).hasSize(60);
    for (int i = 20; i < sorted.size(); i++) {
      assertThat(sorted.get(i) - sorted.get(i - 20)).isGreaterThanOrEqualTo(window);
    }
    assertThat(sorted.get(59)).isEqualTo(2 * window);
  }

  @Test
  void shared_givesEveryClientOfATokenTheSameLimiter() {
    RequestRateLimiter a =
        RequestRateLimiter.shared("https://x#test-shared", 7, Duration.ofSeconds(1));
    RequestRateLimiter b =
        RequestRateLimiter.shared("https://x#test-shared", 9, Duration.ofSeconds(2));
    RequestRateLimiter other =
        RequestRateLimiter.shared("https://x#test-other", 7, Duration.ofSeconds(1));

    assertThat(b).isSameAs(a);
    assertThat(b.permits()).isEqualTo(7);
    assertThat(other).isNotSameAs(a);
  }

  @Test
  void interruptedWait_failsAsRetryable_andKeepsTheInterrupt() {
    RequestRateLimiter limiter =
        new RequestRateLimiter(
            1,
            Duration.ofMinutes(1),
            () -> 0L,
            nanos -> {
              throw new InterruptedException("stop");
            });
    limiter.acquire();

    Throwable thrown = catchThrowable(limiter::acquire);

    assertThat(thrown)
        .isInstanceOf(RetryableRemoteException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
  }
}
