/**
 * A fake SlapOS master for tests: a loopback JSON-RPC server ({@link
 * org.slapos.instancenode.testing.master.FakeMaster}) holding host and shared instances, checking
 * every request and answer against the master's contract file, recording every call and injecting
 * faults per method.
 */
package org.slapos.instancenode.testing.master;
