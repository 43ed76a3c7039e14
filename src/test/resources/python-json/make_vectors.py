#!/usr/bin/env python3
"""Writes vectors.json: what Python's json.dumps(value, sort_keys=True) and its SHA-256 are.

PythonJsonTest checks org.slapos.instancenode.json.PythonJson and ParameterHash against them.
To regenerate, from this directory:

    python3 make_vectors.py

then commit this script and vectors.json together. Each vector is
{"name", "input", "dumps", "sha256"}: "input" is the value as JSON text in the order it was
built (unsorted, ASCII-escaped, so lone surrogates survive), "dumps" is
json.dumps(value, sort_keys=True) and "sha256" the hex SHA-256 of "dumps" encoded as UTF-8.
The random parts use a fixed seed, so the output only changes when this script does.
Two things cannot be vectors, so PythonJsonTest covers them with values it builds itself:
non-finite floats (NaN, Infinity), which strict JSON cannot carry, and object keys holding a
lone surrogate, which Jackson refuses to read (lone surrogates in string values are fine).
"""

import hashlib
import json
import os
import random
import struct

PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGVGb3JUZXN0c0FuZE5vdGhpbmdFbHNl\n"
    "MAoGCCqGSM49BAMCMBsxGTAXBgNVBAMMEHd3dy5leGFtcGxlLmNvbTAeFw0yNTAx\n"
    "-----END CERTIFICATE-----\n"
)
KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"


def random_doubles(rng, count):
    """Doubles from random bit patterns: every magnitude, subnormals included."""
    values = []
    while len(values) < count:
        (value,) = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))
        if value == value and value not in (float("inf"), float("-inf")):
            values.append(value)
    return values


def random_subnormals(rng, count):
    """Subnormals, where a one-digit repr competes with two digits (5e-324, 1e-323...)."""
    small = [struct.unpack("<d", struct.pack("<Q", bits))[0] for bits in range(1, 64)]
    rest = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(52)))[0] for _ in range(count)]
    return small + [-v for v in small[:8]] + rest


def random_text(rng, length):
    """Text from every plane and escape class, lone surrogates excluded (they are cased apart)."""
    pools = [
        (0x00, 0x20),
        (0x20, 0x7F),
        (0x7F, 0xA0),
        (0xA0, 0x800),
        (0x800, 0xD800),
        (0xE000, 0x10000),
        (0x10000, 0x110000),
    ]
    out = []
    for _ in range(length):
        low, high = rng.choice(pools)
        out.append(chr(rng.randrange(low, high)))
    return "".join(out)


