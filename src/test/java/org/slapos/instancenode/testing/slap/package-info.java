/**
 * A fake SlapOS master speaking the classic SLAP protocol for tests: a loopback server ({@link
 * org.slapos.instancenode.testing.slap.FakeSlapMaster}) checking every request against {@code
 * ../shared/slapos-slap-protocol/README.md}, answering marshalled values, recording every call and
 * injecting faults per call.
 */
package org.slapos.instancenode.testing.slap;
