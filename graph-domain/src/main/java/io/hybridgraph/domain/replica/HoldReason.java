package io.hybridgraph.domain.replica;

import java.util.Locale;

/**
 * Why this device's view ({@code memory_graph}) holds back a row that is live in the replicated
 * state. A hold is local to the device and never replicated: on every other device, and in the
 * cloud, the row stays live.
 */
public enum HoldReason {
  /**
   * One of the row's memories has no row at all in this device's {@code memories} table yet (its
   * memory sync has not brought it): the Python service's orphan pruning would delete the row.
   * Lapses when the memory arrives.
   */
  MEMORY_MISSING,
  /**
   * The row is the second half of two opposite rows of one directed type ({@code b causes a} beside
   * {@code a causes b}, the row whose source sorts after its target): the Python service's startup
   * migration deletes it at every start. Lapses when the other half is gone or changes type.
   */
  REVERSE_HALF,
  /**
   * A row this project does not model (an entity link, an unknown type) occupies the row's place in
   * {@code memory_graph}; it is never overwritten. Lapses when that row goes.
   */
  SLOT_TAKEN,
  /**
   * Another program deleted the row together with so many others at once that the mass-deletion
   * guard held the deletion back instead of replicating it. Lapses only when a person releases the
   * deletion (it is then replicated) or discards it (the row returns to the view).
   */
  MASS_DELETION;

  /** The lower-case name stored in the database ({@code memory_missing}, ...). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The reason stored as {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is no reason's wire name
   */
  public static HoldReason parse(String name) {
    for (HoldReason reason : values()) {
      if (reason.wireName().equals(name)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown hold reason '" + name + "'");
  }

  @Override
  public String toString() {
    return wireName();
  }
}
