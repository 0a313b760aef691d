package io.hybridgraph.sync.service;

import static io.hybridgraph.sync.service.SyncFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A streak of failed rounds is told at once (ledger, events) and costs the log one stack trace,
 * then a line a minute at most, then one line at recovery; a refusal of access holds sync with a
 * reason that says what to fix.
 */
class SyncHealthTest {

  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Instant START_AT = Instant.ofEpochMilli(START);

  private final MutableClock clock = new MutableClock(START);
  private final MapState store = new MapState();
  private final SyncLedger ledger = new SyncLedger(store);
  private final SyncEvents events = new SyncEvents();
  private final List<SyncEvent> published = new CopyOnWriteArrayList<>();
  private final RecordingLogger log = new RecordingLogger();
  private final SyncHealth health =
      new SyncHealth(
          ledger, events, refusal -> "set THE_TOKEN_VARIABLE", Duration.ofMinutes(5), clock, log);

  @BeforeEach
  void listen() {
    events.subscribe(published::add);
  }

  private List<SyncEvent.StateChanged> stateChanges() {
    return published.stream()
        .filter(SyncEvent.StateChanged.class::isInstance)
        .map(SyncEvent.StateChanged.class::cast)
        .toList();
  }

  private List<SyncEvent.Failed> failures() {
    return published.stream()
        .filter(SyncEvent.Failed.class::isInstance)
        .map(SyncEvent.Failed.class::cast)
        .toList();
  }

