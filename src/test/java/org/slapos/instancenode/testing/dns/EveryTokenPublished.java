package org.slapos.instancenode.testing.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A loopback DNS responder for tests that are not about DNS: every challenge name {@code
 * _slapos-challenge.DOMAIN} holds the tokens that the registered domain DBs store for DOMAIN, as if
 * every user had published their record at once. Entries then validate on their first reconcile,
 * and the lifecycle under test (retention, conflicts, crashes) runs as in production. The DNS
 * behaviour itself is tested against a real BIND ({@link BindServer}).
 *
 * <p>One per JVM, on a daemon thread; SQLite files are read with their own connections, as another
 * process would.
 */
public final class EveryTokenPublished {
  private static final String LABEL = "_slapos-challenge.";
  private static volatile EveryTokenPublished shared;

  private final DatagramSocket socket;
  private final Set<Path> domainDbs = ConcurrentHashMap.newKeySet();
  // Used by the serving thread only.
  private final Map<Path, PreparedStatement> statements = new HashMap<>();

  private EveryTokenPublished() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread thread = new Thread(this::serve, "every-token-published");
    thread.setDaemon(true);
    thread.start();
  }

  /** The responder, started on first use, answering from {@code domainDb} too from now on. */
  public static synchronized EveryTokenPublished serving(Path domainDb) {
    if (shared == null) {
      try {
        shared = new EveryTokenPublished();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    shared.domainDbs.add(domainDb.toAbsolutePath());
    return shared;
  }

  /** The {@code dns-nameserver} value that reaches this responder. */
  public String nameserver() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (true) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        byte[] answer = answer(new Message(java.util.Arrays.copyOf(buffer, packet.getLength())));
        socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
      } catch (IOException | RuntimeException e) {
        // A malformed query or a failed reply: the client times out, as with a lossy network.
      }
    }
  }

  private byte[] answer(Message query) {
    Record question = query.getQuestion();
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    reply.addRecord(question, Section.QUESTION);
    String name = question.getName().toString(true).toLowerCase();
    List<String> tokens =
        question.getType() == Type.TXT && name.startsWith(LABEL)
            ? tokens(name.substring(LABEL.length()))
            : List.of();
    for (String token : tokens) {
      reply.addRecord(new TXTRecord(question.getName(), DClass.IN, 0, token), Section.ANSWER);
    }
    reply.getHeader().setRcode(tokens.isEmpty() ? Rcode.NXDOMAIN : Rcode.NOERROR);
    // Big answers are truncated: the client asks again over TCP, which this responder lacks.
    return reply.toWire(512);
  }

  private List<String> tokens(String domain) {
    List<String> tokens = new ArrayList<>();
    for (Path db : domainDbs) {
      if (!db.toFile().exists()) {
        continue;
      }
      try {
        PreparedStatement select = statement(db);
        select.setString(1, domain);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            tokens.add(rows.getString(1));
          }
        }
      } catch (SQLException e) {
        // Locked for a moment, or replaced: no record this time, the entry is re-checked.
        forget(db);
      }
    }
    return tokens;
  }

  /** A statement on a connection kept open: opening one per query would slow big tests down. */
  private PreparedStatement statement(Path db) throws SQLException {
    PreparedStatement select = statements.get(db);
    if (select == null) {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
      select = c.prepareStatement("SELECT token FROM domain_validation WHERE domain = ?");
      statements.put(db, select);
    }
    return select;
  }

  private void forget(Path db) {
    PreparedStatement select = statements.remove(db);
    if (select != null) {
      try {
        select.getConnection().close();
      } catch (SQLException e) {
        // Already unusable.
      }
    }
  }
}
