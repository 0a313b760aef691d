package io.hybridgraph.d1;

import java.util.regex.Pattern;

/**
 * One replicated row in the shape of the remote {@code memory_graph} table.
 *
 * <p>{@code source}, {@code target}, {@code similarity}, {@code connectionTypes}, {@code metadata}
 * and {@code createdAt} travel as bound parameters. {@code relationshipType}, {@code causalLength},
 * {@code hlc} and {@code deleted} are written into the SQL text as literals, which is safe because
 * their alphabet is checked here (an enum's wire name, integers, and the clock encoding whose
 * device part is {@code [A-Za-z0-9_-]}); it leaves more of D1's 100 parameters per statement for
 * rows.
 *
 * @param relationshipType wire name, or null for a tombstone
 * @param metadata canonical JSON object, or null for a tombstone
 */
record EncodedRow(
    String source,
    String target,
    double similarity,
    String connectionTypes,
    String metadata,
    double createdAt,
    String relationshipType,
    long causalLength,
    String hlc,
    boolean deleted) {

  /** Bound parameters per row. */
  static final int PARAMS = 6;

  private static final Pattern SAFE_TYPE = Pattern.compile("[a-z_]{1,32}");
  private static final Pattern SAFE_HLC =
      Pattern.compile("[0-9a-f]{12}\\.[0-9a-f]{4}\\.[A-Za-z0-9_-]{1,64}");

  EncodedRow {
    if (relationshipType != null && !SAFE_TYPE.matcher(relationshipType).matches()) {
      throw new IllegalArgumentException(
          "relationship type '" + relationshipType + "' cannot be written as an SQL literal");
    }
    if (hlc == null || !SAFE_HLC.matcher(hlc).matches()) {
      throw new IllegalArgumentException("clock '" + hlc + "' cannot be written as an SQL literal");
    }
    if (causalLength < 1 || causalLength > D1Limits.MAX_EXACT_INTEGER) {
      throw new IllegalArgumentException(
          "causal length must be within [1, 2^53], was " + causalLength);
    }
  }

  Object[] params() {
    return new Object[] {source, target, similarity, connectionTypes, metadata, createdAt};
  }

  /** An upper bound of the bytes the bound parameters take in the JSON request body. */
  int paramsJsonBytes() {
    return JsonSize.string(source)
        + JsonSize.string(target)
        + JsonSize.number(similarity)
        + JsonSize.string(connectionTypes)
        + (metadata == null ? 4 : JsonSize.string(metadata))
        + JsonSize.number(createdAt)
        + (PARAMS - 1);
  }
}
