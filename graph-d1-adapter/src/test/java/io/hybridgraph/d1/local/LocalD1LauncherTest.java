package io.hybridgraph.d1.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's checks and process handling, with a shell script standing in for Node.js so that
 * each failure can be staged; the real server is started by every test that uses {@code
 * LocalD1Extension}.
 */
class LocalD1LauncherTest {

  private static final String TOKEN = "secret-token-123";

  @TempDir Path root;
  private Path local;

  @BeforeEach
  void aLocalD1WithItsPackagesInstalled() throws IOException {
    local = Files.createDirectories(root.resolve("checkout").resolve("local-d1"));
    Files.writeString(local.resolve("server.mjs"), "// stand-in\n");
    Files.writeString(
        local.resolve("package.json"), "{\"dependencies\": {\"miniflare\": \"4.0.0\"}}");
    Path miniflare = Files.createDirectories(local.resolve("node_modules").resolve("miniflare"));
    Files.writeString(miniflare.resolve("package.json"), "{\"version\": \"4.0.0\"}");
  }

  /** A stand-in for {@code node}: answers {@code --version}, otherwise runs {@code server}. */
  private String fakeNode(String version, String server) throws IOException {
    Path script = root.resolve("node");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "if [ \"$1\" = \"--version\" ]; then echo "
            + version
            + "; exit 0; fi\n"
            + server
            + "\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return script.toString();
  }

  @Test
  void findAbove_findsLocalD1InAnAncestor() throws IOException {
    Path deep = Files.createDirectories(root.resolve("checkout").resolve("a").resolve("b"));

    assertThat(LocalD1Launcher.findAbove(deep)).contains(local);
    assertThat(LocalD1Launcher.findAbove(root)).isEmpty();
  }

