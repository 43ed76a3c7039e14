package org.slapos.instancenode.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version and the git commit the running build is from, as the build wrote them in
 * {@code build.properties}; {@code unknown} for a build made outside a git work tree.
 *
 * @param version the Maven project version
 * @param revision the abbreviated commit id
 */
public record BuildInfo(String version, String revision) {
  private static final String RESOURCE = "/org/slapos/instancenode/build.properties";
  private static final String UNKNOWN = "unknown";

  /** This build's. */
  public static final BuildInfo CURRENT = load();

  private static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new BuildInfo(
        properties.getProperty("version", UNKNOWN), properties.getProperty("revision", UNKNOWN));
  }

  /** What {@code --version} prints. */
  public String describe() {
    return "cdn-instance-node " + version + " (git " + revision + ")";
  }
}
