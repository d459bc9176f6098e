"""`python -m wizard`: the same as the `aksedge-wizard` command (the Windows box often has no Scripts
folder on PATH)."""

from .cli import main

raise SystemExit(main())
