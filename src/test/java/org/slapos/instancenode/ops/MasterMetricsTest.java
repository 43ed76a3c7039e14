package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.master.MasterMetrics.Circuit;
import org.slapos.instancenode.master.MasterMetrics.Outcome;
import org.slapos.instancenode.master.SlapClient;
import org.slapos.instancenode.testing.ScrapedMetrics;

class MasterMetricsTest {
  private static final String LIST = MasterClient.METHODS.get(0);

  private final PrometheusMetrics metrics = new PrometheusMetrics(PrometheusMetrics.CONTROLLER);
  private final MasterMetrics master = metrics.master();
  private final OpsEndpoint endpoint = new OpsEndpoint(metrics);

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @ParameterizedTest
  @CsvSource({
    "instancenode_master_requests_total, counter",
    "instancenode_master_request_duration_seconds, histogram",
    "instancenode_master_retries_total, counter",
    "instancenode_master_circuit_state, gauge",
  })
  void everyFamilyIsExposedWithItsType(String family, String type) throws Exception {
    assertEquals(type, endpoint.scrape().type(family));
  }

  static Stream<String> methods() {
    return Stream.concat(MasterClient.METHODS.stream(), SlapClient.METHODS.stream());
  }

  @ParameterizedTest
  @MethodSource("methods")
  void everySeriesOfEveryMethodStartsAtZero(String method) throws Exception {
    ScrapedMetrics scraped = endpoint.scrape();
    for (Outcome outcome : Outcome.values()) {
      assertEquals(
          0,
          scraped.value(
              "instancenode_master_requests_total", "method", method, "outcome", outcome.label()));
    }
    assertEquals(
        0, scraped.value("instancenode_master_request_duration_seconds_count", "method", method));
    assertEquals(0, scraped.value("instancenode_master_retries_total", "method", method));
    assertEquals(0, scraped.value("instancenode_master_circuit_state"));
  }

  @Test
  void callsRetriesAndBreakerStateAreCounted() throws Exception {
    master.call(LIST, Outcome.UNAVAILABLE, Duration.ofMillis(1500));
    master.retry(LIST);
    master.call(LIST, Outcome.OK, Duration.ofMillis(500));
    master.call(LIST, Outcome.CIRCUIT_OPEN, Duration.ZERO);
    master.circuitState(Circuit.OPEN);

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(
        1,
        scraped.value(
            "instancenode_master_requests_total", "method", LIST, "outcome", "unavailable"));
    assertEquals(
        1, scraped.value("instancenode_master_requests_total", "method", LIST, "outcome", "ok"));
    assertEquals(
        1,
        scraped.value(
            "instancenode_master_requests_total", "method", LIST, "outcome", "circuit-open"));
    assertEquals(
        2,
        scraped.value("instancenode_master_request_duration_seconds_count", "method", LIST),
        "requests not sent have no latency");
    assertEquals(
        2.0, scraped.value("instancenode_master_request_duration_seconds_sum", "method", LIST));
    assertEquals(1, scraped.value("instancenode_master_retries_total", "method", LIST));
    assertEquals(2, scraped.value("instancenode_master_circuit_state"));
  }
}
