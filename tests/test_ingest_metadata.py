"""Metadata from text: what counts as evidence and what does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.ingest.metadata import (
    Metadata,
    bio_subject,
    byline_name,
    dateline_date,
    find_outlet,
    find_title,
    find_url,
    normalise_date,
    outlet_for_url,
    text_metadata,
    url_date,
    wire_outlet,
)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Moscow Times Reporter", "Moscow Times Reporter"),
        ("by Maia Otarashvili*", "Maia Otarashvili"),
        ("By Ben Knight and Jill Serjeant", "Ben Knight and Jill Serjeant"),
        ("Author: Ben Knight", "Ben Knight"),
        ("By the end of 2025, the war could be over.", None),
        ("By 2030 Russia will have rebuilt its army", None),
        ("Bystanders watched the parade", None),
    ],
)
def test_byline(line: str, name: str | None) -> None:
    assert byline_name(line) == name


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("November 06, 2024", "2024-11-06"),
        ("15 November 2024", "2024-11-15"),
        ("Published: Nov. 7, 2024", "2024-11-07"),
        ("Wednesday, November 6, 2024 10:30 AM", "2024-11-06"),
        ("2024-11-06", "2024-11-06"),
        ("Putin spoke in Sochi on Nov. 7, 2024.", None),
        ("November 2024", None),
        ("Route 6", None),
    ],
)
def test_dateline(line: str, day: str | None) -> None:
    assert dateline_date(line) == day


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-11-06T12:30:00Z", "2024-11-06"),
        ("19.01.2020", "2020-01-19"),
        ("6 November 2024", "2024-11-06"),
        ("2024-13-45", None),
        ("sometime in November", None),
    ],
)
def test_normalise_date(value: str, day: str | None) -> None:
    assert normalise_date(value) == day


def test_title_is_the_first_line_only_when_it_is_a_headline() -> None:
    assert find_title(["By Jane Roe", "Nov. 7, 2024", "Putin meets Trump in Helsinki"]) == (
        "Putin meets Trump in Helsinki"
    )
    assert find_title(["Putin met Trump in Helsinki on Monday.", "Short headline later"]) is None
    assert find_title(["Why?", "A headline further down"]) is None


@pytest.mark.parametrize(
    ("paragraph", "name"),
    [
        (
            "Ian Hill is a retired senior career diplomat in the New Zealand foreign ministry.",
            "Ian Hill",
        ),
        (
            "*Maia Otarashvili is Research Fellow and Program Manager of the Eurasia Program.",
            "Maia Otarashvili",
        ),
        ("Vladimir Putin is a pragmatist. He is a former KGB officer.", None),
        ("Ruth Deyermond said the alliance is a fellowship of equals.", None),
    ],
)
def test_bio_subject(paragraph: str, name: str | None) -> None:
    assert bio_subject(paragraph) == name


def test_a_bio_names_the_author_only_as_the_last_paragraph_and_without_a_byline() -> None:
    bio = "Ian Hill is a retired senior career diplomat."
    assert text_metadata(f"Headline of the essay\n\nBody text.\n\n{bio}\n").author == "Ian Hill"
    assert text_metadata(f"Headline of the essay\n\n{bio}\n\nBody text.\n").author is None
    assert text_metadata(f"Headline of the essay\nBy Jane Roe\n\n{bio}\n").author == "Jane Roe"


@pytest.mark.parametrize(
    ("text", "url", "outlet"),
    [
        ("The article was first published on\xa0The Interpreter.", None, "The Interpreter"),
        ("This article originally appeared in Foreign Policy.", None, "Foreign Policy"),
        (
            "“No,” Kuhrt told The Moscow Times. “Never,” she told The Moscow Times.",
            None,
            "The Moscow Times",
        ),
        (
            "Markov tells TRT World. Later, Ignatov tells TRT World in an interview.",
            None,
            "TRT World",
        ),
        (
            "The Moscow Times takes a look.",
            "https://www.themoscowtimes.com/2024/a1",
            "The Moscow Times",
        ),
        ("An official told Reuters.", "https://www.reuters.com/world/a1", "Reuters"),
    ],
)
def test_outlet_evidence(text: str, url: str | None, outlet: str) -> None:
    assert find_outlet(text, url) == outlet


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("The Washington Post reported in April that talks were planned.", None),
        ("The Washington Post said, citing a person close to Trump. It was reported.", None),
        ("An official told Reuters. Another spoke to the press.", None),
        ("Trump told Putin that he wanted a deal. Trump told Putin again.", None),
        # an unknown domain that the text does not spell names no outlet
        ("Nothing in this text names the site.", "https://www.example-news.com/2024/a1"),
    ],
)
def test_citing_or_addressing_others_is_not_outlet_evidence(text: str, url: str | None) -> None:
    assert find_outlet(text, url) is None


def test_one_interview_line_counts_when_the_byline_names_the_outlet() -> None:
    text = "“Maybe,” Kuhrt told The Moscow Times."
    assert find_outlet(text, byline="Moscow Times Reporter") == "The Moscow Times"
    assert find_outlet(text, byline="Jane Roe") is None


def test_url_from_the_original_url_line_or_a_bracketed_link() -> None:
    assert (
        find_url("Body.\n\nOriginal url:\n\n<https://example.org/a-1>") == "https://example.org/a-1"
    )
    assert find_url("Body.\nOriginal URL: https://example.org/b") == "https://example.org/b"
    assert find_url("Body.\n<https://example.org/c>\n") == "https://example.org/c"
    assert find_url("See https://example.org/d in the middle of a sentence.") is None


def test_known_fields_win_over_the_fallback() -> None:
    given = Metadata(title="Given", date="2024-11-14")
    stated = Metadata(title="Stated", author="Ian Hill", date="2024-11-15")
    assert given.or_else(stated) == Metadata(title="Given", author="Ian Hill", date="2024-11-14")


POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "data"


@pytest.mark.parametrize(
    ("url", "outlet", "day"),
    [
        ("https://www.themoscowtimes.com/2024/11/06/will-a-second-trump-presidency-reshape-us-"
         "russia-ties-experts-weigh-in-a86922", "The Moscow Times", "2024-11-06"),
        ("https://www.nytimes.com/2016/09/08/us/politics/obama-climate.html",
         "The New York Times", "2016-09-08"),
        ("https://edition.cnn.com/2016-11-16/politics/trump", "CNN", "2016-11-16"),
        ("https://example.org/news/trump-putin", None, None),
        ("https://example.org/2016/13/45/not-a-date", None, None),
    ],
)
def test_outlet_and_date_from_the_url(url: str, outlet: str | None, day: str | None) -> None:
    assert outlet_for_url(url) == outlet
    assert url_date(url) == day


def test_url_metadata_fills_what_the_text_does_not_say() -> None:
    text = "Putin and Trump to meet in Helsinki\n\nThe two leaders will meet on Monday, aides said."
    stated = text_metadata(text, url="https://www.washingtonpost.com/news/2018/07/10/helsinki/")
    assert (stated.outlet, stated.date) == ("The Washington Post", "2018-07-10")


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("MOSCOW (Reuters) - Russia said on Monday it would respond in kind.", "Reuters"),
        ("WASHINGTON, July 10. /TASS/. The United States will not lift the sanctions.", "TASS"),
        ("New York (AFP) – The mayor said on Friday the vote would go ahead.",
         "Agence France-Presse"),
        ("DENVER, Colo. (AP) — The governor signed the bill on Friday.", "Associated Press"),
        ("Trump (R) - the candidate - spoke on Monday.", None),
    ],
)
def test_wire_datelines_name_the_outlet(text: str, outlet: str | None) -> None:
    assert text_metadata(text).outlet == outlet


def test_wire_dateline_of_a_polnear_article() -> None:
    path = POLNEAR / "train" / "text" / "breitbart_2016-01-10_trump-tells-in-reno-nfl-has-gone.txt"
    if not path.exists():
        pytest.skip(f"PolNeAR not found at {POLNEAR}")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert wire_outlet(lines) == "Associated Press"


@pytest.mark.parametrize(
    "chrome",
    ["Support The Moscow Times!", "Democracy Dies in Darkness",
     "Chevron icon It indicates an expandable section or menu", "All news"],
)
def test_site_chrome_is_never_the_title(chrome: str) -> None:
    assert find_title([chrome, "Putin meets Trump in Helsinki"]) == "Putin meets Trump in Helsinki"


def test_a_date_marker_is_cut_from_the_title() -> None:
    assert find_title(["date 2017-07-07 Putin meets Trump in Helsinki"]) == (
        "Putin meets Trump in Helsinki")


def test_title_case_headline_may_end_with_a_full_stop() -> None:
    assert find_title(["Small Steps Toward Lasting Peace."]) == "Small Steps Toward Lasting Peace"
    assert find_title(["Putin met Trump in Helsinki on Monday."]) is None


def test_a_short_line_over_a_longer_paragraph_is_the_headline_despite_its_full_stop() -> None:
    # PolNeAR dev: "Former DNC chairman calls for Clinton contingency plan." over its lede
    path = POLNEAR / "dev" / "text" / "politico_2016-09-12_former-dnc-chairman-calls-for-cl.txt"
    if not path.exists():
        pytest.skip(f"PolNeAR not found at {POLNEAR}")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert find_title(lines) == "Former DNC chairman calls for Clinton contingency plan"
    # a lede as long as the paragraph after it is no headline
    assert find_title(lines[1:]) is None
