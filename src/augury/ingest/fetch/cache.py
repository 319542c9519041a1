"""An on-disk cache of fetched pages: each URL's last answer with the validators it came with
(ETag, Last-Modified), so the next request for it can be conditional and a 304 answer served
from here."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedPage:
    """What a URL last answered with 200: its body and how to ask whether it changed."""

    url: str
    final_url: str
    content_type: str
    etag: str | None
    last_modified: str | None
    body: bytes

    @property
    def validators(self) -> dict[str, str]:
        """The headers of a conditional request for this page."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class PageCache:
    """Pages kept under `folder`, two files per URL (named by its hash): the body and a JSON of
    the rest. Both are written beside their final name and moved over it, so a fetch that is
    interrupted leaves the previous entry whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        base = self.folder / key[:2] / key
        return base.with_suffix(".json"), base.with_suffix(".body")

    def get(self, url: str) -> CachedPage | None:
        """The cached answer for url, None when there is none or it cannot be read."""
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(body).hexdigest() != meta.pop("sha256", None):
            return None  # the two files are from different fetches
        return CachedPage(body=body, **meta)

    def put(self, page: CachedPage) -> None:
        """Keep page as url's last answer."""
        meta_path, body_path = self._paths(page.url)
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in asdict(page).items() if k != "body"}
        meta["sha256"] = hashlib.sha256(page.body).hexdigest()
        _replace(body_path, page.body)
        _replace(meta_path, json.dumps(meta).encode("utf-8"))


def _replace(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)
