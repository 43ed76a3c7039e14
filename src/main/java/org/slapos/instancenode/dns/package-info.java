/**
 * Domain-ownership proof by DNS (ARCHITECTURE.md section 7): the node's challenge secret, the
 * tokens derived from it, and the TXT lookups that compare published records with stored tokens.
 *
 * <p>Guarantees: the secret never appears in a message, a log line or a {@code toString()}; a token
 * is unguessable without the secret and new for every issue; the Python implementation's public
 * default secret is never accepted.
 *
 * <p>Lookups: the TXT records a domain's owner publishes for the challenge, read straight from DNS
 * with dnsjava and never cached.
 *
 * <ul>
 *   <li>{@link org.slapos.instancenode.dns.TxtAnswer}: what one source said about a name: found
 *       (the strings of each record joined), absent (NXDOMAIN or an empty answer: "not yet") or
 *       transient (SERVFAIL, REFUSED, timeouts, CNAME loops: change nothing). Every text names the
 *       server that answered and the response code, as users and operators read them.
 *   <li>{@link org.slapos.instancenode.dns.TxtEvidence}: the answers of every server asked, and the
 *       verdict for an expected value: in authoritative mode every server must hold it.
 *   <li>{@link org.slapos.instancenode.dns.TxtLookup}: one strategy per {@code dns-mode}: recursive
 *       (the configured or system resolvers, first usable answer), authoritative (every name server
 *       of the zone, asked directly) and each-nameserver (for the {@code challenge} command).
 *   <li>{@link org.slapos.instancenode.dns.DnsLookups}: runs lookups concurrently, at most {@code
 *       dns-concurrency} at a time, and reports them to {@link
 *       org.slapos.instancenode.dns.DnsMetrics}.
 * </ul>
 *
 * <p>CNAME chains are followed (at most 8 links, loops detected); a truncated UDP answer is asked
 * again over TCP by dnsjava's {@code SimpleResolver}.
 */
package org.slapos.instancenode.dns;
