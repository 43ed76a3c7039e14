package org.slapos.instancenode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.VerificationSecret;

class VerificationSecretsTest {
  private static final String SECRET = "0123456789abcdef-secret";
  private static final byte[] NONCE = new byte[16];

  @TempDir Path dir;

  private Path domainDb() {
    return dir.resolve("domain.sqlite");
  }

  private Path secretFile(String content, String mode) throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  /** Two secrets are the same when they issue the same token from the same nonce. */
  private static String token(ChallengeSecret secret) {
    return new ChallengeTokens(secret, () -> NONCE).issue("SLAVE-1", "example.com");
  }

  private ChallengeSecret resolve(VerificationSecret setting) {
    return VerificationSecrets.resolve(setting, domainDb());
  }

  @Test
  void aFileSecretIsItsContentWithoutTheTrailingLineBreak() throws Exception {
    Path file = secretFile(SECRET + "\r\n", "rw-------");

    assertEquals(
        token(ChallengeSecret.of(SECRET)), token(resolve(new VerificationSecret.FromFile(file))));
  }

  @Test
  void anInlineSecretIsTheTextGiven() {
    assertEquals(
        token(ChallengeSecret.of(SECRET)), token(resolve(new VerificationSecret.Inline(SECRET))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "r-----r--"})
  void aFileOpenToGroupOrOthersIsRefused(String mode) throws Exception {
    Path file = secretFile(SECRET + "\n", mode);

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.FromFile(file)));

    assertEquals(
        "verification-secret-file = "
            + file
            + ": the verification secret file is open to group or others ("
            + mode
            + "): whoever reads it can compute challenge tokens and claim domains they do not"
            + " own; run 'chmod 600 "
            + file
            + "'",
        e.getMessage());
  }

  @Test
  void aReadOnlyOwnerFileIsAccepted() throws Exception {
    Path file = secretFile(SECRET, "r--------");

    assertEquals(
        token(ChallengeSecret.of(SECRET)), token(resolve(new VerificationSecret.FromFile(file))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "  \n"})
  void anEmptyFileIsRefused(String content) throws Exception {
    Path file = secretFile(content, "rw-------");

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.FromFile(file)));

    assertEquals(
        "verification-secret-file = " + file + ": the verification secret is empty",
        e.getMessage());
  }

  @Test
  void thePythonDefaultIsRefusedNamingTheFileAndWhy() throws Exception {
    Path file = secretFile("slapos-cdn-secret\n", "rw-------");

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.FromFile(file)));

    assertTrue(
        e.getMessage().startsWith("verification-secret-file = " + file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("which is public"), e.getMessage());
    assertTrue(e.getMessage().contains("anyone could compute challenge tokens"), e.getMessage());
  }

  @Test
  void thePythonDefaultIsRefusedInline() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> resolve(new VerificationSecret.Inline("slapos-cdn-secret")));

    assertTrue(e.getMessage().startsWith("key 'verification-secret': "), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("absent");

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.FromFile(file)));

    assertEquals("verification-secret-file = " + file + ": does not exist", e.getMessage());
  }

  @Test
  void anOversizedFileIsRefused() throws Exception {
    Path file = secretFile("x".repeat(5000), "rw-------");

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.FromFile(file)));

    assertTrue(e.getMessage().contains("longer than 4096 bytes"), e.getMessage());
  }

  @Test
  void errorsNeverQuoteTheSecret() throws Exception {
    String secret = "do-not-leak-this-secret";
    Path file = secretFile(secret, "rw-r--r--");

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.FromFile(file)));

    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @Test
  void aGeneratedSecretIsCreatedOwnerOnlyBesideTheDomainDb() throws Exception {
    ChallengeSecret secret = resolve(new VerificationSecret.Generated());

    Path file = dir.resolve("domain.sqlite.secret");
    assertEquals(file, VerificationSecrets.generatedFile(domainDb()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String content = Files.readString(file);
    assertTrue(content.matches("[0-9a-f]{64}\n"), content);
    assertEquals(token(ChallengeSecret.of(content.strip())), token(secret));
    assertFalse(Files.exists(dir.resolve("domain.sqlite.secret.new")));
  }

  @Test
  void aGeneratedSecretIsReusedOnTheNextStart() {
    String first = token(resolve(new VerificationSecret.Generated()));

    assertEquals(first, token(resolve(new VerificationSecret.Generated())));
  }

  @Test
  void eachNodeGeneratesItsOwnSecret() {
    String first = token(resolve(new VerificationSecret.Generated()));

    ChallengeSecret other =
        VerificationSecrets.resolve(new VerificationSecret.Generated(), dir.resolve("other.db"));

    assertNotEquals(first, token(other));
  }

  @Test
  void aGeneratedFileFollowsTheRulesOfASecretFile() throws Exception {
    resolve(new VerificationSecret.Generated());
    Path file = VerificationSecrets.generatedFile(domainDb());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(new VerificationSecret.Generated()));

    assertTrue(
        e.getMessage()
            .startsWith(
                "domain-validation-db-path = "
                    + domainDb()
                    + ": its generated verification secret "
                    + file
                    + ": the verification secret file is open"),
        e.getMessage());
  }

  @Test
  void aLeftoverOfAnInterruptedGenerationIsReplaced() throws Exception {
    Path leftover = dir.resolve("domain.sqlite.secret.new");
    Files.writeString(leftover, "half");

    resolve(new VerificationSecret.Generated());

    assertFalse(Files.exists(leftover));
    assertTrue(
        Files.readString(VerificationSecrets.generatedFile(domainDb())).matches("[0-9a-f]{64}\n"));
  }
}
