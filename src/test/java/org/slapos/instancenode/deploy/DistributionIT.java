package org.slapos.instancenode.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.DemoConfig;
import org.slapos.instancenode.testing.Distribution;
import org.slapos.instancenode.testing.NodeProcess;

/**
 * The distribution of {@code hack/dist.sh} runs the node on a machine whose only Java is 17, as on
 * Debian 12: {@code PATH} and {@code JAVA_HOME} point at Java 17 and nothing else.
 */
class DistributionIT {
  @TempDir Path dir;

  /** What a Debian 12 machine's environment gives: Java 17 first on PATH and as JAVA_HOME. */
  private static Map<String, String> java17Only() {
    return Map.of(
        "PATH",
        Distribution.JAVA_17.resolve("bin") + ":/usr/sbin:/usr/bin:/sbin:/bin",
        "JAVA_HOME",
        Distribution.JAVA_17.toString());
  }

  private record Ran(int exit, String out, String err) {}

  private Ran run(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finishes: " + command);
    } finally {
      process.destroyForcibly();
    }
    return new Ran(
        process.exitValue(),
        Files.readString(dir.resolve("stdout.txt")),
        Files.readString(dir.resolve("stderr.txt")));
  }

  @Test
  void theJarAloneDoesNotRunOnJava17() throws Exception {
    Ran ran =
        run(
            java17Only(),
            List.of(
                Distribution.JAVA_17.resolve("bin/java").toString(),
                "-jar",
                NodeProcess.JAR.toString(),
                "--help"));

    assertNotEquals(0, ran.exit());
    assertTrue(ran.err().contains("UnsupportedClassVersionError"), ran.err());
  }

  @Test
  void demoRunsFromTheDistributionWithOnlyJava17OnThePath() throws Exception {
    // Called through a symbolic link, as from /usr/local/bin: the launcher finds its own files.
    Path link = Files.createSymbolicLink(dir.resolve("cdn-instance-node"), Distribution.launcher());
    Path config = DemoConfig.copyInto(dir);

    Ran ran =
        run(java17Only(), List.of(link.toString(), "run", "--once", "--config", config.toString()));

    assertEquals(0, ran.exit(), ran.err());
    assertTrue(ran.out().contains("entries: 9 valid, 10 invalid, 1 stopped"), ran.out());
    assertTrue(Files.exists(dir.resolve("request.sqlite")));
  }

  /** The native libraries the JVM loaded, as {@code -Xlog:library} reports them. */
  private static List<String> loadedLibraries(String log) {
    return log.lines()
        .filter(line -> line.contains("Loaded library "))
        .map(line -> line.replaceFirst(".*Loaded library (\\S+),.*", "$1"))
        .toList();
  }

  /** Runs the demo from the launcher with {@code javaOpts} and returns its JVM's library log. */
  private String demoLoadingLibraries(String javaOpts) throws Exception {
    Map<String, String> env = new HashMap<>(java17Only());
    env.put(
        "CDN_INSTANCE_NODE_JAVA_OPTS",
        "-Xlog:library=info:file=" + dir.resolve("lib.log") + " " + javaOpts);
    Path config = DemoConfig.copyInto(dir);

    Ran ran =
        run(
            env,
            List.of(
                Distribution.launcher().toString(),
                "run",
                "--once",
                "--config",
                config.toString()));

    assertEquals(0, ran.exit(), ran.err());
    assertTrue(ran.out().contains("entries: 9 valid, 10 invalid, 1 stopped"), ran.out());
    return Files.readString(dir.resolve("lib.log"));
  }

  @Test
  void sqliteLoadsTheNativeLibraryTheDistributionShipsInsteadOfCopyingItOutOfTheJar()
      throws Exception {
    Path shipped = Distribution.home().resolve("lib/libsqlitejdbc.so");
    assertTrue(Files.isRegularFile(shipped), shipped + " is shipped");

    List<String> sqlite =
        loadedLibraries(demoLoadingLibraries("")).stream()
            .filter(l -> l.contains("sqlitejdbc"))
            .toList();

    assertEquals(List.of(shipped.toString()), sqlite);
  }

  @Test
  void sqliteFallsBackToCopyingItsLibraryOutOfTheJarWhenTheShippedOneIsMissing() throws Exception {
    // A later -D wins: the launcher's org.sqlite.lib.path points where no library is.
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> sqlite =
        loadedLibraries(
                demoLoadingLibraries(
                    "-Dorg.sqlite.lib.path=" + dir.resolve("none") + " -Djava.io.tmpdir=" + tmp))
            .stream()
            .filter(l -> l.contains("sqlitejdbc"))
            .toList();

    assertEquals(1, sqlite.size(), sqlite.toString());
    assertTrue(sqlite.getFirst().startsWith(tmp + "/sqlite-"), sqlite.toString());
  }

  /** The launcher's option that maps the training run's archive (an AOT cache on JDK 25+). */
  private static String archiveOption(Path archive) {
    return (archive.toString().endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=")
        + archive;
  }

  /** The class data sharing archive {@code hack/dist.sh} made with its training run. */
  private static Path trainedArchive() {
    Path aot = Distribution.home().resolve("lib/cdn-instance-node.aot");
    return Files.exists(aot) ? aot : Distribution.home().resolve("lib/cdn-instance-node.jsa");
  }

  @Test
  void theNodesClassesComeFromTheTrainingRunsArchive() throws Exception {
    assertTrue(Files.isRegularFile(trainedArchive()), trainedArchive() + " is shipped");
    Map<String, String> env = new HashMap<>(java17Only());
    env.put("CDN_INSTANCE_NODE_JAVA_OPTS", "-Xlog:class+load=info:file=" + dir.resolve("cl.log"));
    Path config = DemoConfig.copyInto(dir);

    Ran ran = run(env, List.of(Distribution.launcher().toString(), "--cfg", config.toString()));

    assertEquals(0, ran.exit(), ran.err());
    List<String> loaded = Files.readAllLines(dir.resolve("cl.log"));
    // Loaded by the drop-in form of the training run, so archived there.
    for (String name :
        List.of("org.slapos.instancenode.cli.Main", "org.slapos.instancenode.engine.RunOnce")) {
      assertTrue(
          loaded.stream().anyMatch(l -> l.contains(" " + name + " source: shared objects file")),
          name + " from the archive: " + loaded.stream().filter(l -> l.contains(name)).toList());
    }
  }

  @Test
  void anArchiveTheJvmCannotUseOnlyCostsItsSpeed() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken" + trainedArchive().getFileName()), "no");
    Map<String, String> env = new HashMap<>(java17Only());
    // A later option wins over the launcher's.
    env.put("CDN_INSTANCE_NODE_JAVA_OPTS", archiveOption(broken));
    Path config = DemoConfig.copyInto(dir);

    Ran ran =
        run(
            env,
            List.of(
                Distribution.launcher().toString(),
                "run",
                "--once",
                "--config",
                config.toString()));

    assertEquals(0, ran.exit(), ran.err());
    assertTrue(ran.out().contains("entries: 9 valid, 10 invalid, 1 stopped"), ran.out());
    // The JVM said why it runs without the archive.
    assertTrue(ran.err().matches("(?s).*\\[(aot|cds)\\s*\\].*"), ran.err());
  }

  @Test
  void launcherSetsASmallDaemonsJvmSettingsAndTakesTheHeapFromTheEnvironment() throws Exception {
    Map<String, String> env = new HashMap<>(java17Only());
    env.put("CDN_INSTANCE_NODE_HEAP", "96m");
    env.put("CDN_INSTANCE_NODE_JAVA_OPTS", "-XX:+PrintFlagsFinal -XshowSettings:properties");

    Ran ran = run(env, List.of(Distribution.launcher().toString(), "--help"));

    assertEquals(0, ran.exit(), ran.err());
    assertTrue(flag(ran.out(), "MaxHeapSize").equals(Long.toString(96L << 20)), ran.out());
    assertEquals("true", flag(ran.out(), "UseSerialGC"));
    assertEquals("true", flag(ran.out(), "ExitOnOutOfMemoryError"));
    assertTrue(ran.err().contains("jdk.nio.maxCachedBufferSize = 262144"), ran.err());
    assertTrue(ran.out().contains("Usage: cdn-instance-node"), ran.out());
  }

  @Test
  void runtimeHoldsOnlyTheModulesTheNodeNeeds() throws Exception {
    Ran ran =
        run(
            java17Only(),
            List.of(Distribution.home().resolve("runtime/bin/java").toString(), "--list-modules"));

    assertEquals(0, ran.exit(), ran.err());
    List<String> modules = new ArrayList<>(ran.out().lines().map(l -> l.split("@")[0]).toList());
    assertTrue(modules.containsAll(List.of("java.base", "java.sql", "jdk.httpserver")), ran.out());
    // A full JDK has about 70 modules, compiler and tools among them.
    assertTrue(modules.size() < 25, ran.out());
    assertFalse(modules.contains("jdk.compiler"), ran.out());
    assertFalse(modules.contains("jdk.jshell"), ran.out());
    String release = Files.readString(Distribution.home().resolve("runtime/release"));
    assertTrue(release.matches("(?s).*JAVA_VERSION=\"(2[1-9]|[3-9]\\d).*"), release);
  }

  /** The value a {@code -XX:+PrintFlagsFinal} table gives {@code name}. */
  private static String flag(String table, String name) {
    return table
        .lines()
        .map(String::trim)
        .map(line -> line.split("\\s+"))
        .filter(words -> words.length >= 4 && words[1].equals(name))
        .map(words -> words[3])
        .findFirst()
        .orElse("missing " + name);
  }
}
