package io.hybridgraph.domain.model;

/** How strongly two memories are associated: a finite number within [0, 1]. */
public record Similarity(double value) {

  public Similarity {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("similarity must be a finite number, was " + value);
    }
    if (value < 0.0 || value > 1.0) {
      throw new IllegalArgumentException("similarity must be within [0, 1], was " + value);
    }
    // -0.0 passes the range check but SQLite reads it back as 0.0: keep one zero, so a row read
    // back equals the row written.
    if (value == 0.0) {
      value = 0.0;
    }
  }

  public static Similarity of(double value) {
    return new Similarity(value);
  }

  @Override
  public String toString() {
    return Double.toString(value);
  }
}
