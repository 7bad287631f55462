"""The real app for uvicorn's ``--factory``: settings from the environment, as in production."""

from __future__ import annotations

from fastapi import FastAPI

from linkedin_bot.api.app import create_app
from linkedin_bot.core.settings import get_settings


def create() -> FastAPI:
    return create_app(get_settings(), migrate=True)
