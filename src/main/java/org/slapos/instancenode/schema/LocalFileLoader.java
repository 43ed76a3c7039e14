package org.slapos.instancenode.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.ResourceLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves {@code $ref} targets from local files only. The validator's default loader fetches nothing
 * and this one adds {@code file:} IRIs, so a schema never makes us reach the network; the JSON
 * Schema meta-schemas come from the validator's jar.
 */
final class LocalFileLoader implements ResourceLoader {

  @Override
  public InputStreamSource getResource(AbsoluteIri iri) {
    if (!"file".equals(iri.getScheme())) {
      return () -> {
        throw new IOException("only local files are read, never " + iri);
      };
    }
    Path file = Path.of(URI.create(iri.toString()));
    return () -> Files.newInputStream(file);
  }
}
