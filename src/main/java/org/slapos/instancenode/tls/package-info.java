/**
 * TLS facts for the CDN checks: the cipher names Rapid.CDN accepts, PEM certificates and keys
 * parsed with Bouncy Castle under size bounds, key matching, RFC 6125 name coverage, chain
 * signatures, and live probes of backends. Parsing never runs external programs and never puts key
 * material in a message.
 */
package org.slapos.instancenode.tls;
