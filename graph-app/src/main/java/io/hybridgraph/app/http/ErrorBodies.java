package io.hybridgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.view.Views;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's error body, {@code {"error": {"field", "message"}}}, for the places that answer before
 * Javalin does (the request gate, Jetty's own errors).
 */
final class ErrorBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A refused request: its status, the field at fault and what was wrong. */
  record Refusal(int status, String field, String message) {}

  private ErrorBodies() {}

  static byte[] json(String field, String message) {
    try {
      return JSON.writeValueAsBytes(Views.error(field, message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an error body", e);
    }
  }

  static void write(HttpServletResponse response, Refusal refusal) throws IOException {
    byte[] body = json(refusal.field(), refusal.message());
    response.setStatus(refusal.status());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * Text from a request made safe to echo in a message: at most 80 characters, control and format
   * characters and lone surrogates shown as {@code \\uXXXX}.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 80; i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > 80 ? out + "..." : out.toString();
  }
}
