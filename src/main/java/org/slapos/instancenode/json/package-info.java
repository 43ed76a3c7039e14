/**
 * JSON handling shared by every package: the project's Jackson mapper, and a serialiser that
 * reproduces Python's {@code json.dumps(value, sort_keys=True)} byte for byte, which the stores
 * need so that databases written by the Python implementation are adopted as they are.
 */
package org.slapos.instancenode.json;
