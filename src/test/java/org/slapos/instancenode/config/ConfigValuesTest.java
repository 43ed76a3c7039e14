package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

  @ParameterizedTest
  @CsvSource({
    "y, true",
    "YES, true",
    "1, true",
    "True, true",
    "n, false",
    "No, false",
    "0, false",
    "FALSE, false",
    "'', false"
  })
  void booleansAreReadAsThePythonRecipesReadThem(String text, boolean expected) {
    assertEquals(expected, ConfigValues.bool(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"on", "off", "2", "yess", "t"})
  void otherBooleanSpellingsAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.bool(text));
  }

  @ParameterizedTest
  @CsvSource({
    "60, PT60S",
    "0, PT0S",
    "500ms, PT0.5S",
    "90s, PT1M30S",
    "5m, PT5M",
    "1h, PT1H",
    "30d, PT720H",
    "1.5h, PT1H30M",
    "0.25, PT0.25S"
  })
  void durationsAreSecondsOrANumberWithAUnit(String text, Duration expected) {
    assertEquals(expected, ConfigValues.duration(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "5 m", "m", "1w", "1e3", "99999999999999999d", "1.2.3s"})
  void malformedDurationsAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.duration(text));
  }

  @Test
  void aPositiveDurationRefusesZero() {
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.positiveDuration("0ms"));
    assertEquals(Duration.ofMillis(1), ConfigValues.positiveDuration("1ms"));
  }

  @ParameterizedTest
  @CsvSource({
    "wrokers, workers, 1",
    "workers, workers, 0",
    "kid, kind, 1",
    "wrokres, workers, 2",
    "abc, xyz, 3"
  })
  void editDistanceCountsASwapAsOneEdit(String a, String b, int expected) {
    assertEquals(expected, Suggestions.distance(a, b));
  }
}
