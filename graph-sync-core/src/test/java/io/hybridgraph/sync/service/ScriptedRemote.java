package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A remote graph that delegates to an {@link InMemoryRemoteGraph} but follows a script: queued
 * failures for the next pushes and pulls (thrown before the remote applies anything, or after it
 * applied the push, as a lost acknowledgement), rejection of every batch that holds a given row,
 * and persistent failure of pushes matching a rule until healed. Counts every call and records what
 * was applied. Not thread-safe; for single-threaded engine tests.
 */
final class ScriptedRemote extends ForwardingRemoteGraph {

  /** A scripted outcome of one push; no error means it goes through. */
  private record PushFault(RemoteGraphException error, boolean afterApplying) {}

  private final Deque<PushFault> pushFaults = new ArrayDeque<>();
  private final Deque<Optional<RemoteGraphException>> pullFaults = new ArrayDeque<>();
  private final Set<RowKey> rejected = new HashSet<>();
  private final List<PushBatch> applied = new ArrayList<>();
  private final List<PushResult> results = new ArrayList<>();
  private Predicate<PushBatch> failWhen = batch -> false;
  private Supplier<RemoteGraphException> persistentError;
  private Runnable onPush = () -> {};
  private int pushCalls;
  private int pullCalls;

  ScriptedRemote(InMemoryRemoteGraph target) {
    super(target);
  }

  /** The next push fails with {@code error} before the remote applies it. */
  ScriptedRemote failNextPush(RemoteGraphException error) {
    pushFaults.add(new PushFault(error, false));
    return this;
  }

  /** The next push is applied by the remote, then fails with {@code error}: a lost ack. */
  ScriptedRemote loseNextAck(RemoteGraphException error) {
    pushFaults.add(new PushFault(error, true));
    return this;
  }

  /** The next scripted push goes through (to script a failure after it). */
  ScriptedRemote passNextPush() {
    pushFaults.add(new PushFault(null, false));
    return this;
  }

  /** The next pull fails with {@code error}. */
  ScriptedRemote failNextPull(RemoteGraphException error) {
    pullFaults.add(Optional.of(error));
    return this;
  }

  /** The next scripted pull goes through (to script a failure after it). */
  ScriptedRemote passNextPull() {
    pullFaults.add(Optional.empty());
    return this;
  }

  /** Every batch that holds {@code key} is rejected as a whole, as D1 rejects a statement. */
  ScriptedRemote reject(RowKey key) {
    rejected.add(key);
    return this;
  }

  /** Every push matching {@code when} fails with a fresh {@code error} until {@link #heal()}. */
  ScriptedRemote failPushesWhile(Predicate<PushBatch> when, Supplier<RemoteGraphException> error) {
    this.failWhen = when;
    this.persistentError = error;
    return this;
  }

  /** Runs before every push call, e.g. to let fake time pass as if the request took a while. */
  ScriptedRemote onPush(Runnable action) {
    this.onPush = action;
    return this;
  }

  /** Drops every scripted failure and rejection. */
  void heal() {
    pushFaults.clear();
    pullFaults.clear();
    rejected.clear();
    failWhen = batch -> false;
  }

  @Override
  public PushResult push(PushBatch batch) {
    pushCalls++;
    onPush.run();
    PushFault fault = pushFaults.poll();
    if (fault != null && fault.error() != null && !fault.afterApplying()) {
      throw fault.error();
    }
    if (failWhen.test(batch)) {
      throw persistentError.get();
    }
    for (ReplicatedRow row : batch.rows()) {
      if (rejected.contains(row.key())) {
        throw new RemoteGraphException.Rejected(
            "D1_ERROR: string or blob too big: SQLITE_TOOBIG (row " + row.key() + ")", 7500, null);
      }
    }
    PushResult result = super.push(batch);
    applied.add(batch);
    results.add(result);
    if (fault != null && fault.error() != null) {
      throw fault.error();
    }
    return result;
  }

  @Override
  public ChangePage pull(long cursor, int limit) {
    pullCalls++;
    Optional<RemoteGraphException> fault = pullFaults.poll();
    if (fault != null && fault.isPresent()) {
      throw fault.get();
    }
    return super.pull(cursor, limit);
  }

  /** Push calls made, failed ones included. */
  int pushCalls() {
    return pushCalls;
  }

  int pullCalls() {
    return pullCalls;
  }

  /** Batches the remote applied, in order (including those whose acknowledgement was lost). */
  List<PushBatch> applied() {
    return List.copyOf(applied);
  }

  /** The remote's answers to the applied batches, in order. */
  List<PushResult> results() {
    return List.copyOf(results);
  }

  /** Rows the remote was sent in applied batches, counting re-sends. */
  int rowsApplied() {
    return applied.stream().mapToInt(batch -> batch.rows().size()).sum();
  }

  /** Forgets the record of applied batches (the remote's content is kept). */
  void clearRecord() {
    applied.clear();
    results.clear();
    pushCalls = 0;
    pullCalls = 0;
  }
}
