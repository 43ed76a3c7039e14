package org.slapos.instancenode.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution {@code hack/dist.sh} builds, unpacked under {@code target/dist-test/}: built and
 * unpacked once per JVM, since jlink takes a while, then shared by the tests that run it.
 */
public final class Distribution {
  /** The Java 17 of Debian 12, the only Java the distribution must not need. */
  public static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  private static final Path UNPACKED = Path.of("target/dist-test").toAbsolutePath();
  private static Path home;

  private Distribution() {}

  /** The unpacked distribution's top directory ({@code cdn-instance-node-VERSION}). */
  public static synchronized Path home() {
    if (home == null) {
      try {
        home = buildAndUnpack();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building the distribution", e);
      }
    }
    return home;
  }

  /** The launcher, {@code bin/cdn-instance-node}. */
  public static Path launcher() {
    return home().resolve("bin/cdn-instance-node");
  }

  private static Path buildAndUnpack() throws IOException, InterruptedException {
    deleteRecursively(UNPACKED);
    Files.createDirectories(UNPACKED);
    Path log = UNPACKED.resolve("dist.log");
    Process dist =
        new ProcessBuilder("bash", "hack/dist.sh")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!dist.waitFor(15, TimeUnit.MINUTES) || dist.exitValue() != 0) {
      dist.destroyForcibly();
      throw new IllegalStateException("hack/dist.sh failed:\n" + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Path archive = Path.of(lines.getLast()).toAbsolutePath();
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", UNPACKED.toString())
            .redirectErrorStream(true)
            .start();
    byte[] output = tar.getInputStream().readAllBytes();
    if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
      throw new IllegalStateException("cannot unpack " + archive + ": " + new String(output));
    }
    String top = archive.getFileName().toString().replaceFirst("-linux-[^-]+\\.tar\\.gz$", "");
    Path unpacked = UNPACKED.resolve(top);
    try (Stream<Path> files = Files.list(unpacked)) {
      if (files.findAny().isEmpty()) {
        throw new IllegalStateException(archive + " holds no " + top + "/");
      }
    }
    return unpacked;
  }

  /** An earlier run's files would survive in the new one's tree. */
  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
