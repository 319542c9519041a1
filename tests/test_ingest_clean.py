"""Scraper noise: what must go and what must survive, on the real seeds and on single rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.ingest.clean import clean_text, default_rules, parse_rules, strip_link_stubs

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"

# Per seed: (phrases that must be gone, phrases that must survive).
SEED_CASES = {
    "000_91115d8a09209f64.txt": (
        ["Alex Brandon / AP / TASS", "](#)", "[welcomed", "Original url:", "<https://"],
        [
            "By Moscow Times Reporter\n",
            "November 06, 2024\n",
            "Kamala Harris was welcomed by Russian officials",
            "Moscow's decision to relieve Anatoly Antonov",
            "pointing to what she called the Obama administration's “disastrous and poorly "
            "conceived” Russian reset policy.",
            "The Washington Post reported in April",
            "What about Ukraine?\n",
            "the *process* of mending",
        ],
    ),
    "002_4f7dfeeaba64a533.txt": (
        ["Leave a Reply"],
        ["in an era defined by polarized geopolitics.\n"],
    ),
    "003_63f1aff1d1290f93.txt": (
        [
            "Photo: Maxim Shipenkov",
            "Photo: AP",
            "\nAP\n",
            "Reuters Archive",
            "Credit: Kevin Lamarque",
            "finish the Ukraine war “in 24 hours”",
            "Route 6",
        ],
        [
            "Russia sees opportunity in second Trump term, but remains wary about future\n",
            "For Moscow, the former Republican president's return is good news",
            "Putin and Trump\n",
            "'Good news' for Russia\n",
            "Personal connections\n",
            "on this issue, according to Markov.\n",
            "a Russian political scientist and former advisor of Putin, tells TRT World.",
            'each other," concludes Ignatov.\n',
        ],
    ),
    "004_db97465ef9819302.txt": (
        [
            "worldcuplogo2",
            "Current Edition",
            "Symbol photo",
            "Getty Images",
            "Previous Article",
            "Leave a Reply",
            "Your email address",
        ],
        [
            "The Future of US-Russia Relations Under Trump Presidency\n\nby Maia Otarashvili*\n\n",
            "“I don’t like Assad at all, but Assad is killing ISIS",
            "*Maia Otarashvili is Research Fellow and Program Manager",
            "including the Black Sea and Caucasus states.\n",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_seed_noise_goes_and_the_article_stays(name: str) -> None:
    cleaned = clean_text((SEEDS / name).read_text(encoding="utf-8"))
    gone, kept = SEED_CASES[name]
    assert [phrase for phrase in gone if phrase in cleaned] == []
    assert [phrase for phrase in kept if phrase not in cleaned] == []


def test_seed_003_caption_without_a_credit_is_kept() -> None:
    """Known limit: a caption with no agency, credit or repeat looks like any sentence."""
    cleaned = clean_text((SEEDS / "003_63f1aff1d1290f93.txt").read_text(encoding="utf-8"))
    assert "Zelenskyy's strong connections with the Biden family might hurt" in cleaned


def test_clean_seed_is_unchanged() -> None:
    text = (SEEDS / "001_df6a18557ff6e7a7.txt").read_text(encoding="utf-8")
    assert clean_text(text) == text


def test_every_seed_line_is_kept_whole_or_dropped_whole() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        original = set(strip_link_stubs(text).splitlines())
        assert set(clean_text(text).splitlines()) <= original, path.name


@pytest.mark.parametrize(
    "caption",
    [
        "Alex Brandon / AP / TASS",
        "AP",
        "Maxim Shipenkov / AP",
        "Reuters Archive",
        "Trump speaks in Michigan. Credit: Kevin Lamarque",
        "Putin in Sochi, Russia, Nov. 7, 2024. Photo: Maxim Shipenkov / Photo: AP",
        "Masks of Trump and Putin on a map. (Photo by Ulrich Baumgarten via Getty Images)",
    ],
)
def test_caption_lines_go(caption: str) -> None:
    text = f"Headline about the summit\n\nFirst paragraph.\n\n{caption}\n\nSecond paragraph.\n"
    assert (
        clean_text(text) == "Headline about the summit\n\nFirst paragraph.\n\nSecond paragraph.\n"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The AP reported that the talks had failed.",
        "Reuters Archive footage shows the 2018 Helsinki summit.",
        "The photo by the AP shows Putin smiling.",
        "He gave Trump credit: the deal was his idea.",
        "Moscow / Washington",
        "Putin and Trump",
    ],
)
def test_sentences_that_mention_photos_and_agencies_stay(sentence: str) -> None:
    text = f"First paragraph.\n\n{sentence}\n\nSecond paragraph.\n"
    assert clean_text(text) == text


def test_a_repeated_line_is_a_caption_but_a_repeated_short_one_is_not() -> None:
    caption = "Putin and Trump shake hands in Helsinki."
    text = f"{caption}\n{caption}\n\nWhy?\n\nBecause.\n\nWhy?\n\nBecause, again.\n"
    assert clean_text(text) == "Why?\n\nBecause.\n\nWhy?\n\nBecause, again.\n"


def test_a_short_line_next_to_a_caption_goes_with_it_but_not_a_byline() -> None:
    text = (
        "Title of the story\n\nPutin in Sochi. Photo: AP\nMaxim Shipenkov\nBy John Smith\n\nText.\n"
    )
    assert clean_text(text) == "Title of the story\n\nBy John Smith\n\nText.\n"


def test_a_paragraph_break_survives_a_dropped_caption() -> None:
    assert clean_text("One.\nReuters Archive\n\nTwo.\n") == "One.\n\nTwo.\n"


def test_crumbs_go_only_above_the_headline() -> None:
    text = "• Home\n  • Current Edition\n\nHeadline of the piece\n\n• Sanctions relief\n• Ukraine\n"
    assert clean_text(text) == "Headline of the piece\n\n• Sanctions relief\n• Ukraine\n"


def test_trailing_junk_goes_only_after_a_finished_sentence() -> None:
    assert clean_text("It ended.\n\nRoute 6") == "It ended.\n"
    assert clean_text("It went on and\n\nRoute 6") == "It went on and\n\nRoute 6"
    assert clean_text("Route 6") == "Route 6"


def test_the_comment_form_and_what_follows_go() -> None:
    text = "Last sentence.\n\nLeave a Reply\n\nYour email address will not be published.\nName *\n"
    assert clean_text(text) == "Last sentence.\n"


def test_line_endings_and_spacing_of_kept_lines_are_untouched() -> None:
    text = "  Indented title line  \r\n\r\nReuters Archive\r\n\r\nBody\tline.  \r\n"
    assert clean_text(text) == "  Indented title line  \r\n\r\nBody\tline.  \r\n"


def test_link_stubs_keep_their_words() -> None:
    assert strip_link_stubs("was [welcomed](#) and [“quoted”](#).") == "was welcomed and “quoted”."
    assert strip_link_stubs("[wrote](https://x.com/a) on X") == "wrote on X"
    assert strip_link_stubs("a [bracket] stays") == "a [bracket] stays"


def test_noise_file_sections_parse() -> None:
    rules = default_rules()
    assert rules.head and rules.drop and rules.caption and rules.tail
    assert parse_rules("# only a comment\n[tail]\n^The end$\n").tail[0].pattern == "^The end$"
    with pytest.raises(ValueError, match="line 1"):
        parse_rules("^orphan$\n")


def test_tuned_rules_replace_the_shipped_ones() -> None:
    rules = parse_rules("[drop]\n# a site's sign-off\n^Ends$\n")
    text = "Ends\nBody.\n\nReuters Archive\n\nMore.\n"
    assert clean_text(text, rules) == "Body.\n\nReuters Archive\n\nMore.\n"
