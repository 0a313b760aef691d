package io.hybridgraph.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Fresh memory content hashes (SHA-256 hex, like the memory service's). */
final class Hashes {
  private Hashes() {}

  static String fresh() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
