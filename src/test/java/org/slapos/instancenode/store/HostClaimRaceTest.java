package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostClaimRaceTest {
  private static final int ROUNDS = 200;

  @TempDir Path dir;

  /**
   * Two claimants of one host start at the same moment, through one store (one connection) or
   * through two stores on the same file (two connections, as two processes would).
   */
  @ParameterizedTest(name = "separate connections: {0}")
  @ValueSource(booleans = {false, true})
  void exactlyOneOfTwoConcurrentClaimsWins(boolean separateConnections) throws Exception {
    Path file = dir.resolve("domain.db");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (DomainStore first = DomainStore.open(file);
        DomainStore second = separateConnections ? DomainStore.open(file) : first) {
      for (int i = 0; i < ROUNDS; i++) {
        int round = i;
        Set<String> host = Set.of("host-" + round + ".example.com");
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Boolean> a =
            threads.submit(
                () -> {
                  start.await();
                  return first.claimHosts("a-" + round, host);
                });
        Future<Boolean> b =
            threads.submit(
                () -> {
                  start.await();
                  return second.claimHosts("b-" + round, host);
                });
        boolean aWon = a.get(30, TimeUnit.SECONDS);
        assertNotEquals(aWon, b.get(30, TimeUnit.SECONDS), "round " + round);
        String winner = (aWon ? "a-" : "b-") + round;
        assertEquals(Optional.of(winner), first.hostOwner(host.iterator().next(), "nobody"));
        assertEquals(host, first.hosts(winner));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
