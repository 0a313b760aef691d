package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.SyncStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sync state of this device, typed: what sync keeps durably in the {@link SyncStateStore} (the
 * pull cursor, the push batch sequence, the last push, pull and error, the streak of failed rounds,
 * the initial-sync checkpoint), and this process's latest values beside them.
 *
 * <p>Reads prefer this process's values and fall back to those the store kept, which another
 * process (the running server, when this is the {@code sync status} command) may have written. The
 * last pull is written behind: with the cursor when a pull brought rows, otherwise at most once a
 * minute, so that idle pulls do not write. The stored names and formats are those of every earlier
 * version, so existing databases keep their state. Thread-safe.
 */
final class SyncLedger {

  static final String PULL_CURSOR = "pull_cursor";
  static final String PUSH_BATCH_SEQUENCE = "push_batch_sequence";
  static final String LAST_PUSH = "last_push";
  static final String LAST_PULL = "last_pull";

  /** The last error's text, empty once a success cleared it. */
  static final String LAST_ERROR = "last_error";

  static final String LAST_ERROR_AT = "last_error_at";

  /** The current streak of failed rounds ({@link FailureStreak#encode()}), empty when none. */
  static final String FAILURE_STREAK = "failure_streak";

  /** The key of the last row of the last initial-sync page the cloud acknowledged. */
  static final String UPLOAD_AFTER = "initial_upload_after";

  /** When the initial upload finished; absent until it did. */
  static final String UPLOAD_DONE = "initial_upload_done";

  private static final Duration IDLE_PULL_SAVE_INTERVAL = Duration.ofMinutes(1);
  private static final char KEY_SEPARATOR = '\u001f';

  private final SyncStateStore store;
  private volatile Instant lastPush;
  private volatile Instant lastPull;
  private Instant lastPullSaved = Instant.EPOCH;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  // A previous process may have left an error in the store: the first success clears it.
  private boolean errorSaved = true;
  // Null until read from the store or set by this process.
  private Optional<FailureStreak> streak;
  private volatile long cloudSizeBytes = -1;

  SyncLedger(SyncStateStore store) {
    this.store = store;
  }

  // --- pull ------------------------------------------------------------------------------------

  /** The change-feed sequence this device has merged up to. */
  long cursor() {
    return store.get(PULL_CURSOR).map(Long::parseLong).orElse(0L);
  }

  /**
   * The state to write in the same transaction as a pulled page's rows ({@code
   * ReplicaStore.merge}): the cursor after the page and the time of the pull, so that the cursor
   * moves exactly when the rows it covers are merged.
   */
  synchronized Map<String, String> pageMerged(long cursor, Instant at) {
    lastPullSaved = at;
    return Map.of(PULL_CURSOR, Long.toString(cursor), LAST_PULL, at.toString());
  }

  /** A pull finished; saved when the last saved pull is a minute old. */
  synchronized void pulled(Instant at) {
    lastPull = at;
    if (!at.isBefore(lastPullSaved.plus(IDLE_PULL_SAVE_INTERVAL))) {
      store.put(LAST_PULL, at.toString());
      lastPullSaved = at;
    }
  }

  Optional<Instant> lastPull() {
    return Optional.ofNullable(lastPull).or(() -> saved(LAST_PULL).map(Instant::parse));
  }

  // --- push ------------------------------------------------------------------------------------

  /** The next push batch sequence of this device, never handed out twice. */
  synchronized long nextBatchSequence() {
    long next = store.get(PUSH_BATCH_SEQUENCE).map(Long::parseLong).orElse(0L) + 1;
    store.put(PUSH_BATCH_SEQUENCE, Long.toString(next));
    return next;
  }

  /** The cloud acknowledged a batch (kept in this process; see {@link #savePush()}). */
  void pushAcknowledged(Instant at) {
    lastPush = at;
  }

  /** Saves this process's last push, at the end of a round that pushed. */
  void savePush() {
    Instant at = lastPush;
    if (at != null) {
      store.put(LAST_PUSH, at.toString());
    }
  }

  Optional<Instant> lastPush() {
    return Optional.ofNullable(lastPush).or(() -> saved(LAST_PUSH).map(Instant::parse));
  }

  /** The cloud database's size after a push, when it said (not saved). */
  void cloudSize(long bytes) {
    if (bytes > 0) {
      cloudSizeBytes = bytes;
    }
  }

  OptionalLong cloudSizeBytes() {
    long bytes = cloudSizeBytes;
    return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
  }

  // --- errors ----------------------------------------------------------------------------------

  /**
   * A round failed: its error and the streak it extends. This process shows them at once, even when
   * saving them fails (the store itself may be what failed).
   */
  synchronized void failed(String error, Instant at, FailureStreak newStreak) {
    lastError = error;
    lastErrorAt = at;
    streak = Optional.of(newStreak);
    errorSaved = true;
    store.put(LAST_ERROR, error);
    store.put(LAST_ERROR_AT, at.toString());
    store.put(FAILURE_STREAK, newStreak.encode());
  }

  /**
   * Clears the last error and the failure streak, in the store too (once saved, later calls write
   * nothing).
   */
  synchronized void clearError() {
    if (errorSaved) {
      lastError = null;
      streak = Optional.empty();
      store.put(LAST_ERROR, "");
      store.put(FAILURE_STREAK, "");
      errorSaved = false;
    }
  }

  /**
   * The current streak of failed rounds: this process's, or else the one the store kept (read
   * once).
   */
  synchronized Optional<FailureStreak> streak() {
    if (streak == null) {
      streak = saved(FAILURE_STREAK).flatMap(FailureStreak::decode);
    }
    return streak;
  }

  /** This process's last error until a success cleared it, else the one the store kept. */
  Optional<String> lastError() {
    String error = lastError;
    return error != null ? Optional.of(error) : saved(LAST_ERROR);
  }

  Optional<Instant> lastErrorAt() {
    return Optional.ofNullable(lastErrorAt).or(() -> saved(LAST_ERROR_AT).map(Instant::parse));
  }

  // --- initial sync ----------------------------------------------------------------------------

  /** The last row of the last uploaded page, when an upload was interrupted. */
  Optional<RowKey> uploadCheckpoint() {
    return store.get(UPLOAD_AFTER).map(SyncLedger::decodeKey);
  }

  void checkpointUpload(RowKey last) {
    store.put(UPLOAD_AFTER, encodeKey(last));
  }

  void uploadFinished(Instant at) {
    store.put(UPLOAD_DONE, at.toString());
  }

  /** Whether this device's existing graph has been uploaded completely. */
  boolean uploadDone() {
    return store.get(UPLOAD_DONE).isPresent();
  }

  private Optional<String> saved(String name) {
    return store.get(name).filter(value -> !value.isEmpty());
  }

  static String encodeKey(RowKey key) {
    return key.source().value() + KEY_SEPARATOR + key.target().value();
  }

  static RowKey decodeKey(String text) {
    int split = text.indexOf(KEY_SEPARATOR);
    if (split < 0) {
      throw new IllegalStateException("corrupt initial sync checkpoint: " + text);
    }
    return RowKey.of(text.substring(0, split), text.substring(split + 1));
  }
}
