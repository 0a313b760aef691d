package io.hybridgraph.d1;

import java.util.HashSet;
import java.util.Set;

/**
 * Removes the API token from any text before it reaches a message, log, exception or the sync state
 * on disk: not only the exact token but any run of {@value #MIN_RUN} or more of its characters, in
 * any letter case, so a hostile or buggy endpoint that echoes part of the token, or a case-changed
 * copy, cannot leak it either. Each masked run becomes {@value #MASK}.
 */
final class Redactor {

  static final String MASK = "****";

  /** The shortest run of the secret's characters that is masked. */
  static final int MIN_RUN = 6;

  private final Set<String> windows = new HashSet<>();
  private final int run;

  Redactor(ApiToken token) {
    String secret = lowerEachChar(token.reveal());
    // A token shorter than a run is masked whole.
    this.run = Math.min(MIN_RUN, secret.length());
    for (int i = 0; i + run <= secret.length(); i++) {
      windows.add(secret.substring(i, i + run));
    }
  }

  String redact(String text) {
    if (text == null || text.length() < run) {
      return text;
    }
    // Char by char, so positions in the lower-cased text are positions in the text.
    String lower = lowerEachChar(text);
    boolean[] masked = new boolean[text.length()];
    boolean any = false;
    for (int i = 0; i + run <= lower.length(); i++) {
      if (windows.contains(lower.substring(i, i + run))) {
        for (int j = i; j < i + run; j++) {
          masked[j] = true;
        }
        any = true;
      }
    }
    if (!any) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!masked[i]) {
        out.append(text.charAt(i));
      } else if (i == 0 || !masked[i - 1]) {
        out.append(MASK);
      }
    }
    return out.toString();
  }

  private static String lowerEachChar(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(chars[i]);
    }
    return new String(chars);
  }
}
