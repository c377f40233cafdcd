"""Before the window opens on Linux: are the X libraries Qt's xcb platform needs installed?

Without them Qt aborts with "Could not load the Qt platform plugin xcb" and a hint
naming only libxcb-cursor0, whichever of the four is missing. digitpad looks first and
names exactly the missing ones, with the line that installs them. Each is checked by
loading it by its soname, as Qt's plugin will (ctypes: `dlopen`), so LD_LIBRARY_PATH and
the linker's cache count and a PATH without /sbin's ldconfig does not give a false alarm.
Only on Linux, and only when Qt will use xcb: not offscreen, not in a Wayland session.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import ngettext

# (the Debian/Ubuntu package, the library Qt's xcb plugin loads)
XCB_LIBRARIES = (
    ("libxcb-icccm4", "libxcb-icccm.so.4"),
    ("libxcb-keysyms1", "libxcb-keysyms.so.1"),
    ("libxcb-cursor0", "libxcb-cursor.so.0"),
    ("libxkbcommon-x11-0", "libxkbcommon-x11.so.0"),
)


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Qt will open its window through xcb: Linux, and QT_QPA_PLATFORM names xcb first, or
    names nothing outside a Wayland session (where Qt 6 prefers Wayland)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY")
    return not wayland


def loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_x_libraries(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    can_load: Callable[[str], bool] | None = None,
) -> list[str]:
    """The packages of the X libraries Qt needs here and cannot load (none: all is well)."""
    if not uses_xcb(os.environ if environ is None else environ, platform):
        return []
    load = can_load or loadable
    return [package for package, soname in XCB_LIBRARIES if not load(soname)]


def check_x_libraries() -> None:
    """Raise `DigitpadError` naming the missing X libraries before Qt aborts without them."""
    missing = missing_x_libraries()
    if missing:
        raise DigitpadError(
            ngettext(
                "A window needs the X library {names}, which is not installed here "
                "(on Debian or Ubuntu: sudo apt-get install {packages}).",
                "A window needs the X libraries {names}, which are not installed here "
                "(on Debian or Ubuntu: sudo apt-get install {packages}).",
                len(missing),
            ).format(names=", ".join(missing), packages=" ".join(missing))
        )
