package io.hybridgraph.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a benchmark ran on, as lines for its report: CPU, cores, memory, JVM, OS, SQLite and the
 * file system holding the database. Reads Linux's {@code /proc} where it can and says "unknown"
 * elsewhere.
 */
final class MachineInfo {

  private MachineInfo() {}

  static List<String> describe(Path databaseDirectory) {
    Runtime runtime = Runtime.getRuntime();
    List<String> lines = new ArrayList<>();
    lines.add("CPU:         " + cpuModel());
    lines.add(
        "cores:       "
            + runtime.availableProcessors()
            + " available to the JVM ("
            + countLines("/proc/cpuinfo", "processor")
            + " in /proc/cpuinfo)");
    lines.add("RAM:         " + memTotal());
    lines.add(
        "JVM:         "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + "), max heap "
            + runtime.maxMemory() / (1024 * 1024)
            + " MiB, GC "
            + ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", ")));
    lines.add(
        "OS:          "
            + osRelease()
            + ", "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    lines.add("SQLite:      " + sqliteVersion());
    lines.add("database in: " + databaseDirectory + " (" + fileStore(databaseDirectory) + ")");
    lines.add("load:        " + loadAverage());
    return lines;
  }

  /**
   * The 1, 5 and 15 minute load averages: other work on the machine skews latencies, so every
   * report states how busy it was.
   */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min load average)";
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    return firstValue("/proc/cpuinfo", "model name").orElse("unknown");
  }

  private static String memTotal() {
    return firstValue("/proc/meminfo", "MemTotal")
        .map(
            text -> {
              try {
                long kib = Long.parseLong(text.replace("kB", "").strip());
                return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
              } catch (NumberFormatException e) {
                return text;
              }
            })
        .orElse("unknown");
  }

  private static String osRelease() {
    return firstValue("/etc/os-release", "PRETTY_NAME")
        .map(name -> name.replace("\"", ""))
        .orElse("unknown distribution");
  }

  private static String sqliteVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
      return rs.next() ? rs.getString(1) + " (sqlite-jdbc)" : "unknown";
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String fileStore(Path directory) {
    try {
      FileStore store = Files.getFileStore(directory);
      return store.type() + " on " + store.name();
    } catch (IOException e) {
      return "file system unknown";
    }
  }

  /** The value of the first {@code key: value} (or {@code key=value}) line starting with key. */
  private static Optional<String> firstValue(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          int colon = line.indexOf(':');
          int equals = line.indexOf('=');
          int split = colon >= 0 ? colon : equals;
          if (split >= 0) {
            return Optional.of(line.substring(split + 1).strip());
          }
        }
      }
    } catch (IOException e) {
      // not Linux, or not readable: reported as unknown
    }
    return Optional.empty();
  }

  private static long countLines(String file, String prefix) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).count();
    } catch (IOException e) {
      return 0;
    }
  }
}
