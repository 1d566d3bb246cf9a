"""Importing WeasyPrint, which loads Pango, HarfBuzz and Fontconfig through cffi."""

from __future__ import annotations

import sys


def weasyprint():
    """The weasyprint module, imported without futile library searches (0.25 s of every cold build on Linux)."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    from carrousel.theme.fonts import isolate

    isolate()  # fontconfig reads FONTCONFIG_FILE when WeasyPrint starts: the build never sees the machine's fonts
    import ctypes.util

    search = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        # WeasyPrint tries Windows and macOS library names before 'libpango-1.0.so.0'; cffi hands each miss to
        # find_library, which runs ldconfig and gcc. The Linux soname it tries last loads without any search.
        ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint
