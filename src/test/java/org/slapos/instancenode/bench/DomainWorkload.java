package org.slapos.instancenode.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * A drop-in instance DB for the DNS challenge benchmark: of N valid entries, 60% with a custom
 * domain whose record the benchmark publishes, 15% with a custom domain left pending, 12.5% without
 * custom domain and 12.5% asking for the domain of a published entry (a conflict). References sort
 * the published entries first, so that they usually validate before their rivals are checked.
 *
 * @param published the references whose record is published, with their domain
 */
public record DomainWorkload(Map<String, String> published) {

  /** Writes the entries of {@code count} under {@code zone} into {@code instanceDb}. */
  public static DomainWorkload write(int count, String zone, Path instanceDb) {
    int publishedCount = count * 60 / 100;
    int pendingCount = count * 15 / 100;
    int plainCount = (count - publishedCount - pendingCount) / 2;
    Map<String, String> published = new LinkedHashMap<>();
    List<InstanceRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String reference;
      String domain;
      if (i < publishedCount) {
        reference = String.format("DNS-A-%07d", i);
        domain = "p" + i + "." + zone;
        published.put(reference, domain);
      } else if (i < publishedCount + pendingCount) {
        reference = String.format("DNS-B-%07d", i);
        domain = "w" + i + "." + zone;
      } else if (i < publishedCount + pendingCount + plainCount) {
        reference = String.format("DNS-C-%07d", i);
        domain = null;
      } else {
        reference = String.format("DNS-D-%07d", i);
        domain = "p" + (i % publishedCount) + "." + zone;
      }
      rows.add(row(reference, domain));
    }
    try (InstanceStore store = InstanceStore.open(instanceDb)) {
      store.write(rows, List.of());
    }
    return new DomainWorkload(published);
  }

  private static InstanceRow row(String reference, String domain) {
    var parameters = Json.MAPPER.createObjectNode().put("url", "https://backend.example.net:8443");
    if (domain != null) {
      parameters.put("custom_domain", domain);
    }
    String dumped = PythonJson.dumps(parameters);
    return new InstanceRow(
        reference, dumped, "{}", ParameterHash.ofDumped(dumped), "1764000000", InstanceRow.VALID);
  }
}
