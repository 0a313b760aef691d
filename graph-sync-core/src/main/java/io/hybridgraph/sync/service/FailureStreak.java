package io.hybridgraph.sync.service;

import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Sync rounds that failed in a row: how many, since when, and the category of the latest. Kept in
 * the ledger as one value, {@code "<count> <since> <category>"}.
 */
record FailureStreak(int count, Instant since, FailureCategory category) {

  FailureStreak {
    if (count < 1) {
      throw new IllegalArgumentException("a failure streak counts at least 1, was " + count);
    }
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(category, "category");
  }

  /** The first failure of a streak. */
  static FailureStreak first(Instant at, FailureCategory category) {
    return new FailureStreak(1, at, category);
  }

  /** This streak, one failure longer. */
  FailureStreak next(FailureCategory latest) {
    return new FailureStreak(count + 1, since, latest);
  }

  /** The status state this streak puts sync in: held while access is refused, else failing. */
  String state() {
    return category == FailureCategory.ACCESS_DENIED ? SyncStatus.HELD : SyncStatus.FAILING;
  }

  String encode() {
    return count + " " + since + " " + category.name();
  }

  /** The streak a value holds; empty when it holds none or cannot be read. */
  static Optional<FailureStreak> decode(String text) {
    String[] parts = text.strip().split(" ");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new FailureStreak(
              Integer.parseInt(parts[0]),
              Instant.parse(parts[1]),
              FailureCategory.valueOf(parts[2])));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
