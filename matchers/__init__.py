"""Turn findings and open questions into scored proposals with verbatim citations.

``matchers.text`` and ``matchers.core`` are plain functions over plain data (no
database, network or Prefect); ``matchers.store`` loads and saves them through ``db``.
"""
