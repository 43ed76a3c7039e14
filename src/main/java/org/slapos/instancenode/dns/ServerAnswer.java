package org.slapos.instancenode.dns;

/**
 * One server's answer.
 *
 * @param server who was asked, e.g. {@code 127.0.0.1:53} or {@code ns1.example.com at
 *     192.0.2.1:53}; for a recursive lookup that tried several resolvers, the one that answered (or
 *     all of them, when none did)
 * @param answer what it said
 */
public record ServerAnswer(String server, TxtAnswer answer) {}
