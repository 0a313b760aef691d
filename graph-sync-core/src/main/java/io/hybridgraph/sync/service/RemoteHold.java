package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this device may next ask the remote, after failures. A failed round (the remote failing for
 * a while, the local store failing, a defect) holds back pushes and pulls alike, growing with
 * consecutive failures ({@link Backoff}, the server's Retry-After as a floor); a refusal of access
 * holds them for the access retry interval instead, since no quick retry can fix a token; a full
 * cloud holds back pushes only, with its own backoff, so that other devices' changes still come in.
 * The first success after failures ends the holds it covers and returns parked changes to the
 * queue. Every failure and the success that ends a streak go to {@link SyncHealth}.
 *
 * <p>Pushes and pulls run one at a time: the pusher and the puller each hold this object's monitor
 * for a whole step, so the failure counts change under one lock. The hold times are volatile and
 * read without waiting for a step in flight.
 */
final class RemoteHold {

  private static final Logger log = LoggerFactory.getLogger(RemoteHold.class);

  private final Backoff backoff;
  private final Duration accessRetryInterval;
  private final SyncHealth health;
  private final ChangeOutbox outbox;
  private final Clock clock;

  /** Holds back pushes and pulls (failed rounds, refused access). */
  private volatile Instant heldUntil = Instant.EPOCH;

  private int consecutiveFailures;

  /** Holds back pushes only (the cloud is full). */
  private volatile Instant pushHeldUntil = Instant.EPOCH;

  private int consecutivePushFailures;

  RemoteHold(
      Backoff backoff,
      Duration accessRetryInterval,
      SyncHealth health,
      ChangeOutbox outbox,
      Clock clock) {
    this.backoff = backoff;
    this.accessRetryInterval = accessRetryInterval;
    this.health = health;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * When the remote may next be tried at all (pulled from); before then the periodic rounds skip
   * it. Pushes may be held back longer: see {@link #pushHeldUntil()}.
   */
  Instant heldUntil() {
    return heldUntil;
  }

  /** When pushes may next be tried: {@link #heldUntil()}, or later while the cloud is full. */
  Instant pushHeldUntil() {
    Instant shared = heldUntil;
    Instant pushOnly = pushHeldUntil;
    return shared.isAfter(pushOnly) ? shared : pushOnly;
  }

  /** Lifts both holds now (a forced push); the failure counts stay until a success. */
  synchronized void lift() {
    heldUntil = Instant.EPOCH;
    pushHeldUntil = Instant.EPOCH;
  }

  /** A push or a pull succeeded (or the remote's preparation). */
  synchronized void succeeded(boolean push) {
    if (consecutiveFailures > 0 || (push && consecutivePushFailures > 0)) {
      consecutiveFailures = 0;
      heldUntil = Instant.EPOCH;
      if (push) {
        consecutivePushFailures = 0;
        pushHeldUntil = Instant.EPOCH;
      }
      int unparked = outbox.unparkAll();
      if (unparked > 0) {
        log.info("Cloud reachable again: {} parked changes returned to the queue", unparked);
      }
    }
    if (consecutivePushFailures == 0) {
      health.succeeded();
    }
  }

  /**
   * A round of {@code operation} failed with anything but a full cloud: holds back pushes and pulls
   * alike; returns the delay. A failure already recorded changes nothing more.
   */
  synchronized Duration failed(String operation, Throwable failure) {
    if (health.recorded(failure)) {
      Duration left = Duration.between(clock.instant(), heldUntil);
      return left.isNegative() ? Duration.ZERO : left;
    }
    consecutiveFailures++;
    Duration delay;
    if (failure instanceof RemoteGraphException.AccessDenied) {
      delay = accessRetryInterval;
    } else {
      Optional<Duration> retryAfter =
          failure instanceof RemoteGraphException.Unavailable unavailable
              ? unavailable.retryAfter()
              : Optional.empty();
      delay = backoff.delay(consecutiveFailures, retryAfter);
    }
    heldUntil = clock.instant().plus(delay);
    health.failed(operation, failure, delay);
    return delay;
  }

  /** The cloud is full: holds back pushes only. */
  synchronized void pushRefused(RemoteGraphException.Full e) {
    consecutivePushFailures++;
    Duration delay = backoff.delay(consecutivePushFailures, Optional.empty());
    pushHeldUntil = clock.instant().plus(delay);
    health.failed("push", e, delay);
  }

  /**
   * A step that retries by itself (an initial-sync upload) failed and waits {@code retryIn}: it
   * counts and is reported, without holding back the rounds.
   */
  void retrying(String operation, RuntimeException failure, Duration retryIn) {
    health.failed(operation, failure, retryIn);
  }
}
