package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.store.Batch;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slf4j.LoggerFactory;

class BangCoordinatorTest {
  private static final Duration INTERVAL = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private final RecordingBangTarget target = new RecordingBangTarget();
  private final List<Boolean> reported = new CopyOnWriteArrayList<>();
  private final List<String> loggedOnly = new CopyOnWriteArrayList<>();
  private final PassMetrics metrics =
      new PassMetrics() {
        @Override
        public void bang(boolean sent) {
          reported.add(sent);
        }

        @Override
        public void bangLogged() {
          loggedOnly.add("logged");
        }
      };
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private InstanceStore store;
  private int changes;

  @BeforeEach
  void setUp() {
    store = InstanceStore.openRequestDb(dir.resolve("request.db"));
    logs.start();
    logger().addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    logger().detachAppender(logs);
    store.close();
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(BangCoordinator.class);
  }

  private BangCoordinator coordinator(Duration interval) {
    return new BangCoordinator(store, target, interval, clock, metrics);
  }

  /** A state change that owes a bang, committed as the state writer does it. */
  private void commitChange() {
    changes++;
    Batch batch = store.batch();
    batch.upsert(
        new InstanceRow("ref" + changes, "{}", "{}", "h" + changes, "1700000000", "valid"));
    BangCoordinator.owe(batch, clock.instant());
    batch.commit();
  }

  private void change(BangCoordinator coordinator) {
    commitChange();
    coordinator.noteOwed();
  }

  private boolean owedInDb() {
    return store.meta(BangCoordinator.OWED_KEY).isPresent();
  }

  @Test
  void withoutAMasterTheBangIsLoggedAndCountedAsLoggedNeverAsSent() {
    BangCoordinator coordinator =
        new BangCoordinator(store, new LoggedBangTarget(), INTERVAL, clock, metrics);
    change(coordinator);

    assertEquals(Optional.empty(), coordinator.flush());

    assertEquals(List.of(), reported, "neither sent nor failed");
    assertEquals(List.of("logged"), loggedOnly);
    assertFalse(owedInDb(), "a logged bang settles the debt");
    List<String> messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertTrue(
        messages.contains("bang of the host instance logged (no master configured)"),
        messages::toString);
    assertFalse(messages.contains("bang of the host instance sent"), messages::toString);
  }

  @Test
  void owedSinceIsTheFirstOweUntilABangCoversIt() throws Exception {
    BangCoordinator coordinator = coordinator(INTERVAL);
    assertEquals(Optional.empty(), coordinator.owedSince());
    Instant first = clock.instant();
    change(coordinator);
    clock.advance(Duration.ofSeconds(5));
    change(coordinator);
    target.failNext(new java.io.IOException("master down"));

    coordinator.flush();
    assertEquals(Optional.of(first), coordinator.owedSince(), "a failed bang leaves the debt");

    clock.advance(INTERVAL);
    coordinator.flush();
    assertEquals(Optional.empty(), coordinator.owedSince());
  }

  @Test
  void owedSinceOutlivesARestartAsTheLatestRecordedOwe() {
    Instant owedAt = clock.instant();
    commitChange();
    store.close();
    store = InstanceStore.openRequestDb(dir.resolve("request.db"));
    clock.advance(Duration.ofMinutes(10));

    assertEquals(Optional.of(owedAt), coordinator(INTERVAL).owedSince());
  }

  @Test
  void nothingOwedSendsNoBang() {
    BangCoordinator coordinator = coordinator(INTERVAL);

    assertEquals(Optional.empty(), coordinator.flush());

    assertEquals(0, target.attempts());
    assertEquals(List.of(), reported);
  }

  @Test
  void changesOwedBeforeAFlushAreCoalescedIntoOneBang() {
    BangCoordinator coordinator = coordinator(INTERVAL);
    change(coordinator);
    change(coordinator);
    change(coordinator);

    assertEquals(Optional.empty(), coordinator.flush());
    assertEquals(Optional.empty(), coordinator.flush());

    assertEquals(List.of(BangCoordinator.MESSAGE), target.sent());
    assertEquals(List.of(true), reported);
    assertFalse(owedInDb());
  }

