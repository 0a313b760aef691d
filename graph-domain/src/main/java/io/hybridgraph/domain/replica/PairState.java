package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything replicated about one pair of memories: its two directed rows, each a last-writer-wins
 * register, from which the visible associations are derived.
 *
 * <p>The pair's causal length is the largest causal length of its rows. The visible view is:
 *
 * <ul>
 *   <li>nothing while the causal length is even (the pair is deleted);
 *   <li>a row holding a directed association, when the row was written in the current generation;
 *   <li>a symmetric relationship only when BOTH rows hold it from the same write (equal versions
 *       and mirrored content): a half whose mirror was overwritten by a concurrent directed write
 *       is never visible.
 * </ul>
 *
 * <p>So whatever rows are merged, in whatever order, the view holds either one symmetric
 * relationship or at most one directed association per direction: the pair invariant cannot be
 * broken by merging. Storing a symmetric relationship writes both rows with one version; storing a
 * directed one writes its row and clears a symmetric mirror; deleting writes tombstones with the
 * next even causal length to both rows.
 *
 * <p>Immutable.
 */
public record PairState(
    PairKey pair, Optional<ReplicatedRow> forward, Optional<ReplicatedRow> backward) {

  public PairState {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(backward, "backward");
    forward.ifPresent(row -> requireKey(row, pair.forward()));
    backward.ifPresent(row -> requireKey(row, pair.backward()));
  }

  public static PairState empty(PairKey pair) {
    return new PairState(pair, Optional.empty(), Optional.empty());
  }

  /** Builds the state of a pair from whatever rows of it are known (zero, one or two). */
  public static PairState of(PairKey pair, List<ReplicatedRow> rows) {
    PairState state = empty(pair);
    for (ReplicatedRow row : rows) {
      state = state.merge(row);
    }
    return state;
  }

  private static void requireKey(ReplicatedRow row, RowKey expected) {
    if (!row.key().equals(expected)) {
      throw new IllegalArgumentException("expected row " + expected + " but got " + row.key());
    }
  }

  public Optional<ReplicatedRow> row(RowKey key) {
    if (key.equals(pair.forward())) {
      return forward;
    }
    if (key.equals(pair.backward())) {
      return backward;
    }
    throw new IllegalArgumentException("row " + key + " is not part of pair " + pair);
  }

  public List<ReplicatedRow> rows() {
    List<ReplicatedRow> rows = new ArrayList<>(2);
    forward.ifPresent(rows::add);
    backward.ifPresent(rows::add);
    return rows;
  }

  /** The number of lives this pair has had: odd while it exists, even once deleted, 0 if never. */
  public long causalLength() {
    long forwardLength = forward.map(r -> r.version().causalLength()).orElse(0L);
    long backwardLength = backward.map(r -> r.version().causalLength()).orElse(0L);
    return Math.max(forwardLength, backwardLength);
  }

  /** The associations this pair shows: each visible row, a symmetric relationship as two rows. */
  public List<Association> visibleRows() {
    List<Association> visible = new ArrayList<>(2);
    visibleAt(forward, backward).ifPresent(visible::add);
    visibleAt(backward, forward).ifPresent(visible::add);
    return visible;
  }

  /** The association visible at one row, if any. */
  public Optional<Association> visible(RowKey key) {
    return key.equals(pair.forward()) ? visibleAt(forward, backward) : visibleAt(backward, forward);
  }

  public boolean hasVisible() {
    return visibleAt(forward, backward).isPresent() || visibleAt(backward, forward).isPresent();
  }

  private Optional<Association> visibleAt(
      Optional<ReplicatedRow> row, Optional<ReplicatedRow> mirror) {
    long length = causalLength();
    if (length % 2 == 0 || row.isEmpty() || row.get().isTombstone()) {
      return Optional.empty();
    }
    ReplicatedRow r = row.get();
    if (r.version().causalLength() != length) {
      return Optional.empty();
    }
    Association association = r.value().orElseThrow();
    if (!association.isSymmetric()) {
      return Optional.of(association);
    }
    // The same write stored both halves: equal versions AND mirrored content. Rows with equal
    // versions but different content cannot come from correct replicas; showing both would break
    // the pair invariant, so such a pair shows neither half.
    boolean mirrored =
        mirror.isPresent()
            && mirror.get().version().equals(r.version())
            && mirror.get().value().equals(Optional.of(association.mirrored()));
    return mirrored ? Optional.of(association) : Optional.empty();
  }

  /**
   * The rows to write so that {@code association} becomes visible, stamped with {@code clock}.
   * Merge them to apply; they are also what a device sends to the others.
   */
  public List<ReplicatedRow> store(Association association, Hlc clock) {
    if (!association.pair().equals(pair)) {
      throw new IllegalArgumentException(
          "association " + association.key() + " does not belong to pair " + pair);
    }
    long length = causalLength();
    long generation = length % 2 == 1 ? length : length + 1;
    Version version = new Version(generation, clock);
    List<ReplicatedRow> writes = new ArrayList<>(2);
    writes.add(ReplicatedRow.present(association, version));
    RowKey mirrorKey = association.key().mirror();
    if (association.isSymmetric()) {
      writes.add(ReplicatedRow.present(association.mirrored(), version));
    } else {
      Optional<ReplicatedRow> mirror = row(mirrorKey);
      boolean symmetricMirrorInGeneration =
          mirror.isPresent()
              && mirror.get().holdsSymmetric()
              && mirror.get().version().causalLength() == generation;
      if (symmetricMirrorInGeneration) {
        writes.add(ReplicatedRow.tombstone(mirrorKey, version));
      }
    }
    return writes;
  }

  /**
   * The rows to write to delete everything between the pair: tombstones for both rows with the next
   * even causal length. Empty when nothing is visible.
   */
  public List<ReplicatedRow> delete(Hlc clock) {
    if (!hasVisible()) {
      return List.of();
    }
    Version version = new Version(causalLength() + 1, clock);
    return List.of(
        ReplicatedRow.tombstone(pair.forward(), version),
        ReplicatedRow.tombstone(pair.backward(), version));
  }

  /**
   * The rows to write to remove one directed row only, keeping the pair's generation (used when a
   * row disappears from {@code memory_graph} without the pair being deleted as a whole). Empty when
   * the row shows nothing.
   */
  public List<ReplicatedRow> retract(RowKey key, Hlc clock) {
    if (visible(key).isEmpty()) {
      return List.of();
    }
    return List.of(ReplicatedRow.tombstone(key, new Version(causalLength(), clock)));
  }

  /**
   * The rows to write so that this pair shows what a plain {@code memory_graph} table holds for it,
   * for rows written there by something that knows nothing of replication (the Python memory
   * service, or a database opened for the first time). The table rows are first brought to the pair
   * invariant: a symmetric row beside a directed one is a stale mirror and gives way to the
   * directed row; a symmetric row without its mirror stands for the whole relationship; two
   * different symmetric halves resolve to the later-created one. Empty when the pair already shows
   * exactly that.
   *
   * @param forwardRow the table row from low to high, if any
   * @param backwardRow the table row from high to low, if any
   */
  public List<ReplicatedRow> adopt(
      Optional<Association> forwardRow, Optional<Association> backwardRow, Hlc clock) {
    forwardRow.ifPresent(a -> requireRowKey(a, pair.forward()));
    backwardRow.ifPresent(a -> requireRowKey(a, pair.backward()));
    List<Association> wanted = normalize(forwardRow, backwardRow);
    if (wanted.equals(visibleRows())) {
      return List.of();
    }
    if (wanted.isEmpty()) {
      return delete(clock);
    }
    List<ReplicatedRow> writes = new ArrayList<>();
    PairState state = this;
    if (wanted.get(0).isSymmetric()) {
      writes.addAll(state.store(wanted.get(0), clock));
      return writes;
    }
    for (Association row : wanted) {
      if (!state.visible(row.key()).equals(Optional.of(row))) {
        List<ReplicatedRow> stored = state.store(row, clock);
        writes.addAll(stored);
        for (ReplicatedRow write : stored) {
          state = state.merge(write);
        }
      }
    }
    for (RowKey key : List.of(pair.forward(), pair.backward())) {
      boolean keep = wanted.stream().anyMatch(row -> row.key().equals(key));
      if (!keep) {
        List<ReplicatedRow> retracted = state.retract(key, clock);
        writes.addAll(retracted);
        for (ReplicatedRow write : retracted) {
          state = state.merge(write);
        }
      }
    }
    return writes;
  }

  /** What the pair should show for the given table rows, in forward-then-backward order. */
  static List<Association> normalize(
      Optional<Association> forwardRow, Optional<Association> backwardRow) {
    Association f = forwardRow.orElse(null);
    Association b = backwardRow.orElse(null);
    boolean fSym = f != null && f.isSymmetric();
    boolean bSym = b != null && b.isSymmetric();
    if (fSym && bSym) {
      Association chosen = f.createdAt() >= b.createdAt() ? f : b.mirrored();
      return List.of(chosen, chosen.mirrored());
    }
    if (fSym && b == null) {
      return List.of(f, f.mirrored());
    }
    if (bSym && f == null) {
      return List.of(b.mirrored(), b);
    }
    List<Association> directed = new ArrayList<>(2);
    if (f != null && !fSym) {
      directed.add(f);
    }
    if (b != null && !bSym) {
      directed.add(b);
    }
    return directed;
  }

  private static void requireRowKey(Association row, RowKey expected) {
    if (!row.key().equals(expected)) {
      throw new IllegalArgumentException("expected row " + expected + " but got " + row.key());
    }
  }

  /** This state with {@code incoming} merged into the row it belongs to. */
  public PairState merge(ReplicatedRow incoming) {
    if (incoming.key().equals(pair.forward())) {
      return new PairState(pair, Optional.of(mergeInto(forward, incoming)), backward);
    }
    if (incoming.key().equals(pair.backward())) {
      return new PairState(pair, forward, Optional.of(mergeInto(backward, incoming)));
    }
    throw new IllegalArgumentException("row " + incoming.key() + " is not part of pair " + pair);
  }

  private static ReplicatedRow mergeInto(Optional<ReplicatedRow> current, ReplicatedRow incoming) {
    return current.map(row -> ReplicatedRow.merge(row, incoming)).orElse(incoming);
  }
}
