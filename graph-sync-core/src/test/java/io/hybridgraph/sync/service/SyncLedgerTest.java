package io.hybridgraph.sync.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.sync.port.in.FailureCategory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ledger reads and writes the sync state under the names and formats earlier versions used, so
 * a database synced before keeps its cursor, batch sequence, status and initial-sync checkpoint.
 */
class SyncLedgerTest {

  private static final Instant AT = Instant.parse("2027-01-15T10:00:00Z");

  private final MapState store = new MapState();
  private final SyncLedger ledger = new SyncLedger(store);

  @Test
  void stateWrittenByAnEarlierVersion_isReadUnderItsNames() {
    store.values.put("pull_cursor", "1234");
    store.values.put("push_batch_sequence", "41");
    store.values.put("last_push", "2027-01-15T09:00:00Z");
    store.values.put("last_pull", "2027-01-15T09:30:00Z");
    store.values.put("last_error", "push failed: HTTP 503");
    store.values.put("last_error_at", "2027-01-15T09:45:00Z");
    store.values.put("initial_upload_after", "aaa\u001fbbb");
    store.values.put("initial_upload_done", "2027-01-14T00:00:00Z");

    assertThat(ledger.cursor()).isEqualTo(1234);
    assertThat(ledger.nextBatchSequence()).isEqualTo(42);
    assertThat(store.values).containsEntry("push_batch_sequence", "42");
    assertThat(ledger.lastPush()).hasValue(Instant.parse("2027-01-15T09:00:00Z"));
    assertThat(ledger.lastPull()).hasValue(Instant.parse("2027-01-15T09:30:00Z"));
    assertThat(ledger.lastError()).hasValue("push failed: HTTP 503");
    assertThat(ledger.lastErrorAt()).hasValue(Instant.parse("2027-01-15T09:45:00Z"));
    assertThat(ledger.uploadCheckpoint()).hasValue(RowKey.of("aaa", "bbb"));
    assertThat(ledger.uploadDone()).isTrue();
  }

  @Test
  void freshDevice_hasNothingRecorded() {
    assertThat(ledger.cursor()).isZero();
    assertThat(ledger.lastPush()).isEmpty();
    assertThat(ledger.lastPull()).isEmpty();
    assertThat(ledger.lastError()).isEmpty();
    assertThat(ledger.lastErrorAt()).isEmpty();
    assertThat(ledger.cloudSizeBytes()).isEmpty();
    assertThat(ledger.uploadCheckpoint()).isEmpty();
    assertThat(ledger.uploadDone()).isFalse();
    assertThat(ledger.nextBatchSequence()).isEqualTo(1);
  }

  @Test
  void pageMerged_givesTheCursorAndPullTime_forTheMergeTransaction() {
    Map<String, String> updates = ledger.pageMerged(77, AT);

    assertThat(updates)
        .containsOnly(Map.entry("pull_cursor", "77"), Map.entry("last_pull", AT.toString()));
    assertThat(store.puts).as("written by the merge, not by the ledger").isEmpty();
  }

  @Test
  void idlePulls_areSavedAtMostOnceAMinute_butShownAtOnce() {
    ledger.pulled(AT);
    ledger.pulled(AT.plusSeconds(59));

    assertThat(store.puts).containsExactly("last_pull");
    assertThat(ledger.lastPull()).hasValue(AT.plusSeconds(59));
    assertThat(new SyncLedger(store).lastPull()).as("another process").hasValue(AT);

    ledger.pulled(AT.plusSeconds(60));
    assertThat(store.puts).containsExactly("last_pull", "last_pull");
  }

  @Test
  void pushes_areShownAtOnce_andSavedWhenTheRoundEnds() {
    ledger.pushAcknowledged(AT);
    assertThat(ledger.lastPush()).hasValue(AT);
    assertThat(store.values).doesNotContainKey("last_push");

    ledger.savePush();

    assertThat(store.values).containsEntry("last_push", AT.toString());
  }

