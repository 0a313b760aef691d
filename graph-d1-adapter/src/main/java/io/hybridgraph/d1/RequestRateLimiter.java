package io.hybridgraph.d1;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps requests under a limit per sliding window: in every window of {@code window} at most {@code
 * permits} requests start. Callers beyond the limit wait, first come first served.
 *
 * <p>Cloudflare allows 1,200 API requests per 5 minutes per token and then blocks every call of
 * that token for 5 minutes, so one limiter is shared by every client of the same token and base URL
 * in the process ({@link #shared}).
 *
 * <p>Works by reserving a start time for each request: the k-th request may start no earlier than
 * the (k - permits)-th plus {@code window}. Reservations never decrease, so any window holds at
 * most {@code permits} of them. Thread-safe.
 */
final class RequestRateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RequestRateLimiter.class);

  private static final Map<String, RequestRateLimiter> SHARED = new ConcurrentHashMap<>();

  /** Waits for a number of nanoseconds; replaced in tests. */
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final int permits;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long[] starts;
  private int head;
  private int size;

  RequestRateLimiter(int permits, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1, was " + permits);
    }
    this.permits = permits;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.starts = new long[permits];
  }

  static RequestRateLimiter system(int permits, Duration window) {
    return new RequestRateLimiter(
        permits, window, System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
  }

  /**
   * The limiter of every client of {@code key} (base URL and token fingerprint) in this process.
   * The first configuration of a key sets its limit; a later, different one is logged and ignored
   * so that two clients cannot double the rate between them.
   */
  static RequestRateLimiter shared(String key, int permits, Duration window) {
    RequestRateLimiter limiter = SHARED.computeIfAbsent(key, k -> system(permits, window));
    if (limiter.permits != permits || limiter.windowNanos != window.toNanos()) {
      LOG.warn(
          "D1 rate limit {} per {} ignored: this process already limits the same token to {} per"
              + " {}",
          permits,
          window,
          limiter.permits,
          Duration.ofNanos(limiter.windowNanos));
    }
    return limiter;
  }

  int permits() {
    return permits;
  }

  Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  /**
   * Blocks until a request may start.
   *
   * @throws RetryableRemoteException when interrupted while waiting (the interrupt flag is kept)
   */
  void acquire() {
    long wait = reserve();
    if (wait <= 0) {
      return;
    }
    if (wait > TimeUnit.SECONDS.toNanos(1)) {
      LOG.info(
          "D1 client-side rate limit reached ({} requests per {}): waiting {} ms",
          permits,
          Duration.ofNanos(windowNanos),
          TimeUnit.NANOSECONDS.toMillis(wait));
    }
    try {
      sleeper.sleepNanos(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableRemoteException(
          "interrupted while waiting for the D1 rate limit", 0, 0, null, null, e);
    }
  }

  /** Reserves the next start time; returns how long the caller must wait for it. */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    long start = now;
    if (size == permits) {
      long oldest = starts[head];
      start = Math.max(now, oldest + windowNanos);
      head = (head + 1) % permits;
      size--;
    }
    starts[(head + size) % permits] = start;
    size++;
    return start - now;
  }
}
