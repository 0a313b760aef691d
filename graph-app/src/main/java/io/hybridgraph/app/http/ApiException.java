package io.hybridgraph.app.http;

/** A request the API answers with a 4xx status and an error naming the field and the reason. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  ApiException(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, message);
  }

  static ApiException notFound(String field, String message) {
    return new ApiException(404, field, message);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }
}
