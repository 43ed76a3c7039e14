package org.slapos.instancenode.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A real AF_UNIX datagram socket, bound where systemd's notify socket would be, that receives what
 * a {@code Type=notify} service sends and keeps every message in order.
 */
public final class NotifySocket implements AutoCloseable {
  private final AFUNIXDatagramSocket socket;
  private final String address;
  private final List<String> received = new ArrayList<>();

  private NotifySocket(AFUNIXDatagramSocket socket, String address) {
    this.socket = socket;
    this.address = address;
  }

  /** A socket bound at the file {@code path}. */
  public static NotifySocket bind(Path path) throws IOException {
    AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
    socket.bind(AFUNIXSocketAddress.of(path));
    return new NotifySocket(socket, path.toString());
  }

  /** A socket bound at {@code name} in Linux's abstract namespace. */
  public static NotifySocket bindAbstract(String name) throws IOException {
    AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
    socket.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
    return new NotifySocket(socket, "@" + name);
  }

  /** The value of {@code NOTIFY_SOCKET} that names this socket. */
  public String address() {
    return address;
  }

  /**
   * The next message, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError when none came in time
   */
  public String next(Duration timeout) throws IOException {
    byte[] buffer = new byte[4096];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no notification within " + timeout + "; received: " + received);
    }
    String message =
        new String(
            packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
    received.add(message);
    return message;
  }

  /**
   * The first message from now on that {@code wanted} accepts; each wait for a message is bounded
   * by {@code timeout}.
   */
  public String awaitMessage(Predicate<String> wanted, Duration timeout) throws IOException {
    while (true) {
      String message = next(timeout);
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  /** Every message received so far, in order. */
  public List<String> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    socket.close();
  }
}
