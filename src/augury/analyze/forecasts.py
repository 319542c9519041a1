"""Forecasts and pledges (scaffold: replaced by the real component)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("forecasts"):
    Doc.set_extension("forecasts", default=None)


@Language.factory("augury_forecasts", assigns=["doc._.forecasts"], requires=["doc._.quotes"])
def make_forecasts(nlp: Language, name: str) -> ForecastFinder:
    return ForecastFinder()


class ForecastFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.forecasts = []
        return doc