  @Test
  void in_aDirectoryWithoutServerMjs_isRejected() {
    assertThatThrownBy(() -> LocalD1Launcher.in(root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no server.mjs");
  }

  @Test
  void start_withoutNode_namesTheSettingToFixIt() {
    assertThatThrownBy(
            () ->
                LocalD1Launcher.in(local)
                    .node(root.resolve("no-such-node").toString(), "LOCAL_D1_NODE")
                    .start("acct", List.of("db"), TOKEN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Node.js 20 or later")
        .hasMessageContaining("point LOCAL_D1_NODE at it");
  }

  @Test
  void start_withAnOldNode_saysWhichVersionItFound() throws IOException {
    String node = fakeNode("v18.19.0", "exit 1");

    assertThatThrownBy(
            () ->
                LocalD1Launcher.in(local)
                    .node(node, "LOCAL_D1_NODE")
                    .start("acct", List.of("db"), TOKEN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("found v18.19.0");
  }

  @Test
  void start_serverExitsBeforeReady_showsItsOutputWithoutTheToken() throws IOException {
    String node = fakeNode("v20.11.0", "echo \"bad start, token $LOCAL_D1_TOKEN\" >&2; exit 3");

    IllegalStateException e =
        catchThrowableOfType(
            () ->
                LocalD1Launcher.in(local)
                    .node(node, "LOCAL_D1_NODE")
                    .start("acct", List.of("db"), TOKEN),
            IllegalStateException.class);

    assertThat(e)
        .hasMessageContaining(
            "did not print 'local-d1 listening on URL' before it exited with status 3")
        .hasMessageContaining("bad start, token ***")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void start_passesTheTokenInTheEnvironment_andStopsWhenClosed() throws IOException {
    Path seen = root.resolve("seen.txt");
    String node =
        fakeNode(
            "v20.11.0",
            "echo \"$LOCAL_D1_TOKEN|$*\" > '"
                + seen
                + "'\n"
                + "echo 'local-d1 listening on http://127.0.0.1:4321'\n"
                + "cat > /dev/null");
    List<String> progress = new ArrayList<>();

    RunningLocalD1 server =
        LocalD1Launcher.in(local)
            .node(node, "LOCAL_D1_NODE")
            .withFaultEndpoints()
            .onInstall(progress::add)
            .start("acct", List.of("db-1", "db-2"), TOKEN);
    server.close();
    server.close();

    assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:4321"));
    assertThat(server.diagnostics()).startsWith("; the server exited with status 0");
    String[] tokenAndArguments = Files.readString(seen).strip().split("\\|", 2);
    assertThat(tokenAndArguments[0]).isEqualTo(TOKEN);
    assertThat(tokenAndArguments[1])
        .contains("--port 0", "--exit-on-stdin-close", "--faults", "--account acct")
        .contains("--databases db-1,db-2")
        .doesNotContain(TOKEN);
    assertThat(progress).as("the pinned packages are installed already").isEmpty();
  }

  @Test
  void start_withAccountLimits_passesThemToTheServer() throws IOException {
    Path seen = root.resolve("seen.txt");
    String node =
        fakeNode(
            "v20.11.0",
            "echo \"$*\" > '"
                + seen
                + "'\n"
                + "echo 'local-d1 listening on http://127.0.0.1:4321'\n"
                + "cat > /dev/null");

    try (RunningLocalD1 server =
        LocalD1Launcher.in(local)
            .node(node, "LOCAL_D1_NODE")
            .rateLimit("60/15/15")
            .dailyLimit("free")
            .start("acct", List.of("db-1"), TOKEN)) {
      assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:4321"));
    }

    assertThat(Files.readString(seen)).contains("--rate-limit 60/15/15", "--daily-limit free");
  }

  @Test
  void accountLimits_mustBeOfTheServersForm() {
    LocalD1Launcher launcher = LocalD1Launcher.in(local);

    assertThat(launcher.rateLimit("cloudflare").dailyLimit("5000/100/60")).isSameAs(launcher);
    assertThat(launcher.rateLimit("off").dailyLimit("off")).isSameAs(launcher);
    assertThatThrownBy(() -> launcher.rateLimit("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rateLimit must be N/N[/N], 'cloudflare' or 'off'");
    assertThatThrownBy(() -> launcher.dailyLimit("1/2/3/4"))
        .hasMessageContaining("dailyLimit must be N/N[/N], 'free' or 'off'");
    assertThatThrownBy(() -> launcher.rateLimit("--faults"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void start_packagesOfAnotherVersion_runsNpmCi_andSaysSo() throws IOException {
    Path manifest = local.resolve("node_modules").resolve("miniflare").resolve("package.json");
    Files.writeString(manifest, "{\"version\": \"3.0.0\"}");
    Path npm = root.resolve("npm");
    Files.writeString(
        npm,
        "#!/bin/sh\n[ \"$*\" = \"ci --no-audit --no-fund\" ] || exit 9\n"
            + "echo '{\"version\": \"4.0.0\"}' > node_modules/miniflare/package.json\n");
    assertThat(npm.toFile().setExecutable(true)).isTrue();
    String node = fakeNode("v22.1.0", "echo 'local-d1 listening on http://127.0.0.1:4321'; cat");
    List<String> progress = new ArrayList<>();

    try (RunningLocalD1 server =
        LocalD1Launcher.in(local)
            .node(node, "LOCAL_D1_NODE")
            .npm(npm.toString())
            .onInstall(progress::add)
            .start("acct", List.of("db"), TOKEN)) {
      assertThat(server.diagnostics()).isEmpty();
    }

    assertThat(progress).singleElement().asString().contains("npm ci in " + local);
    assertThat(Files.readString(manifest)).contains("4.0.0");
  }

  @Test
  void start_npmCiFails_saysToRunItByHand() throws IOException {
    Files.delete(local.resolve("node_modules").resolve("miniflare").resolve("package.json"));
    Path npm = root.resolve("npm");
    Files.writeString(npm, "#!/bin/sh\necho 'registry unreachable'; exit 1\n");
    assertThat(npm.toFile().setExecutable(true)).isTrue();
    String node = fakeNode("v20.11.0", "exit 1");

    assertThatThrownBy(
            () ->
                LocalD1Launcher.in(local)
                    .node(node, "LOCAL_D1_NODE")
                    .npm(npm.toString())
                    .start("acct", List.of("db"), TOKEN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("npm ci in " + local + ") failed")
        .hasMessageContaining("registry unreachable")
        .hasMessageContaining("run 'npm ci' in " + local + " yourself");
  }
}
