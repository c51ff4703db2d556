"""The bodies of the commands, one module per group (the pubs and pipx pattern).

Each command is one function: it takes plain values (paths, strings, numbers), reads and
changes the catalog only through ``awesome_snn.catalog``, and returns a frozen dataclass
that ``awesome_snn.render`` turns into text or JSON. Nothing here prints, and nothing here
imports Typer or Rich: ``awesome_snn.cli`` parses the options and handles errors.

- ``search``, ``listing`` (list), ``venues``, ``show``, ``stats``: the commands that read,
  one module each, so a command loads only its own
- ``maintain``: init, add, edit, remove (the policy of every change)
- ``importing``: import
- ``exporting``: export (and the README comparison ``check --readme`` shares)
- ``check``: check (lint, ``--fix``, ``--readme``, ``--links``)
- ``diff``: diff (what a change does to a list, for the reviewer of a pull request)
- ``common``: what several share (the catalog a command reads, filters, a paper by key)
"""
