"""The gazetteer: countries, regions and cities, with the spellings news uses."""

from __future__ import annotations

from augury.analyze.places import place_kind, place_within


def test_cities_regions_and_states_are_places_and_countries_countries() -> None:
    for name in ("Kyiv", "Kiev", "Kherson", "Crimea", "Odessa", "Bavaria", "Iowa", "Boston"):
        assert place_kind(name) == "place", name
    for name in ("Kherson Oblast", "the Kherson region", "Autonomous Republic of Crimea"):
        assert place_within(name) == {"Ukraine"}, name
    for name in ("Ukraine", "Russia", "the U.S."):
        assert place_kind(name) == "country", name
    for name in ("Notwithstanding", "Donald Trump", "Hillary", "Ukrainian", "Ohio State"):
        assert place_kind(name) is None, name


def test_only_a_large_city_s_spellings_alike_its_name_count() -> None:
    assert place_within("Kharkov") == {"Ukraine"}  # Kharkiv
    # GeoNames lists "White House" for Casablanca, "Google" for Topeka, "Big Apple" for New York
    for name in ("White House", "Google", "Big Apple"):
        assert place_kind(name) is None, name


def test_a_place_lies_in_its_country_or_us_state() -> None:
    assert place_within("Kiev") == place_within("Kyiv") == {"Ukraine"}
    assert place_within("Crimea") == {"Ukraine"}
    assert place_within("Zaporizhzhia") == {"Ukraine"}
    assert {"Mississippi", "Michigan"} <= place_within("Jackson")
    assert "United States" not in place_within("Jackson")  # a US city says its state
    assert place_within("Iowa") == {"United States"}
    assert place_within("Russian Federation") == {"Russia"}
