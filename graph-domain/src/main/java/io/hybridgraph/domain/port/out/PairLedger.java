package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.version.Hlc;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The durable replicated state of this device's pairs, read and changed inside one transaction:
 * what {@link io.hybridgraph.domain.replica.DeviceReplica} decides, this persists, together with
 * the view and the outbox the change implies.
 */
public interface PairLedger {

  /** The greatest clock of any persisted row, where the device clock resumes after a restart. */
  Optional<Hlc> latestClock();

  /**
   * Runs {@code work} in one transaction: what it persists commits together, or nothing does when
   * it throws (the exception then reaches the caller).
   */
  <T> T inTransaction(Function<Transaction, T> work);

  /** One open transaction; valid only inside the work it was given to. */
  interface Transaction {

    /** The persisted state of a pair (empty when nothing of it was ever stored). */
    PairState load(PairKey pair);

    /** Every pair with a persisted row from or to {@code memory}, tombstones included. */
    Set<PairKey> pairsOf(MemoryHash memory);

    /**
     * Persists this device's own change of a pair: its rows, the view of the pair, and the rows
     * queued for sync, so nothing is stored without being queued.
     */
    void persistLocal(PairChange change);

    /** Persists a change merged from elsewhere: its rows and the view, never queued. */
    void persistMerged(PairChange change);

    /** Sets a sync state value, so that a pull cursor moves exactly with the rows it covers. */
    void putState(String name, String value);
  }
}
