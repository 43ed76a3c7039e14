package org.slapos.instancenode.master;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slapos.instancenode.config.ConfigException;

/**
 * The TLS identity and trust of master calls: the partition's client certificate ({@code
 * cert-file}, which may hold the chain after the leaf) and key ({@code key-file}), and the CAs the
 * master's certificate must chain to ({@code master-ca-file}, else the system trust store). Host
 * names are verified by the HTTP client, as always.
 *
 * <p>Immutable and thread-safe. Also explains handshake failures in the operator's terms.
 */
public final class MasterTls {
  private static final List<String> CLIENT_CERTIFICATE_ALERTS =
      List.of(
          "certificate_required",
          "bad_certificate",
          "unknown_ca",
          "certificate_unknown",
          "access_denied");

  private final SSLContext context;
  private final Optional<Path> certFile;
  private final Optional<Path> caFile;

  private MasterTls(SSLContext context, Optional<Path> certFile, Optional<Path> caFile) {
    this.context = context;
    this.certFile = certFile;
    this.caFile = caFile;
  }

  /**
   * Loads the PEM files.
   *
   * @param certFile and {@code keyFile}: both present, or both absent (no client certificate)
   * @throws ConfigException naming the file and the config key when a file is missing, is not PEM,
   *     holds an encrypted key, or when the key does not match the certificate
   */
  public static MasterTls load(
      Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> caFile) {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("cert-file and key-file go together");
    }
    try {
      KeyManager[] keyManagers = null;
      if (certFile.isPresent()) {
        List<X509Certificate> chain = PemFiles.certificates(certFile.get(), "cert-file");
        PrivateKey key = PemFiles.privateKey(keyFile.get(), "key-file");
        requireMatch(key, chain.get(0).getPublicKey(), keyFile.get(), certFile.get());
        keyManagers = keyManagers(key, chain);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(caFile.map(MasterTls::trustStore).orElse(null));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trust.getTrustManagers(), null);
      return new MasterTls(context, certFile, caFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS for the master: " + e.getMessage(), e);
    }
  }

  /** {@link #load} for an {@code https} URL; nothing (and no file read) for plain HTTP. */
  static Optional<MasterTls> forUrl(
      URI url, Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> caFile) {
    return "https".equalsIgnoreCase(url.getScheme())
        ? Optional.of(load(certFile, keyFile, caFile))
        : Optional.empty();
  }

  public SSLContext context() {
    return context;
  }

  /**
   * Explains a failed connection in the operator's terms when TLS is the cause, e.g. {@code TLS
   * handshake failed (PKIX path building failed: the master's certificate is not signed by a CA in
   * /srv/ca.pem)}; empty when TLS is not involved.
   */
  public Optional<String> explain(Throwable failure, String host) {
    String detail = null;
    boolean tls = false;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      tls |= cause instanceof SSLException;
    }
    for (Throwable cause = failure; cause != null && detail == null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof CertPathBuilderException
          || cause instanceof CertPathValidatorException
          || message.contains("PKIX path")) {
        detail =
            "PKIX path building failed: the master's certificate is not signed by a CA in "
                + caFile
                    .map(p -> "master-ca-file " + p)
                    .orElse("the system trust store (name the master's CA with master-ca-file)");
      } else if (message.contains("No subject alternative")
          || message.contains("No name matching")) {
        detail = "the master's certificate is not valid for the host name " + host;
      } else if (CLIENT_CERTIFICATE_ALERTS.stream()
          .anyMatch(message.toLowerCase(Locale.ROOT)::contains)) {
        detail = clientCertificateProblem(true);
      }
    }
    if (!tls) {
      // In TLS 1.3 the server checks our certificate after the client's handshake is done: its
      // alert may be lost, and the client only sees the connection closed before any answer.
      return closedBeforeAnswer(failure)
          ? Optional.of(
              "the connection was closed before any answer; if this persists, "
                  + clientCertificateProblem(false))
          : Optional.empty();
    }
    return Optional.of(
        "TLS handshake failed ("
            + (detail != null ? detail : String.valueOf(deepest(failure).getMessage()))
            + ")");
  }

  private String clientCertificateProblem(boolean certain) {
    return certFile
        .map(
            p ->
                "the master "
                    + (certain ? "refused" : "may refuse")
                    + " our client certificate (cert-file "
                    + p
                    + ")")
        .orElse(
            "the master "
                + (certain ? "requires" : "may require")
                + " a client certificate, and no cert-file/key-file is configured");
  }

  private static boolean closedBeforeAnswer(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof EOFException
          || String.valueOf(cause.getMessage()).contains("received no bytes")) {
        return true;
      }
    }
    return false;
  }

  private static Throwable deepest(Throwable failure) {
    Throwable deepest = failure;
    while (deepest.getCause() != null) {
      deepest = deepest.getCause();
    }
    return deepest;
  }

  private static void requireMatch(
      PrivateKey key, PublicKey publicKey, Path keyFile, Path certFile) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    boolean matches;
    try {
      byte[] probe = "cdn-instance-node key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw PemFiles.problem(
          keyFile, "key-file", "the private key does not match the certificate in " + certFile);
    }
  }

  private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    // The store lives in memory only; the password just satisfies the API.
    char[] password = "in-memory".toCharArray();
    store.setKeyEntry("client", key, password, chain.toArray(X509Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  private static KeyStore trustStore(Path caFile) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : PemFiles.certificates(caFile, "master-ca-file")) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store of " + caFile, e);
    }
  }
}
