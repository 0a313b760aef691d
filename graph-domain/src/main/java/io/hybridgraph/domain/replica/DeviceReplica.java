package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.port.out.PairLedger;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.HybridClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * This device's replica of the graph, held durably by a {@link PairLedger}: the write rule and the
 * device clock. Local writes load a pair's state, apply {@link PairState}'s rule stamped by the
 * device clock, and hand the rows to the ledger to persist and queue in one transaction. Rows
 * merged from elsewhere fold their clocks into the device clock, so a later local write orders
 * after every row this device has seen. Rows found in the view, written by programs that know
 * nothing of replication, are adopted by the same rule ({@link #adopt}, {@link #importFound}).
 *
 * <p>The device clock resumes after the latest clock the ledger holds, so a restart with a wall
 * clock that went back never reuses a timestamp. Thread-safe as far as the ledger serialises its
 * transactions.
 */
public final class DeviceReplica {

  /** The device of versions derived from rows found in place (see {@link #importFound}). */
  public static final DeviceId LEGACY_DEVICE = new DeviceId("legacy");

  private final HybridClock clock;
  private final PairLedger ledger;

  /** A replica of {@code device} whose clock reads {@code wall} and resumes after the ledger's. */
  public DeviceReplica(Clock wall, DeviceId device, PairLedger ledger) {
    Objects.requireNonNull(device, "device");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    Hlc resume =
        ledger
            .latestClock()
            .map(last -> new Hlc(last.wallMillis(), last.counter(), device))
            .orElse(null);
    this.clock = new HybridClock(wall, device, resume);
  }

  /** This device's id, which breaks ties between equal clocks. */
  public DeviceId device() {
    return clock.device();
  }

  /** Stores an association so that it becomes visible; returns it. */
  public Association store(Association association) {
    Objects.requireNonNull(association, "association");
    return ledger.inTransaction(
        tx -> {
          PairState before = tx.load(association.pair());
          tx.persistLocal(PairChange.applying(before, before.store(association, clock.now())));
          return association;
        });
  }

  /** Deletes everything between two memories; false when nothing was visible. */
  public boolean delete(MemoryHash a, MemoryHash b) {
    PairKey pair = PairKey.of(a, b);
    return ledger.inTransaction(tx -> deletePair(tx, pair));
  }

  /** Deletes every pair that involves {@code memory}, in one transaction; returns how many. */
  public int deleteMemory(MemoryHash memory) {
    Objects.requireNonNull(memory, "memory");
    return ledger.inTransaction(
        tx -> {
          int deleted = 0;
          for (PairKey pair : tx.pairsOf(memory)) {
            if (deletePair(tx, pair)) {
              deleted++;
            }
          }
          return deleted;
        });
  }

  private boolean deletePair(PairLedger.Transaction tx, PairKey pair) {
    PairState before = tx.load(pair);
    List<ReplicatedRow> writes = before.delete(clock.now());
    if (writes.isEmpty()) {
      return false;
    }
    tx.persistLocal(PairChange.applying(before, writes));
    return true;
  }

  /**
   * Merges rows from elsewhere and sets {@code stateUpdates} in the same transaction; returns the
   * rows that changed local state. Merged rows are never queued to be sent back.
   */
  public List<ReplicatedRow> merge(
      Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
    if (rows.isEmpty() && stateUpdates.isEmpty()) {
      return List.of();
    }
    Map<PairKey, List<ReplicatedRow>> byPair = new LinkedHashMap<>();
    for (ReplicatedRow row : rows) {
      byPair.computeIfAbsent(row.key().pair(), k -> new ArrayList<>(2)).add(row);
    }
    return ledger.inTransaction(
        tx -> {
          List<ReplicatedRow> changed = new ArrayList<>();
          for (Map.Entry<PairKey, List<ReplicatedRow>> entry : byPair.entrySet()) {
            changed.addAll(mergePair(tx, entry.getKey(), entry.getValue()));
          }
          stateUpdates.forEach(tx::putState);
          return changed;
        });
  }

  private List<ReplicatedRow> mergePair(
      PairLedger.Transaction tx, PairKey pair, List<ReplicatedRow> incoming) {
    PairState before = tx.load(pair);
    PairState after = before;
    List<ReplicatedRow> accepted = new ArrayList<>(2);
    for (ReplicatedRow row : incoming) {
      clock.observe(row.version().clock());
      Optional<ReplicatedRow> current = after.row(row.key());
      if (current.isEmpty() || current.get().isSupersededBy(row)) {
        after = after.merge(row);
        accepted.add(row);
      }
    }
    if (!accepted.isEmpty()) {
      List<ReplicatedRow> persisted = new ArrayList<>(accepted.size());
      for (ReplicatedRow row : accepted) {
        persisted.add(after.row(row.key()).orElseThrow());
      }
      tx.persistMerged(new PairChange(before, after, persisted));
    }
    return accepted;
  }

  /**
   * What adopting a pair's view rows written by another program means for its replicated state: the
   * rows, stamped by the device clock, that make the pair show exactly those rows brought to the
   * pair invariant ({@link PairState#adopt}). The caller persists and queues them.
   *
   * @param forward the view row from low to high, if any
   * @param backward the view row from high to low, if any
   */
  public PairChange adopt(
      PairState before, Optional<Association> forward, Optional<Association> backward) {
    return PairChange.applying(before, before.adopt(forward, backward, clock.now()));
  }

  /**
   * What adopting view rows found in place when a file is first opened means (a database of the
   * Python memory service, say): like {@link #adopt}, but stamped from the rows themselves, their
   * latest {@code created_at} in milliseconds (rounded as the cloud's schema migration rounds it)
   * from device {@link #LEGACY_DEVICE}, so two devices importing the same rows agree on their
   * versions. Empty when the pair has no row.
   */
  public static Optional<PairChange> importFound(
      PairState before, Optional<Association> forward, Optional<Association> backward) {
    double createdAt = -1;
    for (Optional<Association> row : List.of(forward, backward)) {
      if (row.isPresent()) {
        createdAt = Math.max(createdAt, row.get().createdAt());
      }
    }
    if (createdAt < 0) {
      return Optional.empty();
    }
    long millis = Math.min(Math.max(Math.round(createdAt * 1000.0), 0), Hlc.MAX_WALL);
    Hlc stamp = new Hlc(millis, 0, LEGACY_DEVICE);
    return Optional.of(PairChange.applying(before, before.adopt(forward, backward, stamp)));
  }
}
