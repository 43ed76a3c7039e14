package org.slapos.instancenode.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The samples and types of one scrape in the Prometheus text format, parsed line by line, so tests
 * assert values of exact series rather than search the text.
 */
public final class ScrapedMetrics {
  private record Series(String name, Map<String, String> labels) {}

  private final Map<Series, Double> samples = new LinkedHashMap<>();
  private final Map<String, String> types = new HashMap<>();

  public static ScrapedMetrics parse(String text) {
    ScrapedMetrics scraped = new ScrapedMetrics();
    text.lines().filter(line -> !line.isBlank()).forEach(scraped::read);
    return scraped;
  }

  /** The type a {@code # TYPE} line gives the family, or null. */
  public String type(String family) {
    return types.get(family);
  }

  /**
   * The value of the series with exactly these labels, given as alternating names and values.
   *
   * @throws AssertionError when the scrape has no such series
   */
  public double value(String name, String... labelNamesAndValues) {
    Series series = new Series(name, labels(labelNamesAndValues));
    Double value = samples.get(series);
    if (value == null) {
      fail("no sample " + series + " in the scrape; samples: " + samples.keySet());
    }
    return value;
  }

  /** The sum of every series of {@code name}, whatever its labels; 0 when there is none. */
  public double sum(String name) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The name of every sample and every family with a {@code # TYPE} line. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>(types.keySet());
    samples.keySet().forEach(series -> names.add(series.name()));
    return names;
  }

  public boolean has(String name, String... labelNamesAndValues) {
    return samples.containsKey(new Series(name, labels(labelNamesAndValues)));
  }

  private void read(String line) {
    if (line.startsWith("# TYPE ")) {
      String[] words = line.split(" ");
      types.put(words[2], words[3]);
      return;
    }
    if (line.startsWith("#")) {
      return;
    }
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new HashMap<>();
    String name;
    int end;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      end = readLabels(line, brace + 1, labels);
    } else {
      name = line.substring(0, space);
      end = space;
    }
    String value = line.substring(end).trim().split(" ")[0];
    samples.put(new Series(name, labels), Double.parseDouble(value));
  }

  // Reads name="value" pairs up to the closing brace; returns the index after it.
  private static int readLabels(String line, int at, Map<String, String> labels) {
    int i = at;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String label = line.substring(i, equals);
      StringBuilder value = new StringBuilder();
      i = equals + 2;
      while (line.charAt(i) != '"') {
        char c = line.charAt(i++);
        if (c == '\\') {
          char escaped = line.charAt(i++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      labels.put(label, value.toString());
      i++;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }

  private static Map<String, String> labels(String... namesAndValues) {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return labels;
  }
}
