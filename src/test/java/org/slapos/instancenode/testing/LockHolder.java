package org.slapos.instancenode.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slapos.instancenode.engine.NodeLock;

/**
 * Another process holding a {@link NodeLock}: it prints {@code locked} once it holds the lock, and
 * exits (releasing it) when its stdin is closed, when its parent exits, or after a minute, so that
 * no test can leave it behind for long.
 */
public final class LockHolder {
  private static final long LIFETIME_SECONDS = 60;

  private LockHolder() {}

  /** Starts a holder of {@code lockFile} with this JVM's class path; its stderr goes to a file. */
  public static Process start(Path lockFile, Path stderr) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LockHolder.class.getName());
    command.add(lockFile.toString());
    return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
  }

  public static void main(String[] args) throws Exception {
    NodeLock lock = NodeLock.acquire(Path.of(args[0]));
    try {
      System.out.println("locked");
      System.out.flush();
      CompletableFuture<Void> stdinClosed = CompletableFuture.runAsync(LockHolder::drainStdin);
      CompletableFuture<?> parentGone =
          ProcessHandle.current()
              .parent()
              .map(ProcessHandle::onExit)
              .orElseGet(() -> CompletableFuture.completedFuture(null));
      CompletableFuture.anyOf(stdinClosed, parentGone).get(LIFETIME_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println("lock holder: giving up after " + LIFETIME_SECONDS + " s");
    } finally {
      lock.close();
    }
  }

  private static void drainStdin() {
    try {
      while (System.in.read() >= 0) {
        // Nothing is expected on stdin; only its end matters.
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
