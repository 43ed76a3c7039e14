package org.slapos.instancenode.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Sends POSIX signals to a child process with {@code kill(1)}, as an operator or systemd does. */
public final class ProcessSignals {
  private ProcessSignals() {}

  /**
   * Sends SIG{@code name} ({@code HUP}, {@code TERM}...) to {@code process}.
   *
   * @throws AssertionError when {@code kill} fails, for example because the process is gone
   */
  public static void send(Process process, String name) throws IOException, InterruptedException {
    send(process.pid(), name);
  }

  /** Sends SIG{@code name} to the process {@code pid} (this JVM's own, say). */
  public static void send(long pid, String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new AssertionError("kill -" + name + " " + pid + " did not return");
    }
    if (kill.exitValue() != 0) {
      throw new AssertionError(
          "kill -"
              + name
              + " "
              + pid
              + " failed: "
              + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
