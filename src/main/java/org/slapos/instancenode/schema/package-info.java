/**
 * Shared-instance parameters checked against the JSON Schema of the software release, as SlapOS's
 * slapconfiguration checks them.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A {@link org.slapos.instancenode.schema.SharedInstanceSchema} is compiled once, from the
 *       {@code slave-schema} file or from {@code software.cfg.json} and a shared software type, and
 *       is then immutable and thread-safe. Every file it needs is read at load time; {@code $ref}s
 *       resolve relative to the file that holds them and only ever to local files: nothing is
 *       fetched from the network. A schema that cannot be loaded fails at once with a {@link
 *       org.slapos.instancenode.schema.SchemaLoadException} naming the file and the problem.
 *   <li>Validation never mutates its input. It unwraps json-in-xml parameters (one key {@code _}
 *       holding a JSON text), optionally converts stringified integers, numbers and booleans to the
 *       types the schema declares, and reports every error, not just the first, ordered by path.
 *   <li>Error paths are JSON paths: {@code $}, {@code $.custom_domain}, {@code $['server-alias']}.
 *       Messages are English and never repeat a long value whole (beyond 80 characters it is
 *       abbreviated), so certificates and keys stay out of them.
 *   <li>{@code format} is an annotation, not an assertion, as in draft 2020-12 by default and in
 *       SlapOS (whose validator has no format checker): {@code *.example.com} passes an {@code
 *       idn-hostname} format. Domain rules are the business of later checks.
 * </ul>
 */
package org.slapos.instancenode.schema;
