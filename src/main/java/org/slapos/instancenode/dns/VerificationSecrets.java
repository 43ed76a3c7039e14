package org.slapos.instancenode.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.VerificationSecret;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.files.OwnerOnlyFiles;

/**
 * Turns the {@code verification-secret} setting into the {@link ChallengeSecret} of this node.
 *
 * <ul>
 *   <li>Inline: the text as given.
 *   <li>From a file: its content without trailing line breaks.
 *   <li>Generated: the file {@code <domain DB file name>.secret} beside the domain DB (for example
 *       {@code domain.sqlite.secret}); when absent, 32 random bytes as hex are written to it,
 *       {@code 0600}, through a temporary file renamed into place so a crash never leaves it empty.
 * </ul>
 *
 * <p>Every source is refused when empty or equal to the Python implementation's public default. A
 * secret file is refused, not merely warned about, when group or others have any permission on it:
 * whoever reads it can compute tokens for domains they do not own, and a warning at start is easily
 * missed (ssh refuses such key files for the same reason). Failures are {@link ConfigException}s
 * naming the file and never quoting the secret.
 *
 * <p>Losing or replacing the secret does not invalidate tokens already issued: stored tokens are
 * compared with DNS as they are, never recomputed.
 */
public final class VerificationSecrets {
  private static final int MAX_FILE_BYTES = 4096;
  private static final int GENERATED_BYTES = 32;
  private static final Set<PosixFilePermission> OPEN_TO_OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
  private static final SecureRandom RANDOM = new SecureRandom();

  private VerificationSecrets() {}

  /**
   * The secret {@code setting} names; a generated one is kept beside {@code domainDb}.
   *
   * @throws ConfigException when the secret is empty, the public default, in a file open to group
   *     or others, or cannot be read or created
   */
  public static ChallengeSecret resolve(VerificationSecret setting, Path domainDb) {
    return switch (setting) {
      case VerificationSecret.Inline inline -> accept(inline.value(), "key 'verification-secret'");
      case VerificationSecret.FromFile fromFile ->
          read(fromFile.path(), FileErrors.named("verification-secret-file", fromFile.path()));
      case VerificationSecret.Generated generated -> readOrGenerate(domainDb);
    };
  }

  /** Where a generated secret is kept for the domain DB {@code domainDb}. */
  public static Path generatedFile(Path domainDb) {
    return domainDb.resolveSibling(domainDb.getFileName() + VerificationSecret.GENERATED_SUFFIX);
  }

  private static ChallengeSecret readOrGenerate(Path domainDb) {
    Path file = generatedFile(domainDb);
    String named =
        FileErrors.named("domain-validation-db-path", domainDb)
            + ": its generated verification secret "
            + file;
    if (Files.notExists(file)) {
      generate(file, named);
    }
    return read(file, named);
  }

  private static void generate(Path file, String named) {
    byte[] secret = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(secret);
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    try {
      // A leftover of a crash holds a secret never used: start over.
      Files.deleteIfExists(temporary);
      OwnerOnlyFiles.createNew(temporary);
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.SYNC)) {
        out.write((HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConfigException(named + ": cannot be created: " + FileErrors.words(e));
    }
  }

  /**
   * @param named how messages name the file ({@code verification-secret-file = /x/secret})
   */
  private static ChallengeSecret read(Path file, String named) {
    String text;
    try {
      requireOwnerOnly(file, named);
      text = content(file, named);
    } catch (IOException e) {
      throw new ConfigException(named + ": " + FileErrors.words(e));
    }
    return accept(text.replaceFirst("[\r\n]+$", ""), named);
  }

  private static void requireOwnerOnly(Path file, String named) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (permissions.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
      throw new ConfigException(
          named
              + ": the verification secret file is open to group or others ("
              + PosixFilePermissions.toString(permissions)
              + "): whoever reads it can compute challenge tokens and claim domains they do"
              + " not own; run 'chmod 600 "
              + file
              + "'");
    }
  }

  private static String content(Path file, String named) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new ConfigException(
            named
                + ": the verification secret file is longer than "
                + MAX_FILE_BYTES
                + " bytes; it should hold one line");
      }
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }
  }

  private static ChallengeSecret accept(String secret, String source) {
    if (secret.isBlank()) {
      throw new ConfigException(source + ": the verification secret is empty");
    }
    if (secret.equals(VerificationSecret.PYTHON_DEFAULT)) {
      throw new ConfigException(
          source
              + ": the verification secret is the Python implementation's built-in default '"
              + VerificationSecret.PYTHON_DEFAULT
              + "', which is public: anyone could compute challenge tokens and claim domains"
              + " they do not own. Use a long random secret instead (for example from 'openssl"
              + " rand -hex 32')");
    }
    return ChallengeSecret.of(secret);
  }
}
