package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.SqliteCli;

class DomainStoreTest {
  @TempDir Path dir;
  private DomainStore store;

  @BeforeEach
  void setUp() {
    store = DomainStore.open(dir.resolve("domain.db"));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static DomainValidation validation(String reference, String domain, boolean validated) {
    return new DomainValidation(reference, domain, "token-" + reference, validated, "1700000000");
  }

  @Test
  void validationIsStoredAndReplaced() {
    store.put(validation("a", "example.com", false));
    assertEquals(Optional.of(validation("a", "example.com", false)), store.find("a"));

    DomainValidation replaced = new DomainValidation("a", "example.org", "t2", true, "1700000099");
    store.put(replaced);

    assertEquals(Optional.of(replaced), store.find("a"));
    assertEquals(Optional.empty(), store.find("b"));
  }

  @Test
  void validatedByOtherFindsOnlyAnotherEntrysValidatedClaim() {
    store.put(validation("self", "example.com", true));
    store.put(validation("pending", "example.com", false));
    store.put(validation("elsewhere", "example.org", true));
    assertEquals(Optional.empty(), store.validatedByOther("example.com", "self"));

    store.put(validation("owner", "example.com", true));

    assertEquals(
        Optional.of(validation("owner", "example.com", true)),
        store.validatedByOther("example.com", "self"));
    assertEquals(
        Optional.of(validation("owner", "example.com", true)),
        store.validatedByOther("example.com", "pending"));
  }

  @Test
  void claimReplacesTheEntrysHosts() {
    assertTrue(store.claimHosts("a", Set.of("www.example.com", "example.com")));
    assertEquals(Set.of("example.com", "www.example.com"), store.hosts("a"));

    assertTrue(store.claimHosts("a", Set.of("shop.example.com", "example.com")));

    assertEquals(Set.of("example.com", "shop.example.com"), store.hosts("a"));
    assertEquals(Optional.empty(), store.hostOwner("www.example.com", "b"));
    assertEquals(Optional.of("a"), store.hostOwner("shop.example.com", "b"));
    assertEquals(Optional.empty(), store.hostOwner("shop.example.com", "a"));
  }

  @Test
  void conflictingClaimChangesNothing() {
    store.claimHosts("a", Set.of("example.com"));
    store.claimHosts("b", Set.of("old.example.org"));

    assertFalse(store.claimHosts("b", Set.of("new.example.org", "example.com")));

    assertEquals(Set.of("example.com"), store.hosts("a"));
    assertEquals(Set.of("old.example.org"), store.hosts("b"));
    assertEquals(Optional.empty(), store.hostOwner("new.example.org", "nobody"));
  }

  @Test
  void releasedHostsCanBeClaimedByAnother() {
    store.claimHosts("a", Set.of("example.com"));
    store.put(validation("a", "example.com", true));

    store.releaseHosts("a");

    assertEquals(Set.of(), store.hosts("a"));
    assertTrue(store.claimHosts("b", Set.of("example.com")));
    assertEquals(Optional.of(validation("a", "example.com", true)), store.find("a"));
  }

  @Test
  void forgetDeletesTheValidationAndHostsOfThatEntryOnly() {
    store.claimHosts("a", Set.of("a.example.com"));
    store.put(validation("a", "a.example.com", true));
    store.claimHosts("b", Set.of("b.example.com"));
    store.put(validation("b", "b.example.com", true));

    store.forget("a");

    assertEquals(Optional.empty(), store.find("a"));
    assertEquals(Set.of(), store.hosts("a"));
    assertEquals(Optional.of(validation("b", "b.example.com", true)), store.find("b"));
    assertEquals(Set.of("b.example.com"), store.hosts("b"));
  }

  @Test
  void versionOneFileGainsTheDomainIndexAndKeepsItsRows() throws Exception {
    Path file = dir.resolve("v1.db");
    try (SqliteDatabase v1 =
        SqliteDatabase.open(file, DomainStore.MIGRATIONS.subList(0, 1), IntegrityCheck.FULL)) {
      v1.write(
          "insert",
          c -> {
            try (var insert =
                c.prepareStatement(
                    "INSERT INTO domain_validation VALUES ('a', 'example.com', 't', 1, '17')")) {
              return insert.executeUpdate();
            }
          });
    }
    try (DomainStore upgraded = DomainStore.open(file)) {
      assertEquals(
          Optional.of(new DomainValidation("a", "example.com", "t", true, "17")),
          upgraded.find("a"));
    }
    assertEquals(
        "1\n2\n3\n4\n",
        SqliteCli.run(file, "SELECT version FROM schema_version ORDER BY version;"));
    assertEquals(
        "idx_domain_validation_domain\n",
        SqliteCli.run(file, "SELECT name FROM sqlite_master WHERE name LIKE '%_domain';"));
  }

  @Test
  void claimsAreListedInHostOrder() {
    store.claimHosts("a", Set.of("c.example.com", "a.example.com", "b.example.com"));
    assertEquals(
        List.of("a.example.com", "b.example.com", "c.example.com"), List.copyOf(store.hosts("a")));
  }
}
