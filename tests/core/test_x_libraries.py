"""Before Qt aborts without its X libraries, `digitpad` names exactly the missing ones."""

from __future__ import annotations

import sys
import types

import pytest

from digitpad.cli import main
from digitpad.cli import x_libraries as x
from digitpad.core import i18n


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANGUAGE", "en")
    saved = i18n._translation, i18n._language
    yield
    i18n._translation, i18n._language = saved


@pytest.mark.parametrize(
    ("environ", "platform", "xcb"),
    [
        ({}, "linux", True),  # Qt's default outside Wayland
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nograb;wayland"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "linux", True),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_only_where_qt_will_use_xcb(environ: dict, platform: str, xcb: bool) -> None:
    assert x.uses_xcb(environ, platform) is xcb


def test_the_missing_ones_are_named_not_always_cursor0() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    missing = x.missing_x_libraries({}, "linux", lambda soname: soname not in absent)
    assert missing == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert x.missing_x_libraries({}, "linux", lambda soname: True) == []
    assert x.missing_x_libraries({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda s: False) == []


def test_a_real_library_loads_and_a_made_up_one_does_not() -> None:
    assert x.loadable("libc.so.6") and not x.loadable("libdigitpad-no-such.so.0")


def test_digitpad_says_so_before_qt_starts(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    app = types.ModuleType("digitpad.gui.app")  # the window: never reached
    app.run = lambda **kwargs: opened.append(kwargs) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "digitpad.gui.app", app)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(x, "loadable", lambda soname: "keysyms" not in soname)
    assert main([]) == 2 and opened == []
    err = capsys.readouterr().err
    assert err == (
        "digitpad: A window needs the X library libxcb-keysyms1, which is not installed "
        "here (on Debian or Ubuntu: sudo apt-get install libxcb-keysyms1).\n"
    )
    monkeypatch.setattr(x, "loadable", lambda soname: True)
    assert main(["gui"]) == 0 and len(opened) == 1
