"""The app the benchmark serves: the real review app on the scratch schema's URL."""

from __future__ import annotations

import os

from fastapi import FastAPI

from db.engine import create_db_engine, make_sessionmaker
from review.api import create_app
from review.settings import ReviewSettings


def make_app() -> FastAPI:
    """uvicorn factory; reads BENCH_DATABASE_URL (set by bench.review.run)."""
    engine = create_db_engine(os.environ["BENCH_DATABASE_URL"])
    return create_app(make_sessionmaker(engine), ReviewSettings(double_review_below=0.0))
