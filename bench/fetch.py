"""Fetching and folding, against the local test server (tests/webserver.py), politeness delay 0.

Prints: pages per second fetched and extracted (first run, then a re-run answered 304 from the
cache); on PolNeAR articles each served under 1 to 3 URLs (the original, a wire copy with its
own outlet and a credit line inside the article, an AMP page, a mirror that cuts the last
paragraph and adds a "read more" line), the share of copies folded and the documents wrongly
folded; and the cost of building the LSH index from stored signatures.

    python bench/fetch.py [--articles 50] [--signatures 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from webserver import Article, Site, page, polnear_articles, render_page, serve  # noqa: E402

from augury.ingest.copies import CopyFinder, from_bytes  # noqa: E402
from augury.ingest.fetch import Fetcher, FetchSettings, read_urls  # noqa: E402
from augury.runner import IngestReport, collect  # noqa: E402
from augury.store import Store  # noqa: E402

OUTLETS = ["Global Wire", "Daily Mirror Site", "Metro Syndicate"]


def variants(article: Article, k: int, rng: random.Random) -> list[tuple[str, Article, dict]]:
    """The original and k - 1 copies of article: (path, article as served, page look)."""
    copies: list[tuple[str, Article, dict]] = [(f"/news/{article.slug}", article, {})]
    kinds = rng.sample(["wire", "amp", "mirror"], k - 1)
    for kind in kinds:
        outlet = rng.choice(OUTLETS)
        if kind == "wire":
            text = f"This article was first published by {article.outlet}.\n\n{article.text}"
            copies.append((f"/wire/{article.slug}", replace(article, text=text),
                           {"outlet": outlet, "header": f"<p>{outlet}: the wire desk</p>"}))
        elif kind == "amp":
            copies.append((f"/amp/{article.slug}", article, {"amp": True}))
        else:
            paragraphs = article.text.split("\n\n")
            text = "\n\n".join(paragraphs[:-1] or paragraphs)
            text += f"\n\nRead more at {article.outlet}."
            copies.append((f"/mirror/{article.slug}", replace(article, text=text),
                           {"outlet": outlet, "footer": f"<p>Mirrored by {outlet}</p>"}))
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--signatures", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(11)
    site = Site()
    articles = polnear_articles(args.articles, "train")
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        os.environ["AUGURY_FETCH_DELAY"] = "0"
        os.environ["AUGURY_CACHE_DIR"] = str(Path(tmp) / "cache")
        served: list[tuple[str, int]] = []  # (url, index of its story)
        for i, article in enumerate(articles):
            for path, shown, look in variants(article, rng.randint(1, 3), rng):
                site.add(path, page(render_page(shown, f"{base}{path}", **look)))
                served.append((f"{base}{path}", i))
        urls = [u for u, _ in served]

        for label in ("first run", "re-run (304, cache)"):
            fetcher = Fetcher(FetchSettings.from_env())
            start = time.perf_counter()
            read = list(read_urls(urls, fetcher))
            seconds = time.perf_counter() - start
            ok = sum(not isinstance(r, Exception) for r in read)
            print(f"fetch + extract, {label}: {len(urls)} pages ({ok} read) in {seconds:.2f} s"
                  f" = {len(urls) / seconds:.1f} pages/s")

        with Store(Path(tmp) / "bench.db") as store:
            report = IngestReport()
            batch = collect(urls, store, report)
        story = dict(served)
        kept = {d.source for d in batch.documents}
        originals = {u for u, i in served if u.split("/")[3] == "news"}
        expected = len(served) - len(articles)
        folded = [(c.source, batch.documents[n].source)
                  for n, copies in enumerate(batch.copies) for c in copies]
        right = sum(story[c] == story[o] for c, o in folded)
        missed = sorted(kept - originals)
        print(f"near-duplicates: {len(articles)} stories under {len(served)} URLs; "
              f"{expected} copies, {right} folded onto their story "
              f"({right / max(expected, 1):.0%}); {len(folded) - right} folded onto another "
              f"story; {len(batch.documents)} documents kept ({len(kept & originals)} originals)"
              f"; {len(report.errors)} skipped")
        for url in missed:
            print(f"  not folded: {url.removeprefix(base)}")

    rows = [(i, rng.randbytes(128 * 4)) for i in range(args.signatures)]
    start = time.perf_counter()
    CopyFinder(0.7, ((i, from_bytes(b)) for i, b in rows))
    seconds = time.perf_counter() - start
    print(f"LSH index from {args.signatures} stored signatures: {seconds:.2f} s "
          f"({args.signatures * 512 / 2**20:.1f} MiB of signatures)")


if __name__ == "__main__":
    main()
