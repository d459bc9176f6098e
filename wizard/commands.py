"""The PowerShell commands we print for people to paste into an elevated Windows PowerShell 5.1.

Paths are absolute (an elevated PowerShell opens in C:\\Windows\\System32) and single-quoted (nothing inside
is expanded: `$`, backticks and double quotes stay as they are; a single quote is doubled)."""

from __future__ import annotations

import os


def ps_quote(text: str) -> str:
    """A PowerShell single-quoted string literal."""
    return "'" + text.replace("'", "''") + "'"


def absolute(path: str | os.PathLike[str]) -> str:
    """The path as the edge box names it: absolute, without resolving links the person chose."""
    return os.path.abspath(os.fspath(path))


def folder_of(path: str | os.PathLike[str]) -> str:
    """The absolute folder holding `path` (either separator: the path may name the Windows box's)."""
    text = absolute(path)
    cut = max(text.rfind("\\"), text.rfind("/"))
    return text[:cut] if cut > 0 else text[: cut + 1] or text


def deploy_commands(path: str | os.PathLike[str], *, scalable: bool, arc_later: bool = False) -> list[str]:
    """What to run after writing the file: check the network (scalable), deploy (or join), and connect
    to Arc once the Arc section is filled in, when it was left for later."""
    quoted = ps_quote(absolute(path))
    commands = []
    if scalable:
        commands.append(f"Test-AksEdgeNetworkParameters -JsonConfigFilePath {quoted}")
    commands.append(f"New-AksEdgeDeployment -JsonConfigFilePath {quoted}")
    if arc_later:
        commands.append(arc_command(path) + "   # later, once Arc is filled in")
    return commands


def arc_command(path: str | os.PathLike[str]) -> str:
    return f"Connect-AksEdgeArc -JsonConfigFilePath {ps_quote(absolute(path))}"
