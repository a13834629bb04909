"""Resolution Desk: resolve forecasting questions from official sources, with a record.

This package holds the ``resdesk`` command, settings and the importers; the pipeline
itself lives in the top-level packages ``db``, ``scrapers``, ``matchers``, ``review`` and
``flows``.
"""

__version__ = "0.1.0"
