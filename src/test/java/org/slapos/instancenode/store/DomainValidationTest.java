package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DomainStore#validate}: the first validated claimant of a domain keeps it. */
class DomainValidationTest {
  private static final int ROUNDS = 200;

  @TempDir Path dir;

  private DomainStore open() {
    return DomainStore.open(dir.resolve("domain.db"));
  }

  @Test
  void validationRecordsTheProofOverThePendingChallenge() {
    try (DomainStore store = open()) {
      store.put(new DomainValidation("a", "example.com", "t1", false, "100"));

      assertTrue(store.validate("a", "example.com", "t1", "160"));

      assertEquals(
          Optional.of(new DomainValidation("a", "example.com", "t1", true, "160")),
          store.find("a"));
    }
  }

  @Test
  void aDomainValidatedByAnotherEntryIsNotTaken() {
    try (DomainStore store = open()) {
      assertTrue(store.validate("first", "example.com", "t1", "100"));
      DomainValidation pending = new DomainValidation("second", "example.com", "t2", false, "90");
      store.put(pending);

      assertFalse(store.validate("second", "example.com", "t2", "200"));

      assertEquals(Optional.of(pending), store.find("second"));
      assertEquals(
          Optional.of(new DomainValidation("first", "example.com", "t1", true, "100")),
          store.find("first"));
    }
  }

  @Test
  void aStoppedHolderNoLongerBlocksTheDomain() {
    try (DomainStore store = open()) {
      assertTrue(store.validate("first", "example.com", "t1", "100"));
      store.put(new DomainValidation("first", "example.com", "t1", false, "150"));

      assertTrue(store.validate("second", "example.com", "t2", "200"));
    }
  }

  @Test
  void revalidatingOnesOwnDomainSucceeds() {
    try (DomainStore store = open()) {
      assertTrue(store.validate("a", "example.com", "t1", "100"));

      assertTrue(store.validate("a", "example.com", "t1", "200"));
      assertTrue(store.validate("b", "example.org", "t3", "200"));
    }
  }

  /**
   * Two entries prove the same domain at the same moment, through one store (one connection) or
   * through two stores on the same file (two connections, as two processes would).
   */
  @ParameterizedTest(name = "separate connections: {0}")
  @ValueSource(booleans = {false, true})
  void exactlyOneOfTwoConcurrentValidationsWins(boolean separateConnections) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (DomainStore first = open();
        DomainStore second = separateConnections ? open() : first) {
      for (int i = 0; i < ROUNDS; i++) {
        String domain = "domain-" + i + ".example.com";
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Boolean> a =
            threads.submit(
                () -> {
                  start.await();
                  return first.validate("a-" + domain, domain, "ta", "1");
                });
        Future<Boolean> b =
            threads.submit(
                () -> {
                  start.await();
                  return second.validate("b-" + domain, domain, "tb", "1");
                });
        boolean aWon = a.get(30, TimeUnit.SECONDS);
        assertNotEquals(aWon, b.get(30, TimeUnit.SECONDS), domain);
        String winner = (aWon ? "a-" : "b-") + domain;
        String loser = (aWon ? "b-" : "a-") + domain;
        assertEquals(
            Optional.of(winner),
            first.validatedByOther(domain, "nobody").map(DomainValidation::instanceReference));
        assertEquals(Optional.empty(), first.find(loser));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
