package org.slapos.instancenode.tls;

import java.io.IOException;
import java.net.ConnectException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Probes a backend live: resolves its host (refusing private addresses unless allowed), opens a TLS
 * connection with SNI to the first address, takes the chain the backend presents and judges it with
 * {@link BackendCertificates}. Nothing is sent over the connection beyond the handshake. Failures
 * to connect, resolve or shake hands are {@link BackendProbe.Result#UNREACHABLE}, never a judgement
 * of the certificate. Thread-safe; each probe takes at most about twice {@code timeout}.
 */
public final class BackendProber {
  /** Resolves a host name to its addresses; the system resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  private final Duration timeout;
  private final boolean allowPrivate;
  private final Resolver resolver;
  private final Clock clock;

  /**
   * @param timeout {@code backend-probe-timeout}: bounds the connection and the handshake each
   * @param allowPrivate {@code backend-probe-allow-private}
   */
  public BackendProber(Duration timeout, boolean allowPrivate, Resolver resolver, Clock clock) {
    this.timeout = timeout;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
    this.clock = clock;
  }

  /** About the longest a probe takes: its connection, then its handshake, each bounded. */
  public Duration longest() {
    return timeout.multipliedBy(2);
  }

  /**
   * Probes {@code host:port}.
   *
   * @param authorities the certificates of {@code authorityField}; empty: the system trust store
   */
  public BackendProbe probe(
      String host, int port, List<X509Certificate> authorities, String authorityField) {
    List<InetAddress> addresses;
    Optional<InetAddress> literal = BackendCertificates.ipLiteral(host);
    try {
      addresses = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(host);
    } catch (UnknownHostException e) {
      return BackendProbe.notProbed(
          BackendProbe.Result.UNREACHABLE, host + " does not resolve (DNS)");
    }
    if (addresses.isEmpty()) {
      return BackendProbe.notProbed(BackendProbe.Result.UNREACHABLE, host + " has no address");
    }
    if (!allowPrivate) {
      Optional<String> refused = PrivateAddresses.refusal(host, addresses);
      if (refused.isPresent()) {
        return BackendProbe.notProbed(BackendProbe.Result.SKIPPED_PRIVATE, refused.get());
      }
    }
    Captured seen = new Captured();
    try {
      handshake(addresses.get(0), host, literal.isPresent(), port, seen);
    } catch (IOException e) {
      if (seen.chain.get() == null) {
        return BackendProbe.notProbed(BackendProbe.Result.UNREACHABLE, why(e, host, port));
      }
      // The chain came before the failure: it can still be judged.
    }
    X509Certificate[] chain = seen.chain.get();
    if (chain == null || chain.length == 0) {
      return BackendProbe.notProbed(
          BackendProbe.Result.UNREACHABLE, "no certificate received from " + host + ":" + port);
    }
    List<String> problems =
        BackendCertificates.problems(
            List.of(chain),
            host,
            authorities,
            authorityField,
            seen.authType.get(),
            clock.instant());
    return new BackendProbe(
        problems.isEmpty() ? BackendProbe.Result.TRUSTED : BackendProbe.Result.UNTRUSTED,
        problems,
        Optional.of(chain[0].getSubjectX500Principal().getName()),
        Optional.of(chain[0].getNotAfter().toInstant()));
  }

  private void handshake(InetAddress address, String host, boolean literal, int port, Captured seen)
      throws IOException {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new X509ExtendedTrustManager[] {seen}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(address, port), millis);
      raw.setSoTimeout(millis);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true)) {
        SSLParameters parameters = tls.getSSLParameters();
        if (!literal) {
          // Set explicitly: the JDK sends no SNI for a name without a dot (localhost).
          parameters.setServerNames(List.of(new SNIHostName(IDN.toASCII(host))));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
      }
    }
  }

  private String why(IOException e, String host, int port) {
    String where = host + ":" + port;
    return switch (e) {
      case ConnectException c -> "connection to " + where + " refused";
      case SocketTimeoutException t -> where + " did not answer within " + timeout;
      case SSLException s -> "TLS handshake with " + where + " failed: " + message(s);
      default -> "connection to " + where + " failed: " + message(e);
    };
  }

  private static String message(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Accepts any chain, keeping it: the verdict is made afterwards by {@link BackendCertificates},
   * so that every problem is found and the certificate's subject and expiry are known even when it
   * would be refused. Safe because nothing is sent over this connection.
   */
  private static final class Captured extends X509ExtendedTrustManager {
    final AtomicReference<X509Certificate[]> chain = new AtomicReference<>();
    final AtomicReference<String> authType = new AtomicReference<>();

    private void keep(X509Certificate[] certificates, String type) {
      chain.set(certificates.clone());
      authType.set(type);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String type, Socket socket) {
      keep(certificates, type);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String type, SSLEngine e) {
      keep(certificates, type);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String type) {
      keep(certificates, type);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String type, Socket socket) {
      throw new UnsupportedOperationException("a probe is a client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String type, SSLEngine e) {
      throw new UnsupportedOperationException("a probe is a client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String type) {
      throw new UnsupportedOperationException("a probe is a client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
