"""The TLS settings of every https connection strec makes: verification always on.

The context trusts the system's CA store, as OpenSSL finds it: SSL_CERT_FILE and
SSL_CERT_DIR name a private CA bundle or directory (for an installation behind a
company CA). Host names are checked, TLS 1.2 is the floor. Should this Python's
OpenSSL know no CA store at all (some standalone builds), certifi's bundle stands in,
the same one httpx uses by default.
"""

from __future__ import annotations

import os
import ssl


def _system_store_found() -> bool:
    paths = ssl.get_default_verify_paths()
    if paths.cafile and os.path.isfile(paths.cafile):
        return True
    return bool(paths.capath and os.path.isdir(paths.capath) and os.listdir(paths.capath))


def tls_context() -> ssl.SSLContext:
    """A client context that verifies the server's certificate and host name."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if not _system_store_found():
        import certifi  # a dependency of httpx

        context.load_verify_locations(cafile=certifi.where())
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context