  @Test
  void bangsAreAtMostOnePerInterval() {
    BangCoordinator coordinator = coordinator(INTERVAL);
    change(coordinator);
    coordinator.flush();
    change(coordinator);

    assertEquals(Optional.of(INTERVAL), coordinator.flush());
    clock.advance(Duration.ofSeconds(59));
    assertEquals(Optional.of(Duration.ofSeconds(1)), coordinator.flush());
    assertEquals(1, target.attempts());

    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), coordinator.flush());
    assertEquals(2, target.sent().size());
  }

  @Test
  void bangOwedBeforeACrashIsSentByTheNextCoordinator() {
    commitChange(); // and the process dies before noteOwed or any flush
    store.close();
    store = InstanceStore.openRequestDb(dir.resolve("request.db"));

    assertEquals(Optional.empty(), coordinator(INTERVAL).flush());

    assertEquals(1, target.sent().size());
    assertFalse(owedInDb());
  }

  @Test
  void intervalIsRespectedByTheNextProcess() {
    BangCoordinator first = coordinator(INTERVAL);
    change(first);
    first.flush();
    store.close();
    clock.advance(Duration.ofSeconds(20));
    store = InstanceStore.openRequestDb(dir.resolve("request.db"));
    BangCoordinator next = coordinator(INTERVAL);
    change(next);

    assertEquals(Optional.of(Duration.ofSeconds(40)), next.flush());
    assertEquals(1, target.attempts());
    clock.advance(Duration.ofSeconds(40));
    assertEquals(Optional.empty(), next.flush());
    assertEquals(2, target.sent().size());
  }

  @Test
  void failedBangStaysOwedIsLoggedOnceAndIsRetriedAfterTheInterval() {
    BangCoordinator coordinator = coordinator(INTERVAL);
    target.failNext(new IOException("master unreachable"));
    change(coordinator);

    assertEquals(Optional.of(INTERVAL), coordinator.flush());
    assertEquals(List.of(false), reported);
    assertTrue(owedInDb());
    ILoggingEvent failure = logs.list.getFirst();
    assertEquals(1, logs.list.size());
    assertEquals("WARN", failure.getLevel().toString());
    assertTrue(String.valueOf(failure.getKeyValuePairs()).contains("master unreachable"));
    assertNull(failure.getThrowableProxy(), "an expected failure is logged without stack trace");

    clock.advance(Duration.ofSeconds(30));
    assertEquals(Optional.of(Duration.ofSeconds(30)), coordinator.flush());
    assertEquals(1, target.attempts());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(Optional.empty(), coordinator.flush());

    assertEquals(1, target.sent().size());
    assertEquals(List.of(false, true), reported);
    assertFalse(owedInDb());
  }

  @Test
  void unexpectedFailureIsLoggedWithItsStackTrace() {
    BangCoordinator coordinator = coordinator(INTERVAL);
    target.failNext(new IllegalStateException("bug"));
    change(coordinator);

    coordinator.flush();

    assertNotNull(logs.list.getFirst().getThrowableProxy());
    assertTrue(owedInDb());
  }

  @ParameterizedTest(name = "writer noted it before the flush ended: {0}")
  @ValueSource(booleans = {true, false})
  void bangOwedWhileABangIsInFlightIsNotLost(boolean notedDuringTheBang) {
    BangCoordinator coordinator = coordinator(INTERVAL);
    change(coordinator);
    target.duringNext(
        () -> {
          commitChange();
          if (notedDuringTheBang) {
            coordinator.noteOwed();
          }
        });

    assertEquals(Optional.of(INTERVAL), coordinator.flush());
    assertTrue(owedInDb());

    clock.advance(INTERVAL);
    assertEquals(Optional.empty(), coordinator.flush());
    assertEquals(2, target.sent().size());
    assertFalse(owedInDb());
  }

  @Test
  void zeroIntervalSendsABangAtEveryFlushThatFindsOne() {
    BangCoordinator coordinator = coordinator(Duration.ZERO);
    change(coordinator);
    assertEquals(Optional.empty(), coordinator.flush());
    change(coordinator);
    assertEquals(Optional.empty(), coordinator.flush());
    assertEquals(Optional.empty(), coordinator.flush());

    assertEquals(2, target.sent().size());
  }

  @Test
  void clockSteppedBackDelaysTheNextBangByOneIntervalAtMost() {
    BangCoordinator coordinator = coordinator(INTERVAL);
    change(coordinator);
    coordinator.flush();
    clock.advance(Duration.ofHours(-1));
    change(coordinator);

    assertEquals(Optional.of(INTERVAL), coordinator.flush());
    clock.advance(INTERVAL);
    assertEquals(Optional.empty(), coordinator.flush());
    assertEquals(2, target.sent().size());
  }

  @Test
  void negativeIntervalIsRejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> coordinator(Duration.ofSeconds(-1)));

    assertTrue(error.getMessage().contains("bang-min-interval"), error.getMessage());
  }
}
