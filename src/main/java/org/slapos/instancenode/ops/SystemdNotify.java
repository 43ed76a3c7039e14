package org.slapos.instancenode.ops;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager's notification protocol ({@code sd_notify(3)}): state lines sent as one
 * datagram each to the AF_UNIX socket named by {@code NOTIFY_SOCKET} (a path, or {@code @name} in
 * the abstract namespace), which systemd sets for {@code Type=notify} units. Without {@code
 * NOTIFY_SOCKET} every call does nothing, so the daemon runs the same outside systemd.
 *
 * <p>Notifications are advisory: a send that fails is logged once and never thrown, and never stops
 * the daemon. Thread-safe.
 */
public final class SystemdNotify implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);
  private static final SystemdNotify NONE = new SystemdNotify(null, Optional.empty());

  private final SocketAddress target;
  private final Optional<Duration> watchdog;
  private AFUNIXDatagramChannel channel;
  private boolean failureLogged;

  private SystemdNotify(SocketAddress target, Optional<Duration> watchdog) {
    this.target = target;
    this.watchdog = watchdog;
  }

  /** A notifier that sends nothing. */
  public static SystemdNotify none() {
    return NONE;
  }

  /**
   * The notifier {@code env} (the process's environment) asks for: {@code NOTIFY_SOCKET}, and the
   * watchdog interval {@code WATCHDOG_USEC} unless {@code WATCHDOG_PID} names another process.
   *
   * @param pid this process's id, compared with {@code WATCHDOG_PID}
   */
  public static SystemdNotify fromEnvironment(Map<String, String> env, long pid) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return NONE;
    }
    try {
      SocketAddress target =
          socket.startsWith("@")
              ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
              : AFUNIXSocketAddress.of(Path.of(socket));
      return new SystemdNotify(target, watchdogInterval(env, pid));
    } catch (IOException | RuntimeException e) {
      LOG.atWarn()
          .setMessage("NOTIFY_SOCKET is not a usable socket address: systemd is not notified")
          .addKeyValue("NOTIFY_SOCKET", socket)
          .addKeyValue("error", e.toString())
          .log();
      return NONE;
    }
  }

  private static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
    String owner = env.get("WATCHDOG_PID");
    if (owner != null && !owner.equals(Long.toString(pid))) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
      return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The watchdog interval systemd expects {@link #watchdog()} within, when it watches. */
  public Optional<Duration> watchdogInterval() {
    return watchdog;
  }

  /** Start-up (or a reload) is finished; {@code status} describes the state. */
  public void ready(String status) {
    send("READY=1\nSTATUS=" + oneLine(status));
  }

  /** A new free-form status line, shown by {@code systemctl status}. */
  public void status(String status) {
    send("STATUS=" + oneLine(status));
  }

  /** The loop is alive: resets systemd's watchdog timer. */
  public void watchdog() {
    if (watchdog.isPresent()) {
      send("WATCHDOG=1");
    }
  }

  /**
   * A reload starts; {@link #ready} ends it. {@code MONOTONIC_USEC} (wanted by systemd 253 and
   * newer) is {@code CLOCK_MONOTONIC}, which {@link System#nanoTime()} reads on Linux.
   */
  public void reloading() {
    send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
  }

  /** The daemon is shutting down. */
  public void stopping() {
    send("STOPPING=1");
  }

  private static String oneLine(String status) {
    return status.replaceAll("[\\r\\n]+", " ");
  }

  private synchronized void send(String message) {
    if (target == null) {
      return;
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    try {
      if (channel == null) {
        channel = AFUNIXDatagramChannel.open();
      }
      channel.send(ByteBuffer.wrap(bytes), target);
    } catch (IOException | RuntimeException e) {
      if (!failureLogged) {
        failureLogged = true;
        LOG.atWarn()
            .setMessage("cannot notify systemd; later failures are not logged")
            .addKeyValue("socket", target)
            .addKeyValue("error", e.toString())
            .log();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was buffered: a datagram is sent whole or not at all.
      }
      channel = null;
    }
  }
}