  @Test
  void errors_areSaved_andClearedOnce_byAnEmptyValue() {
    FailureStreak streak = new FailureStreak(3, AT.minusSeconds(60), FailureCategory.UNAVAILABLE);
    ledger.failed("pull failed: HTTP 429", AT, streak);

    assertThat(store.values)
        .containsEntry("last_error", "pull failed: HTTP 429")
        .containsEntry("last_error_at", AT.toString())
        .containsEntry("failure_streak", "3 2027-01-15T09:59:00Z UNAVAILABLE");
    assertThat(ledger.streak()).hasValue(streak);
    assertThat(new SyncLedger(store).streak()).as("another process").hasValue(streak);
    ledger.clearError();
    ledger.clearError();

    assertThat(store.values).containsEntry("last_error", "").containsEntry("failure_streak", "");
    assertThat(store.puts.stream().filter("last_error"::equals)).hasSize(2);
    assertThat(store.puts.stream().filter("failure_streak"::equals)).hasSize(2);
    assertThat(ledger.lastError()).isEmpty();
    assertThat(ledger.streak()).isEmpty();
    assertThat(ledger.lastErrorAt()).as("when the last error was").hasValue(AT);
  }

  @Test
  void failed_whenTheStoreFails_isStillShownByThisProcess() {
    SyncLedger failing =
        new SyncLedger(
            new SyncStateStore() {
              @Override
              public Optional<String> get(String name) {
                return Optional.empty();
              }

              @Override
              public void put(String name, String value) {
                throw new IllegalStateException("disk I/O error");
              }
            });
    FailureStreak streak = FailureStreak.first(AT, FailureCategory.LOCAL_STORE);

    assertThatIllegalStateException()
        .isThrownBy(() -> failing.failed("push failed: disk I/O error", AT, streak));

    assertThat(failing.lastError()).hasValue("push failed: disk I/O error");
    assertThat(failing.streak()).hasValue(streak);
  }

  @Test
  void streak_unreadableInTheStore_countsAsNone() {
    store.values.put("failure_streak", "three 2027-01-15T09:59:00Z UNAVAILABLE");
    assertThat(ledger.streak()).isEmpty();
    store.values.put("failure_streak", "2 yesterday UNAVAILABLE");
    assertThat(new SyncLedger(store).streak()).isEmpty();
    store.values.put("failure_streak", "2 2027-01-15T09:59:00Z TIRED");
    assertThat(new SyncLedger(store).streak()).isEmpty();
    store.values.put("failure_streak", "2 2027-01-15T09:59:00Z");
    assertThat(new SyncLedger(store).streak()).isEmpty();
    store.values.put("failure_streak", "0 2027-01-15T09:59:00Z INTERNAL");
    assertThat(new SyncLedger(store).streak()).isEmpty();
  }

  @Test
  void anErrorLeftByAnotherProcess_isClearedByTheFirstSuccess() {
    store.values.put("last_error", "push failed: HTTP 503");
    assertThat(ledger.lastError()).hasValue("push failed: HTTP 503");

    ledger.clearError();

    assertThat(ledger.lastError()).isEmpty();
    assertThat(store.values).containsEntry("last_error", "");
  }

  @Test
  void uploadCheckpoint_roundTripsAKey_andACorruptOneFailsNamingIt() {
    ledger.checkpointUpload(RowKey.of("m00001", "n00001"));
    ledger.uploadFinished(AT);

    assertThat(store.values).containsEntry("initial_upload_after", "m00001\u001fn00001");
    assertThat(ledger.uploadCheckpoint()).hasValue(RowKey.of("m00001", "n00001"));
    assertThat(ledger.uploadDone()).isTrue();

    store.values.put("initial_upload_after", "no-separator");
    assertThatIllegalStateException()
        .isThrownBy(ledger::uploadCheckpoint)
        .withMessage("corrupt initial sync checkpoint: no-separator");
  }

  @Test
  void cloudSize_keepsTheLastKnownPositiveSize() {
    ledger.cloudSize(5_000);
    ledger.cloudSize(0);

    assertThat(ledger.cloudSizeBytes()).hasValue(5_000);
  }

  /** A sync state store in a map that records the names written. */
  private static final class MapState implements SyncStateStore {
    final Map<String, String> values = new HashMap<>();
    final List<String> puts = new ArrayList<>();

    @Override
    public Optional<String> get(String name) {
      return Optional.ofNullable(values.get(name));
    }

    @Override
    public void put(String name, String value) {
      puts.add(name);
      values.put(name, value);
    }
  }
}
