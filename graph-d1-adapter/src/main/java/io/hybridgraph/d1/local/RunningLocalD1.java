package io.hybridgraph.d1.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local D1 server started by {@link LocalD1Launcher}: its URL, the last lines it wrote to stderr
 * (for messages when it dies) and a way to stop it. {@link #close()} stops only this process and
 * may be called more than once; the token it was started with never appears in anything this object
 * returns.
 */
public final class RunningLocalD1 implements AutoCloseable {

  private static final String READY_PREFIX = "local-d1 listening on ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int TAIL_LINES = 40;

  private final Process process;
  private final URI url;
  private final String token;
  private final Deque<String> stderrTail;

  private RunningLocalD1(Process process, URI url, String token, Deque<String> stderrTail) {
    this.process = process;
    this.url = url;
    this.token = token;
    this.stderrTail = stderrTail;
  }

  /**
   * Starts the server and waits for its ready line; stops it again when that does not come.
   *
   * @param description what is started, for messages ({@code 'node server.mjs' in DIR})
   */
  static RunningLocalD1 start(ProcessBuilder builder, String description, String token) {
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the local D1 with '" + builder.command().get(0) + "': " + e.getMessage(),
          e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    Thread stderr = drain(process.getErrorStream(), stderrTail);
    CompletableFuture<String> ready = readyLine(process);
    try {
      String listening = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new RunningLocalD1(process, URI.create(listening), token, stderrTail);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
      throw new IllegalStateException("interrupted while starting the local D1", e);
    } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
      stop(process);
      try {
        // The process has ended: its last lines reach the tail once the reader drains the pipe.
        stderr.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      String tail = tail(stderrTail, token);
      throw new IllegalStateException(
          "the local D1 ("
              + description
              + ") did not print '"
              + READY_PREFIX
              + "URL' "
              + (e instanceof TimeoutException
                  ? "within " + START_TIMEOUT.toSeconds() + " s"
                  : e instanceof IllegalArgumentException
                      ? "but '" + String.valueOf(e.getMessage()).replace(token, "***") + "'"
                      : "before it exited with status " + process.exitValue())
              + (tail.isBlank() ? "" : "; its output:\n" + tail),
          e);
    }
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  /**
   * For a message about a failed request: empty while the server runs, otherwise its exit status
   * and last output, starting with {@code "; "}.
   */
  public String diagnostics() {
    if (process.isAlive()) {
      return "";
    }
    return "; the server exited with status "
        + process.exitValue()
        + ", last output:\n"
        + tail(stderrTail, token);
  }

  /**
   * Stops the server: closes its stdin, on which it shuts down by itself, then asks it to stop and
   * finally kills it if it does not. Waits up to about 20 s.
   */
  @Override
  public void close() {
    stop(process);
  }

  @Override
  public String toString() {
    return "RunningLocalD1[" + url + "]";
  }

  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: destroy() below stops it anyway.
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Deque<String> stderrTail, String token) {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail).replace(token, "***");
    }
  }

  private static CompletableFuture<String> readyLine(Process process) {
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread stdout =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (line.startsWith(READY_PREFIX)) {
                    ready.complete(line.substring(READY_PREFIX.length()).strip());
                  }
                }
                ready.completeExceptionally(new IOException("stdout closed before the ready line"));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            },
            "local-d1-stdout");
    stdout.setDaemon(true);
    stdout.start();
    return ready;
  }

  private static Thread drain(InputStream stream, Deque<String> tail) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                      tail.removeFirst();
                    }
                  }
                }
              } catch (IOException ignored) {
                // The process ended.
              }
            },
            "local-d1-stderr");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
