package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainReclaimTest {
  @TempDir Path dir;
  private DomainStore store;

  @BeforeEach
  void open() {
    store = DomainStore.open(dir.resolve("domain.sqlite"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aSuspendedValidationIsReclaimedForTheSameDomain() {
    assertTrue(store.validate("SHARED-1", "example.com", "token", "100"));

    store.suspend("SHARED-1", "200");
    assertFalse(store.find("SHARED-1").orElseThrow().validated());
    assertEquals("token", store.find("SHARED-1").orElseThrow().token());

    assertTrue(store.reclaim("SHARED-1", "example.com", "300"));
    DomainValidation back = store.find("SHARED-1").orElseThrow();
    assertTrue(back.validated());
    assertEquals("token", back.token());
    assertEquals("300", back.timestamp());
  }

  @Test
  void anEntryThatWasNeverValidatedHasNothingToReclaim() {
    store.put(new DomainValidation("SHARED-1", "example.com", "token", false, "100"));

    store.suspend("SHARED-1", "200");

    assertFalse(store.reclaim("SHARED-1", "example.com", "300"));
    assertFalse(store.find("SHARED-1").orElseThrow().validated());
  }

  @Test
  void anotherEntryValidatingTheDomainMeanwhileKeepsIt() {
    store.validate("SHARED-1", "example.com", "token-1", "100");
    store.suspend("SHARED-1", "200");
    assertTrue(store.validate("SHARED-2", "example.com", "token-2", "250"));

    assertFalse(store.reclaim("SHARED-1", "example.com", "300"));
    assertFalse(store.find("SHARED-1").orElseThrow().validated());
    assertTrue(store.find("SHARED-2").orElseThrow().validated());
  }

  @Test
  void returningWithAnotherDomainReclaimsNothingAndDropsTheMarker() {
    store.validate("SHARED-1", "example.com", "token", "100");
    store.suspend("SHARED-1", "200");

    assertFalse(store.reclaim("SHARED-1", "example.org", "300"));
    assertFalse(store.reclaim("SHARED-1", "example.com", "400"));
  }

  @Test
  void forgettingAnEntryDropsItsMarker() {
    store.validate("SHARED-1", "example.com", "token", "100");
    store.suspend("SHARED-1", "200");
    store.forget("SHARED-1");
    store.put(new DomainValidation("SHARED-1", "example.com", "new-token", false, "300"));

    assertFalse(store.reclaim("SHARED-1", "example.com", "400"));
  }
}
