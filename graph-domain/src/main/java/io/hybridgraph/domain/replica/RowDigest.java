package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.RowKey;

/**
 * Cheap digests for comparing two replicas' rows bucket by bucket (drift detection). Defined on
 * characters only, so that SQLite and D1 compute exactly the same values in SQL ({@link
 * #BUCKET_SQL}, {@link #CHECKSUM_SQL}) as this class does in Java, and only buckets whose digests
 * differ need their rows compared.
 *
 * <ul>
 *   <li>bucket: the last two characters of source and target, weighted, modulo {@value #BUCKETS};
 *       content hashes are hex, so rows spread evenly;
 *   <li>checksum: causal length and the first {@value #CLOCK_CHARS} characters of the clock,
 *       weighted by position, plus the tombstone flag. A version names one write, so equal versions
 *       mean equal rows; rows edited behind the merge rule's back get a different clock from the
 *       remote's guard trigger.
 * </ul>
 */
public final class RowDigest {

  public static final int BUCKETS = 1024;

  /** How many leading characters of the encoded clock the checksum covers. */
  public static final int CLOCK_CHARS = 24;

  /** SQL computing {@link #bucket} over columns {@code source_hash} and {@code target_hash}. */
  public static final String BUCKET_SQL =
      "((coalesce(unicode(substr(source_hash, -1, 1)), 0) * 131"
          + " + coalesce(unicode(substr(source_hash, -2, 1)), 0) * 31"
          + " + coalesce(unicode(substr(target_hash, -1, 1)), 0) * 17"
          + " + coalesce(unicode(substr(target_hash, -2, 1)), 0)) % "
          + BUCKETS
          + ")";

  /** SQL computing {@link #checksum} over columns {@code causal_length, hlc, deleted}. */
  public static final String CHECKSUM_SQL = checksumSql();

  private RowDigest() {}

  public static int bucket(RowKey key) {
    String s = key.source().value();
    String t = key.target().value();
    long sum = fromEnd(s, 1) * 131L + fromEnd(s, 2) * 31L + fromEnd(t, 1) * 17L + fromEnd(t, 2);
    return (int) (sum % BUCKETS);
  }

  public static long checksum(ReplicatedRow row) {
    long sum = row.version().causalLength() * 1_000_003L + (row.isTombstone() ? 7 : 0);
    int[] clock = row.version().clock().encode().codePoints().toArray();
    for (int k = 1; k <= CLOCK_CHARS && k <= clock.length; k++) {
      sum += (long) clock[k - 1] * k * k;
    }
    return sum;
  }

  private static long fromEnd(String text, int k) {
    int[] codePoints = text.codePoints().toArray();
    return codePoints.length >= k ? codePoints[codePoints.length - k] : 0;
  }

  private static String checksumSql() {
    StringBuilder sql = new StringBuilder("(causal_length * 1000003 + deleted * 7");
    for (int k = 1; k <= CLOCK_CHARS; k++) {
      sql.append(" + coalesce(unicode(substr(hlc, ").append(k).append(", 1)), 0) * ").append(k * k);
    }
    return sql.append(')').toString();
  }

  /** Rows and summed checksums of one bucket. */
  public record BucketDigest(long rows, long checksum) {}
}
