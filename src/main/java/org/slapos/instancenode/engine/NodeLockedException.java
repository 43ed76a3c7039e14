package org.slapos.instancenode.engine;

import java.nio.file.Path;

/** Another process (or another {@link NodeLock} of this one) holds the node's lock file. */
public final class NodeLockedException extends RuntimeException {
  private final Path lockFile;

  /**
   * @param holderPid the PID the holder wrote into the file, or {@code "unknown"}
   */
  NodeLockedException(Path lockFile, String holderPid) {
    super("another cdn-instance-node (pid " + holderPid + ") is running: it holds " + lockFile);
    this.lockFile = lockFile;
  }

  /** The lock file that is held. */
  public Path lockFile() {
    return lockFile;
  }
}
