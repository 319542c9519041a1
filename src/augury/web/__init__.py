"""`augury serve`: the local web app, server-rendered pages and a JSON API over `augury.api`."""

from augury.web.app import create_app

__all__ = ["create_app"]
