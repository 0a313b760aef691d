package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.port.in.SyncEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this device may next ask the remote, after failures. A transient or access failure holds
 * back pushes and pulls alike; a full cloud holds back pushes only, with its own backoff, so that
 * other devices' changes still come in. Each hold grows with consecutive failures ({@link Backoff},
 * the server's Retry-After as a floor). The first success after failures ends the holds it covers
 * and returns parked changes to the queue; failures and successes also set and clear the last error
 * in the ledger and reach the listeners.
 *
 * <p>Pushes and pulls run one at a time: the pusher and the puller each hold this object's monitor
 * for a whole step, so the failure counts change under one lock. The hold times are volatile and
 * read without waiting for a step in flight.
 */
final class RemoteHold {

  private static final Logger log = LoggerFactory.getLogger(RemoteHold.class);

  private final Backoff backoff;
  private final SyncLedger ledger;
  private final ChangeOutbox outbox;
  private final SyncEvents events;
  private final Clock clock;

  /** Holds back pushes and pulls (transient and access failures). */
  private volatile Instant heldUntil = Instant.EPOCH;

  private int consecutiveFailures;

  /** Holds back pushes only (the cloud is full). */
  private volatile Instant pushHeldUntil = Instant.EPOCH;

  private int consecutivePushFailures;

  RemoteHold(
      Backoff backoff, SyncLedger ledger, ChangeOutbox outbox, SyncEvents events, Clock clock) {
    this.backoff = backoff;
    this.ledger = ledger;
    this.outbox = outbox;
    this.events = events;
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

  /** A push or a pull succeeded. */
  synchronized void succeeded(boolean push) {
    if (consecutiveFailures > 0 || (push && consecutivePushFailures > 0)) {
      consecutiveFailures = 0;
      heldUntil = Instant.EPOCH;
      if (push) {
        consecutivePushFailures = 0;
        pushHeldUntil = Instant.EPOCH;
      }
      int unparked = outbox.unparkAll();
      log.info(
          "Cloud reachable again{}",
          unparked > 0 ? ": " + unparked + " parked changes returned to the queue" : "");
    }
    if (consecutivePushFailures == 0) {
      ledger.clearError();
    }
  }

  /** A transient or access failure: holds back pushes and pulls alike; returns the delay. */
  synchronized Duration failed(
      String operation, RemoteGraphException e, Optional<Duration> retryAfter) {
    consecutiveFailures++;
    Duration delay = backoff.delay(consecutiveFailures, retryAfter);
    heldUntil = clock.instant().plus(delay);
    report(operation, e, delay);
    return delay;
  }

  /** The cloud is full: holds back pushes only. */
  synchronized void pushRefused(RemoteGraphException.Full e) {
    consecutivePushFailures++;
    Duration delay = backoff.delay(consecutivePushFailures, Optional.empty());
    pushHeldUntil = clock.instant().plus(delay);
    report("push", e, delay);
  }

  private void report(String operation, RemoteGraphException e, Duration delay) {
    ledger.failed(operation + " failed: " + e.getMessage(), clock.instant());
    log.warn(
        "Graph sync {} failed ({}); next try in {} ms",
        operation,
        e.getMessage(),
        delay.toMillis());
    events.publish(new SyncEvent.Failed(clock.instant(), operation, e.getMessage(), delay));
  }
}
