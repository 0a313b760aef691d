package io.hybridgraph.d1.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Starts a local D1 ({@code local-d1/server.mjs}: Cloudflare's workerd through Miniflare, on
 * Node.js) as a child process on a free loopback port; the {@code demo} command and the tests'
 * shared server both start it through here. Before starting it checks that Node.js 20 or later runs
 * and installs the pinned npm packages with {@code npm ci} when they are missing or of another
 * version; another JVM installing at the same time waits its turn.
 *
 * <p>Configure, then {@link #start}: like {@link ProcessBuilder} this is a mutable builder, not
 * thread-safe, and each {@code start} starts a new server. Every failure is an {@link
 * IllegalStateException} (or an {@link UncheckedIOException} for an unreadable file) that says what
 * is missing and how to fix it.
 */
public final class LocalD1Launcher {

  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LIMIT = Pattern.compile("[0-9]{1,12}/[0-9]{1,12}(/[0-9]{1,12})?");

  private final Path dir;
  private String node = "node";
  private String nodeSetting = "LOCAL_D1_NODE";
  private String npm = "npm";
  private boolean faultEndpoints;
  private String rateLimit;
  private String dailyLimit;
  private Consumer<String> progress = message -> {};

  private LocalD1Launcher(Path dir) {
    this.dir = dir;
  }

  /** Whether {@code dir} is a local D1 directory, that is, holds {@code server.mjs}. */
  public static boolean isLocalD1(Path dir) {
    return Files.isRegularFile(dir.resolve("server.mjs"));
  }

  /** {@code local-d1/} in {@code start} or its nearest ancestor that has one, normalized. */
  public static Optional<Path> findAbove(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("local-d1");
      if (isLocalD1(candidate)) {
        return Optional.of(candidate.normalize());
      }
    }
    return Optional.empty();
  }

  /**
   * A launcher for the local D1 in {@code dir}; callers check {@link #isLocalD1} first to say, in
   * their own terms, how to choose another directory.
   *
   * @throws IllegalArgumentException when {@code dir} has no {@code server.mjs}
   */
  public static LocalD1Launcher in(Path dir) {
    Path local = dir.toAbsolutePath().normalize();
    if (!isLocalD1(local)) {
      throw new IllegalArgumentException(local + " is not the local D1: it has no server.mjs");
    }
    return new LocalD1Launcher(local);
  }

  /**
   * The Node.js executable ({@code node} on the PATH unless set).
   *
   * @param setting how the user chooses the executable, named in the message when it fails ({@code
   *     LOCAL_D1_NODE}, say)
   */
  public LocalD1Launcher node(String executable, String setting) {
    this.node = Objects.requireNonNull(executable, "executable");
    this.nodeSetting = Objects.requireNonNull(setting, "setting");
    return this;
  }

  /** The npm executable for the install ({@code npm} on the PATH unless set). */
  public LocalD1Launcher npm(String executable) {
    this.npm = Objects.requireNonNull(executable, "executable");
    return this;
  }

  /** Turns on the test-only endpoints {@code /__faults}, {@code /__reset} and {@code /__stats}. */
  public LocalD1Launcher withFaultEndpoints() {
    this.faultEndpoints = true;
    return this;
  }

  /**
   * Emulates the Cloudflare account's API rate limit over every database of the server ({@code
   * --rate-limit}): {@code QUOTA/WINDOW_SECONDS[/BLOCK_SECONDS]} (a compressed window lets a test
   * see a 5-minute budget run out in seconds), {@code cloudflare} for 1,200 per 5 minutes, or
   * {@code off} (the default). Every reply then carries the {@code Ratelimit} headers.
   */
  public LocalD1Launcher rateLimit(String limit) {
    this.rateLimit = requireLimit("rateLimit", limit, "cloudflare");
    return this;
  }

  /**
   * Emulates the Free plan's daily row quotas ({@code --daily-limit}): {@code
   * ROWS_READ/ROWS_WRITTEN[/DAY_SECONDS]}, {@code free} for 5,000,000 / 100,000 a day, or {@code
   * off} (the default).
   */
  public LocalD1Launcher dailyLimit(String limit) {
    this.dailyLimit = requireLimit("dailyLimit", limit, "free");
    return this;
  }

  private static String requireLimit(String setting, String limit, String named) {
    Objects.requireNonNull(limit, setting);
    if (!limit.equals("off") && !limit.equals(named) && !LIMIT.matcher(limit).matches()) {
      throw new IllegalArgumentException(
          setting
              + " must be N/N[/N], '"
              + named
              + "' or 'off' (see local-d1/README.md), was '"
              + limit
              + "'");
    }
    return limit;
  }

  /** Told once before the npm install, which can take a minute. */
  public LocalD1Launcher onInstall(Consumer<String> progress) {
    this.progress = Objects.requireNonNull(progress, "progress");
    return this;
  }

  /**
   * Checks Node.js, installs the packages if needed, starts {@code server.mjs} on a free port of
   * 127.0.0.1 and waits up to 60 s for it to say it is ready. The server exits when its stdin
   * closes, so it also stops when this JVM dies, however it dies.
   *
   * @param account the Cloudflare account id the server accepts
   * @param databases the D1 database ids it serves, at least one
   * @param token the bearer token it requires, not blank; passed through the environment, which
   *     unlike the command line other users of the machine cannot read, and masked in every message
   */
  public RunningLocalD1 start(String account, List<String> databases, String token) {
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("databases must name at least one database id");
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    checkNode();
    ensureInstalled();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            node, dir.resolve("server.mjs").toString(), "--port", "0", "--exit-on-stdin-close"));
    if (faultEndpoints) {
      command.add("--faults");
    }
    if (rateLimit != null) {
      command.addAll(List.of("--rate-limit", rateLimit));
    }
    if (dailyLimit != null) {
      command.addAll(List.of("--daily-limit", dailyLimit));
    }
    command.addAll(List.of("--account", account, "--databases", String.join(",", databases)));
    // workerd resolves the worker script relative to the working directory and refuses paths
    // that climb out of it with "..", so the server runs from local-d1/ itself.
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("NO_COLOR", "1");
    builder.environment().put("LOCAL_D1_TOKEN", token);
    return RunningLocalD1.start(builder, "'" + node + " server.mjs' in " + dir, token);
  }

  private void checkNode() {
    String version;
    try {
      version = run(List.of(node, "--version"), null, VERSION_TIMEOUT).strip();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "the local D1 needs Node.js 20 or later, but '"
              + node
              + " --version' failed ("
              + e.getMessage()
              + "); install Node.js 20+ or point "
              + nodeSetting
              + " at it",
          e);
    }
    int major;
    try {
      major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("cannot read the Node.js version from '" + version + "'", e);
    }
    if (major < 20) {
      throw new IllegalStateException(
          "the local D1 needs Node.js 20 or later, found " + version + " at '" + node + "'");
    }
  }

  /** Runs {@code npm ci} in local-d1/ unless the pinned Miniflare is installed already. */
  private void ensureInstalled() {
    String pinned;
    try {
      pinned =
          JSON.readTree(dir.resolve("package.json").toFile())
              .path("dependencies")
              .path("miniflare")
              .asText("");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("package.json"), e);
    }
    if (installedVersion().equals(pinned)) {
      return;
    }
    Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "hybridgraph-local-d1-npm.lock");
    // Another JVM (a parallel module build, a demo) may be installing the same packages: take
    // turns.
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        if (!installedVersion().equals(pinned)) {
          progress.accept("installing the local D1's packages (npm ci in " + dir + ") ...");
          run(List.of(npm, "ci", "--no-audit", "--no-fund"), dir, INSTALL_TIMEOUT);
        }
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile + " to install the local D1", e);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "installing the local D1's npm packages (npm ci in "
              + dir
              + ") failed: "
              + e.getMessage()
              + "; run 'npm ci' in "
              + dir
              + " yourself",
          e);
    }
    String installed = installedVersion();
    if (!installed.equals(pinned)) {
      throw new IllegalStateException(
          "npm ci in " + dir + " left miniflare '" + installed + "' instead of " + pinned);
    }
  }

  private String installedVersion() {
    Path manifest = dir.resolve("node_modules").resolve("miniflare").resolve("package.json");
    if (!Files.isRegularFile(manifest)) {
      return "";
    }
    try {
      return JSON.readTree(manifest.toFile()).path("version").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** Runs a short command and returns its output; throws with the output when it fails. */
  private static String run(List<String> command, Path workingDir, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workingDir != null) {
      builder.directory(workingDir.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
      }
      String text = output.get(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ": "
                + text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    }
  }

  @Override
  public String toString() {
    return "LocalD1Launcher[" + dir + ", node " + node + "]";
  }
}
