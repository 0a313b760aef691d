package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncStatus;
import io.hybridgraph.sync.port.out.AccessAdvice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How sync fares on this device: every failed round, whatever failed (the remote, the local store,
 * a defect), extends the current streak, and the first success ends it. Each change reaches the
 * people watching at once: the ledger (and through it the status, also in another process), the
 * listeners (a {@link SyncEvent.Failed} per failed round and a {@link SyncEvent.StateChanged} when
 * the state changes) and the log, where a streak costs one warning with the stack trace, then at
 * most one line a minute with the count, then one line when it ends.
 *
 * <p>A refusal of access ({@link RemoteGraphException.AccessDenied}) holds sync: the status says
 * why, what to fix ({@link AccessAdvice}) and how often sync checks again. Thread-safe; saving to
 * the ledger never throws out of here, since the local store may be what failed.
 */
final class SyncHealth {

  /** Least time between two log lines of one streak after its first. */
  static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  private final SyncLedger ledger;
  private final SyncEvents events;
  private final AccessAdvice advice;
  private final Duration accessRetryInterval;
  private final Clock clock;
  private final Logger log;

  /** Whether the ledger may hold a streak or error to clear: unknown until the first success. */
  private volatile boolean dirty = true;

  private volatile String heldReason;
  private Throwable lastRecorded;
  private Instant lastLogged;
  private int unlogged;

  SyncHealth(
      SyncLedger ledger,
      SyncEvents events,
      AccessAdvice advice,
      Duration accessRetryInterval,
      Clock clock) {
    this(
        ledger,
        events,
        advice,
        accessRetryInterval,
        clock,
        LoggerFactory.getLogger(SyncHealth.class));
  }

  /** As above, logging to {@code log} (tests read what is logged). */
  SyncHealth(
      SyncLedger ledger,
      SyncEvents events,
      AccessAdvice advice,
      Duration accessRetryInterval,
      Clock clock,
      Logger log) {
    this.ledger = ledger;
    this.events = events;
    this.advice = advice;
    this.accessRetryInterval = accessRetryInterval;
    this.clock = clock;
    this.log = log;
  }

  /** The current streak of failed rounds, if any (this process's, else the stored one). */
  Optional<FailureStreak> streak() {
    return ledger.streak();
  }

  /** Why sync is held, while the streak's latest failure was a refusal of access. */
  Optional<String> heldReason() {
    Optional<FailureStreak> streak = streak();
    if (streak.isEmpty() || streak.get().category() != FailureCategory.ACCESS_DENIED) {
      return Optional.empty();
    }
    String reason = heldReason;
    return reason != null ? Optional.of(reason) : ledger.lastError();
  }

  /** Whether {@code failure} is the one recorded last (a failure is counted once). */
  synchronized boolean recorded(Throwable failure) {
    return failure == lastRecorded;
  }

  /**
   * A round of {@code operation} failed with {@code failure}; sync tries again in {@code retryIn}.
   * Recording the same failure twice counts it once.
   */
  synchronized void failed(String operation, Throwable failure, Duration retryIn) {
    Objects.requireNonNull(failure, "failure");
    if (failure == lastRecorded) {
      return;
    }
    lastRecorded = failure;
    dirty = true;
    Instant now = clock.instant();
    FailureCategory category = FailureCategory.of(failure);
    String message = describe(failure, category);
    Optional<FailureStreak> before = currentStreak();
    FailureStreak streak =
        before.map(s -> s.next(category)).orElseGet(() -> FailureStreak.first(now, category));
    heldReason =
        failure instanceof RemoteGraphException.AccessDenied refusal
            ? heldReason(message, refusal)
            : null;
    String error = operation + " failed: " + message;
    try {
      ledger.failed(error, now, streak);
    } catch (RuntimeException e) {
      log.debug("Could not save the sync failure: {}", e.toString());
    }
    boolean changed =
        !before.map(FailureStreak::state).orElse(SyncStatus.RUNNING).equals(streak.state());
    log(operation, failure, error, streak, retryIn, changed, now);
    events.publish(new SyncEvent.Failed(now, operation, category, message, retryIn));
    if (changed) {
      events.publish(
          new SyncEvent.StateChanged(
              now,
              streak.state(),
              Optional.of(heldReason != null ? "sync is held: " + heldReason : error)));
    }
  }

  /** A round succeeded: ends the streak, if any. Cheap when there is none. */
  void succeeded() {
    if (!dirty) {
      return;
    }
    synchronized (this) {
      Optional<FailureStreak> before = currentStreak();
      boolean saved = true;
      try {
        ledger.clearError();
      } catch (RuntimeException e) {
        // This process shows the success all the same; the next success saves it.
        log.debug("Could not clear the saved sync failure: {}", e.toString());
        saved = false;
      }
      dirty = !saved;
      heldReason = null;
      lastRecorded = null;
      lastLogged = null;
      unlogged = 0;
      if (before.isPresent()) {
        FailureStreak streak = before.get();
        log.info(
            "Graph sync recovered after {} failed {} (failing since {})",
            streak.count(),
            streak.count() == 1 ? "round" : "rounds",
            streak.since());
        events.publish(
            new SyncEvent.StateChanged(clock.instant(), SyncStatus.RUNNING, Optional.empty()));
      }
    }
  }

  private Optional<FailureStreak> currentStreak() {
    try {
      return ledger.streak();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private String heldReason(String message, RemoteGraphException.AccessDenied refusal) {
    return "the cloud refused access ("
        + message
        + "); "
        + advice.fix(refusal)
        + "; the local graph keeps working and sync checks again every "
        + human(accessRetryInterval);
  }

  /**
   * The failure's message; for a failure outside the remote's categories its type too, since it
   * says what went wrong (a defect's message alone may say nothing).
   */
  private static String describe(Throwable failure, FailureCategory category) {
    String message = failure.getMessage();
    boolean remote = failure instanceof RemoteGraphException;
    if (remote && message != null && !message.isBlank()) {
      return message;
    }
    String type = failure.getClass().getSimpleName();
    return message == null || message.isBlank()
        ? type + " (" + category.label() + ")"
        : type + ": " + message;
  }

  private void log(
      String operation,
      Throwable failure,
      String error,
      FailureStreak streak,
      Duration retryIn,
      boolean changed,
      Instant now) {
    if (lastLogged == null) {
      if (heldReason != null) {
        log.warn("Graph sync is held: {}", heldReason, failure);
      } else {
        log.warn(
            "Graph sync {} failed ({}); next try in {} ms; further failures are counted, one line"
                + " a minute at most, until sync recovers",
            operation,
            error,
            retryIn.toMillis(),
            failure);
      }
      lastLogged = now;
      unlogged = 0;
      return;
    }
    unlogged++;
    if (changed || !now.isBefore(lastLogged.plus(LOG_INTERVAL))) {
      log.warn(
          "Graph sync still {}: {} rounds in a row since {} ({} since the last line); last: {};"
              + " next try in {} ms",
          streak.state().equals(SyncStatus.HELD) ? "held" : "failing",
          streak.count(),
          streak.since(),
          unlogged,
          heldReason != null ? heldReason : error,
          retryIn.toMillis());
      lastLogged = now;
      unlogged = 0;
    }
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds >= 60 && seconds % 60 == 0) {
      long minutes = seconds / 60;
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    if (seconds >= 1) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    return duration.toMillis() + " ms";
  }
}
