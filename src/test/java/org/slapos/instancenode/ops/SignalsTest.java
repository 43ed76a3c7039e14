package org.slapos.instancenode.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignalsTest {
  static Stream<Arguments> signals() {
    return Stream.of(
        Arguments.of("HUP", (Function<Runnable, Signals.Installed>) Signals::onHangup),
        Arguments.of("TERM", (Function<Runnable, Signals.Installed>) Signals::onTerminate),
        Arguments.of("INT", (Function<Runnable, Signals.Installed>) Signals::onTerminate));
  }

  @ParameterizedTest(name = "SIG{0}")
  @MethodSource("signals")
  void signalRunsTheHandlerAndTheProcessLivesOn(
      String signal, Function<Runnable, Signals.Installed> install) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Signals.Installed installed = install.apply(runs::incrementAndGet);
    try {
      kill(signal);
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
      // Without the handler, the JVM would have started its shutdown on any of these signals.
      assertTrue(shutdownHasNotStarted());

      kill(signal);
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
    } finally {
      installed.close();
    }
  }

  private static void kill(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
            .redirectErrorStream(true)
            .start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill did not finish");
    assertEquals(
        0, kill.exitValue(), () -> "kill -" + signal + " failed: " + new String(readOutput(kill)));
  }

  private static byte[] readOutput(Process process) {
    try {
      return process.getInputStream().readAllBytes();
    } catch (IOException e) {
      return e.toString().getBytes();
    }
  }

  /** A shutdown hook can still be added only while the JVM is not shutting down. */
  private static boolean shutdownHasNotStarted() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }
}
