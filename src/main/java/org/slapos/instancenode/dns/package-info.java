/**
 * Domain-ownership proof by DNS (ARCHITECTURE.md section 7): the node's challenge secret, the
 * tokens derived from it, and the TXT lookups that compare published records with stored tokens.
 *
 * <p>Guarantees: the secret never appears in a message, a log line or a {@code toString()}; a token
 * is unguessable without the secret and new for every issue; the Python implementation's public
 * default secret is never accepted.
 */
package org.slapos.instancenode.dns;
