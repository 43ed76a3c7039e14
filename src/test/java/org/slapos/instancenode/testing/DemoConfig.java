package org.slapos.instancenode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slapos.instancenode.testing.dns.EveryTokenPublished;

/** The README's demo configuration, laid out in a test's directory. */
public final class DemoConfig {
  private DemoConfig() {}

  /**
   * Copies {@code deploy/examples/demo.ini} and its entries into {@code dir}, its databases in
   * {@code dir} too, and returns the configuration's path.
   */
  public static Path copyInto(Path dir) throws IOException {
    Files.copy(Path.of("deploy/examples/entries.json"), dir.resolve("entries.json"));
    Path config = dir.resolve("demo.ini");
    Files.writeString(
        config,
        Files.readString(Path.of("deploy/examples/demo.ini"))
                .replace("../../target/demo/", "")
                .replace(
                    "../../../shared/rapid-cdn/software.cfg.json",
                    Path.of("../shared/rapid-cdn/software.cfg.json").toAbsolutePath().toString())
            // The machine's resolvers may not answer here: a loopback DNS where every token is
            // published keeps the run independent of them.
            + "\ndns-nameserver = "
            + EveryTokenPublished.serving(dir.resolve("domain.sqlite")).nameserver()
            + "\n");
    return config;
  }
}
