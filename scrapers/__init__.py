"""Turn configured resolution sources into findings: fetch, snapshot, parse, extract text.

Nothing here imports Prefect; flows in ``flows/`` wire these functions together.
"""
