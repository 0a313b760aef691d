package io.hybridgraph.d1;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the headers of a Cloudflare reply that say how long to wait: {@code Retry-After} and the
 * account's API budget in {@code Ratelimit: "default";r=<remaining>;t=<seconds to reset>} and
 * {@code Ratelimit-Policy: "default";q=<quota>;w=<window seconds>} (the IETF RateLimit header
 * fields, a list of items with parameters).
 *
 * <p>Never fails: a header that is absent or malformed reads as empty. Of several policies in one
 * header, the one named {@code default} is read, else the first that has the parameters needed.
 */
final class ReplyHeaders {

  /** Longest integer read (15 digits, as structured fields allow); longer is malformed. */
  private static final int MAX_DIGITS = 15;

  private ReplyHeaders() {}

  /** The remaining requests and the seconds until the window resets, from {@code Ratelimit}. */
  record Remaining(long remaining, long resetSeconds) {}

  /** The quota and its window, from {@code Ratelimit-Policy}. */
  record Policy(long quota, long windowSeconds) {}

  static Optional<Remaining> remaining(Map<String, Collection<String>> headers) {
    return item(header(headers, "ratelimit"), "r", "t")
        .map(p -> new Remaining(p.get("r"), p.get("t")));
  }

  static Optional<Policy> policy(Map<String, Collection<String>> headers) {
    return item(header(headers, "ratelimit-policy"), "q", "w")
        .filter(p -> p.get("q") > 0 && p.get("w") > 0)
        .map(p -> new Policy(p.get("q"), p.get("w")));
  }

  /** {@code Retry-After} as seconds or an HTTP date; empty when absent or unreadable. */
  static Optional<Duration> retryAfter(Map<String, Collection<String>> headers, Clock clock) {
    String value = header(headers, "retry-after");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    try {
      double seconds = Double.parseDouble(text);
      if (!Double.isFinite(seconds)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(Math.max(0, Math.round(seconds * 1000))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** The first value of a header, its name in any letter case; null when absent. */
  static String header(Map<String, Collection<String>> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, Collection<String>> entry : headers.entrySet()) {
      if (entry.getKey() != null
          && entry.getKey().equalsIgnoreCase(name)
          && entry.getValue() != null) {
        return entry.getValue().stream().findFirst().orElse(null);
      }
    }
    return null;
  }

  /**
   * The parameters of the chosen list item that has every one of {@code needed} as a non-negative
   * integer: the item named {@code default}, else the first such item.
   */
  private static Optional<Map<String, Long>> item(String value, String... needed) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    List<String> items = splitOutsideQuotes(value, ',');
    if (items == null) {
      return Optional.empty();
    }
    Map<String, Long> first = null;
    for (String item : items) {
      List<String> parts = splitOutsideQuotes(item, ';');
      if (parts == null || parts.isEmpty()) {
        continue;
      }
      String name = unquote(parts.get(0).strip());
      Map<String, Long> params = new HashMap<>();
      for (String part : parts.subList(1, parts.size())) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          Long number = integer(part.substring(eq + 1).strip());
          if (number != null) {
            params.put(part.substring(0, eq).strip(), number);
          }
        }
      }
      boolean complete = true;
      for (String key : needed) {
        complete &= params.containsKey(key);
      }
      if (!complete) {
        continue;
      }
      if ("default".equals(name)) {
        return Optional.of(params);
      }
      if (first == null) {
        first = params;
      }
    }
    return Optional.ofNullable(first);
  }

  private static Long integer(String text) {
    if (text.isEmpty() || text.length() > MAX_DIGITS) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(text);
  }

  private static String unquote(String text) {
    return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
        ? text.substring(1, text.length() - 1)
        : text;
  }

  /** Splits at {@code separator} outside double quotes; null when a quote is left open. */
  private static List<String> splitOutsideQuotes(String text, char separator) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(current.toString());
    return out;
  }
}