def cases():
    rng = random.Random(20250101)
    yield "empty-object", {}
    yield "empty-list", []
    yield "null", None
    yield "true", True
    yield "false", False
    yield "booleans-and-null-in-object", {"b": False, "a": True, "c": None}
    yield "zero", 0
    yield "negative-integer", -42
    yield "big-integer", 123456789012345678901234567890
    yield "big-negative-integer", -(2**200)
    yield "long-limits", [2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**31, -(2**31) - 1]
    yield "float-tenth", 0.1
    yield "float-one", 1.0
    yield "float-negative-zero", -0.0
    yield "float-zero", 0.0
    yield "float-1e-05", 1e-05
    yield "float-0.0001", 0.0001
    yield "float-1e16", 1e16
    yield "float-1e15", 1e15
    yield "float-9999999999999998", 9999999999999998.0
    yield "float-1.5e16", 1.5e16
    yield "float-1e300", 1e300
    yield "float-1.5e300", 1.5e300
    yield "float-123456789.123", 123456789.123
    yield "float-min-subnormal", 5e-324
    yield "float-max", 1.7976931348623157e308
    yield "float-min-normal", 2.2250738585072014e-308
    yield "float-assorted", [0.5, -2.5, 3.14159, 1e22, 2e23, 1e-7, 123e-20, 0.3, 2 / 3, 100.0, 1e7, 12345678.9]
    yield "float-random-bits", random_doubles(rng, 1500)
    yield "float-subnormals", random_subnormals(rng, 300)
    yield "string-plain", "hello world"
    yield "string-empty", ""
    yield "string-quotes-and-backslashes", 'say "hi" \\ back\\slash \\"mixed\\" / slash'
    yield "string-named-escapes", "line\nfeed\rreturn\ttab\bbackspace\fformfeed"
    yield "string-every-control-char", "".join(chr(c) for c in range(0x20)) + "\x7f"
    yield "string-printable-ascii", "".join(chr(c) for c in range(0x20, 0x7F))
    yield "string-latin", "café naïve Ærøskøbing ß ÿ"
    yield "string-c1-controls", "\x80\x85\x9f\xa0\xad"
    yield "string-cjk", "日本語のテキスト 中文 한국어"
    yield "string-emoji", "rocket 🚀 family 👨‍👩‍👧 flag 🇫🇷"
    yield "string-astral", "\U00010000 \U0001d11e \U0010ffff \U00020000"
    yield "string-bmp-edges", "\u07ff\u0800\ud7ff\ue000\ufeff\ufffd\uffff"
    yield "string-lone-surrogates", "a\ud800b\udfffc\udbff"
    yield "string-random-unicode", [random_text(rng, 40) for _ in range(40)]
    yield "keys-surrogate-vs-bmp", {
        "\U0001f600": 1,
        "\uffff": 2,
        "\ue000": 3,
        "\ud7ff": 4,
        "\U00010000": 5,
        "z": 6,
        "\uff21": 7,
    }
    yield "keys-prefixes", {"ab": 1, "a": 2, "": 3, "abc": 4, "b": 5, "A": 6, "a\x00": 7}
    yield "keys-escaped", {"quo\"te": 1, "back\\slash": 2, "new\nline": 3, "tab\t": 4, "é": 5}
    yield "keys-random", {random_text(rng, rng.randrange(1, 6)): i for i in range(200)}
    yield "nested", {"z": {"b": [1, {"y": 2, "x": [3, {"q": None, "p": True}]}], "a": {}}, "a": [[], [[]], {}]}
    yield "deeply-nested", {"level": {"level": {"level": {"level": {"level": ["bottom", {"k": "v"}]}}}}}
    yield "mixed-list", [1, "two", 3.0, None, True, False, {"k": "v"}, [], -0.0, 10**30]
    yield "cdn-minimal", {"url": "https://backend.example.com"}
    yield "cdn-custom-domain", {
        "url": "https://backend.example.com:8443/app/",
        "https-url": "https://secure-backend.example.com/",
        "custom_domain": "www.example.com",
        "server-alias": "example.com shop.example.com *.static.example.com",
        "type": "zope",
        "enable_cache": True,
        "ciphers": "ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-GCM-SHA384",
        "https-only": "true",
        "virtualhostroot-http-port": 80,
        "virtualhostroot-https-port": 443,
    }
    yield "cdn-certificates", {
        "custom_domain": "bücher.example.de",
        "url": "http://[2001:db8::1]:8080",
        "ssl_crt": PEM,
        "ssl_key": KEY,
        "ssl_ca_crt": PEM,
        "ssl_proxy_verify": True,
        "ssl_proxy_ca_crt": PEM,
        "backend-connect-timeout": 5,
        "request-timeout": 600.5,
        "health-check": True,
        "health-check-http-path": "/health?probe=1&x=%20",
        "health-check-failover-url-netloc-list": "[2001:db8::2]:443 backup.example.com:443",
    }
    yield "cdn-underscore-wrapped", {"_": json.dumps({"url": "https://b.example.com", "custom_domain": "é.example.com"})}
    yield "cdn-many-entries", {
        "_%d" % i: {"url": "https://backend-%d.example.com" % i, "custom_domain": "site%d.example.org" % i}
        for i in range(30, 0, -1)
    }


def main():
    vectors = []
    for name, value in cases():
        dumps = json.dumps(value, sort_keys=True)
        text = json.dumps(value)
        # Adjacent lone surrogates would read back as one pair, a different value from this one.
        assert json.dumps(json.loads(text), sort_keys=True) == dumps, name + " must survive JSON"
        vectors.append(
            {
                "name": name,
                "input": text,
                "dumps": dumps,
                "sha256": hashlib.sha256(dumps.encode("utf-8")).hexdigest(),
            }
        )
    names = [v["name"] for v in vectors]
    assert len(names) == len(set(names)), "vector names must be unique"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w", encoding="ascii") as out:
        json.dump(vectors, out, indent=1)
        out.write("\n")
    print("wrote %d vectors to %s" % (len(vectors), path))


if __name__ == "__main__":
    main()
