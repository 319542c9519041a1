"""The app factory: pages and JSON API over one database, with the safety every route shares."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import swagger_ui_bundle
from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException

from augury.errors import AuguryError
from augury.store import Store
from augury.web import security
from augury.web.reader import Kept, Reader, reading

STATIC = Path(__file__).parent / "static"
# Pages run no script at all; only the API docs page runs Swagger UI's, served from here.
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'")
DOCS_POLICY = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' "
               "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")


@dataclass
class Web:
    """What every route of one app shares: the database, what is kept from it, the templates,
    the CSRF secret and the access token for writes (None: writes need none)."""

    db: str | Path
    token: str | None
    templates: Jinja2Templates
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    kept: Kept = field(default_factory=Kept)

    def read(self) -> AbstractContextManager[Reader]:
        return reading(self.db, self.kept)


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("augury.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["http_url"] = security.http_url
    return Jinja2Templates(env=env)


def create_app(db_path: str | Path, token: str | None = None) -> FastAPI:
    """The web app over the database `db_path`, a SQLite file or a postgresql:// URL (which
    must exist: StoreError otherwise). With `token`, every write must carry it."""
    from augury.web import jsonapi, pages

    # Refuse a missing database now, and migrate an old one.
    with Store(db_path, create=False) as store:
        shown = store.name
    web = Web(db_path, token or None, _templates())
    app = FastAPI(title="Augury", summary="Who said and forecast what, with sources.",
                  docs_url=None, redoc_url=None)
    # The Swagger UI that PyPI ships (4.15) reads OpenAPI 3.0 documents only.
    app.openapi_version = "3.0.3"
    app.state.web = web
    app.state.database = shown  # as messages name it: no password
    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)),
              name="swagger")
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(pages.router(web))
    app.include_router(jsonapi.router(web), prefix="/api")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Augury API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png")

    @app.middleware("http")
    async def guard(request: Request,
                    call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        session = request.cookies.get(security.COOKIE)
        fresh = session is None
        request.state.session = session or security.new_session()
        response = await call_next(request)
        if fresh and not request.url.path.startswith(("/api", "/static")):
            response.set_cookie(security.COOKIE, request.state.session, httponly=True,
                                samesite="strict", path="/")
        docs_page = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = DOCS_POLICY if docs_page else PAGE_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(AuguryError)
    async def bad_input(request: Request, error: AuguryError) -> Response:
        return _error(web, request, 400, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _error(web, request, error.status_code, str(error.detail))

    return app


def _error(web: Web, request: Request, status: int, message: str) -> Response:
    """An error as JSON under /api, else as a page."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=status)
    return web.templates.TemplateResponse(request, "error.html.j2",
                                          {"status": status, "message": message},
                                          status_code=status)
