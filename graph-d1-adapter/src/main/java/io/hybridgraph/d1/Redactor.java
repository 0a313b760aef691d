package io.hybridgraph.d1;

/** Removes the API token from any text before it reaches a message, log or exception. */
final class Redactor {

  static final String MASK = "****";

  private final String secret;

  Redactor(ApiToken token) {
    this.secret = token.reveal();
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    return text.replace(secret, MASK);
  }
}