  @Test
  void streak_logsOneStackTrace_thenACountAMinuteAtMost_thenOneLineAtRecovery() {
    Instant started = clock.instant();
    health.failed("push", new IllegalStateException("disk I/O error"), RETRY);
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(10));
      health.failed("pull", new IllegalStateException("disk I/O error"), RETRY);
    }
    assertThat(log.lines()).hasSize(1);
    RecordingLogger.Line first = log.lines().get(0);
    assertThat(first.level()).isEqualTo(Level.WARN);
    assertThat(first.thrown()).hasMessage("disk I/O error");
    assertThat(first.message())
        .contains("push failed: IllegalStateException: disk I/O error", "one line a minute");

    clock.advance(Duration.ofSeconds(30));
    health.failed("pull", new IllegalStateException("disk I/O error"), RETRY);

    assertThat(log.lines()).hasSize(2);
    RecordingLogger.Line count = log.lines().get(1);
    assertThat(count.thrown()).as("no stack trace after the first").isNull();
    assertThat(count.message())
        .contains("still failing: 5 rounds in a row since " + started, "(4 since the last line)");

    clock.advance(Duration.ofSeconds(5));
    health.succeeded();
    health.succeeded();

    assertThat(log.lines()).hasSize(3);
    RecordingLogger.Line recovered = log.lines().get(2);
    assertThat(recovered.level()).isEqualTo(Level.INFO);
    assertThat(recovered.thrown()).isNull();
    assertThat(recovered.message())
        .isEqualTo("Graph sync recovered after 5 failed rounds (failing since " + started + ")");
  }

  @Test
  void eachFailedRound_isAFailedEvent_andEachChangeOfStateAStateEvent() {
    health.failed("push", new RemoteGraphException.Unavailable("HTTP 503", 503, null, null), RETRY);
    health.failed("pull", new RuntimeException("a defect"), RETRY);
    assertThat(health.streak()).hasValue(new FailureStreak(2, START_AT, FailureCategory.INTERNAL));
    assertThat(ledger.lastError()).hasValue("pull failed: RuntimeException: a defect");
    health.succeeded();

    assertThat(failures())
        .extracting(
            SyncEvent.Failed::operation, SyncEvent.Failed::category, SyncEvent.Failed::reason)
        .containsExactly(
            tuple("push", FailureCategory.UNAVAILABLE, "HTTP 503"),
            tuple("pull", FailureCategory.INTERNAL, "RuntimeException: a defect"));
    assertThat(failures()).allSatisfy(f -> assertThat(f.retryIn()).isEqualTo(RETRY));
    assertThat(stateChanges())
        .extracting(SyncEvent.StateChanged::state)
        .containsExactly(SyncStatus.FAILING, SyncStatus.RUNNING);
    assertThat(stateChanges().get(0).reason()).hasValue("push failed: HTTP 503");
    assertThat(stateChanges().get(1).reason()).isEmpty();
    assertThat(health.streak()).isEmpty();
    assertThat(ledger.lastError()).isEmpty();
  }

  @Test
  void accessDenied_holdsSync_withAReasonNamingTheFixAndTheRetryInterval() {
    health.failed("pull", new RemoteGraphException.Unavailable("HTTP 502", 502, null, null), RETRY);
    health.failed(
        "prepare",
        new RemoteGraphException.AccessDenied("HTTP 401 Authentication error", 10000, null),
        Duration.ofMinutes(5));

    assertThat(health.streak().orElseThrow().state()).isEqualTo(SyncStatus.HELD);
    assertThat(health.heldReason())
        .hasValue(
            "the cloud refused access (HTTP 401 Authentication error); set THE_TOKEN_VARIABLE;"
                + " the local graph keeps working and sync checks again every 5 minutes");
    assertThat(stateChanges())
        .extracting(SyncEvent.StateChanged::state)
        .containsExactly(SyncStatus.FAILING, SyncStatus.HELD);
    assertThat(stateChanges().get(1).reason())
        .hasValueSatisfying(r -> assertThat(r).startsWith("sync is held: the cloud refused"));
    assertThat(log.lines()).as("a change of state is logged at once").hasSize(2);
    assertThat(log.lines().get(1).message()).contains("still held", "set THE_TOKEN_VARIABLE");

    health.failed("pull", new RemoteGraphException.Unavailable("HTTP 502", 502, null, null), RETRY);
    assertThat(health.heldReason()).as("no longer held once access is not the problem").isEmpty();
  }

  @Test
  void heldReason_inAnotherProcess_isTheStoredError() {
    health.failed(
        "prepare",
        new RemoteGraphException.AccessDenied("HTTP 403 bad token", 10000, null),
        Duration.ofMinutes(5));

    SyncHealth other =
        new SyncHealth(new SyncLedger(store), events, r -> "unused", Duration.ofMinutes(5), clock);

    assertThat(other.streak())
        .hasValue(new FailureStreak(1, START_AT, FailureCategory.ACCESS_DENIED));
    assertThat(other.heldReason()).hasValue("prepare failed: HTTP 403 bad token");
  }

  @Test
  void theSameFailure_isCountedOnce() {
    RuntimeException failure = new RuntimeException("a defect");

    health.failed("push", failure, RETRY);
    assertThat(health.recorded(failure)).isTrue();
    health.failed("sync", failure, RETRY);

    assertThat(health.streak().orElseThrow().count()).isEqualTo(1);
    assertThat(failures()).hasSize(1);
  }

  @Test
  void aStreakLeftByAnEarlierProcess_goesOn_andIsEndedByTheFirstSuccess() {
    store.values.put(SyncLedger.FAILURE_STREAK, "7 2027-01-15T09:59:00Z UNAVAILABLE");
    store.values.put(SyncLedger.LAST_ERROR, "pull failed: HTTP 503");

    health.failed("pull", new RemoteGraphException.Unavailable("HTTP 503", 503, null, null), RETRY);

    assertThat(health.streak())
        .hasValue(
            new FailureStreak(
                8, Instant.parse("2027-01-15T09:59:00Z"), FailureCategory.UNAVAILABLE));
    assertThat(stateChanges()).as("it was failing already").isEmpty();
    assertThat(log.lines().get(0).thrown()).as("the first failure of this process").isNotNull();

    health.succeeded();

    assertThat(store.values)
        .containsEntry(SyncLedger.FAILURE_STREAK, "")
        .containsEntry(SyncLedger.LAST_ERROR, "");
    assertThat(stateChanges()).extracting(SyncEvent.StateChanged::state).containsExactly("RUNNING");
  }

  @Test
  void aStoreThatFails_doesNotStopTheFailureFromBeingShown() {
    store.failing = true;

    health.failed("push", new IllegalStateException("disk I/O error"), RETRY);

    assertThat(health.streak().orElseThrow().category()).isEqualTo(FailureCategory.LOCAL_STORE);
    assertThat(ledger.lastError()).hasValue("push failed: IllegalStateException: disk I/O error");
  }

  @Test
  void aSuccessThatCannotBeSaved_isShownAtOnce_andSavedByTheNextSuccess() {
    health.failed("push", new RemoteGraphException.Unavailable("HTTP 503", 503, null, null), RETRY);
    store.failing = true;

    health.succeeded();

    assertThat(health.streak()).as("this process shows the success").isEmpty();
    assertThat(stateChanges())
        .extracting(SyncEvent.StateChanged::state)
        .containsExactly(SyncStatus.FAILING, SyncStatus.RUNNING);
    assertThat(new SyncLedger(store).streak()).as("not saved yet").isPresent();

    store.failing = false;
    health.succeeded();

    assertThat(new SyncLedger(store).streak()).as("saved by the next success").isEmpty();
    assertThat(stateChanges()).as("the recovery is told once").hasSize(2);
  }

  /** A sync state store in a map, which can be made to fail every write. */
  private static final class MapState implements SyncStateStore {
    final Map<String, String> values = new HashMap<>();
    volatile boolean failing;

    @Override
    public Optional<String> get(String name) {
      return Optional.ofNullable(values.get(name));
    }

    @Override
    public void put(String name, String value) {
      if (failing) {
        throw new IllegalStateException("disk I/O error");
      }
      values.put(name, value);
    }
  }
}
