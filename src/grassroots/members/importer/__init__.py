"""Importing the party-member roster and 一联十 links from spreadsheets.

Each import is an engine (``roster.import_roster``, ``links.import_links``): it reads the file
with ``kernel.tabular``, checks every row against the file, the tree and the records already
held, and collects every problem as a ``RowError`` (第N行 列名: 原因). On any problem nothing
is written; otherwise it writes in one transaction and leaves one audit record naming who
imported what and what changed. Importing the same file again changes nothing.
"""
