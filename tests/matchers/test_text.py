"""Normalisation, numbers, languages, names: what the matcher reads."""

from __future__ import annotations

from matchers.entities import countries_in, country_of, person_names
from matchers.numbers import read_figures
from matchers.text import cognate, guess_language, normalize


def values(sentence: str, lang: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in read_figures(sentence, lang)]


def test_normalise_folds_elision_possessives_and_arabic() -> None:
    assert normalize("Ministero dell'Interno") == "ministero dell interno"
    assert normalize("Guinea's suspension") == "guinea suspension"
    assert normalize("Al-Qa'im") == "al qaim"
    assert normalize("القائمُ") == normalize("القائم")
    assert normalize("Ünïcödé  Text!") == "unicode text"


def test_numbers_are_read_by_language() -> None:
    assert values("un total de 1.206 personas", "es") == [(1206.0, "")]
    assert values("rose 1.206 percent", "en") == [(1.206, "%")]
    assert values("decreased by 1,3 percentage points to 31,9%", "en") == [
        (1.3, "pp"),
        (31.9, "%"),
    ]
    assert values("Avec 575 222 voix, soit 88,70%", "fr") == [(575222.0, ""), (88.7, "%")]
    assert values("بواقع 225 نقطة أساس", "ar") == [(225.0, "bp")]
    assert values("yüzde 42,5 seviyesinde", "tr") == [(42.5, "%")]
    assert values("within seventy-two hours", "en") == [(72.0, "")]
    fourth = read_figures("the fourth reduction since January", "en")
    assert fourth[0].value == 4 and fourth[0].is_ordinal


def test_languages_and_cognates() -> None:
    assert guess_language("El Gobierno nacional informa que el cese al fuego finalizó") == "es"
    assert guess_language("Le Gouvernement de la République se félicite de la signature") == "fr"
    assert guess_language("تسليم العسكريين السوريين") == "ar"
    assert guess_language("") == "und"
    assert cognate("eleccion") == cognate("election")
    assert cognate("inflacion") == "inflation"


def test_countries_by_longest_name_capital_demonym_and_script() -> None:
    def found(text: str) -> list[str]:
        return [p.country for p in countries_in(normalize(text).split(), text)]

    assert found("Guinea-Bissau and Guinea") == ["Guinea-Bissau", "Guinea"]
    assert found("South Sudan and Sudan") == ["South Sudan", "Sudan"]
    assert found("held a meeting in Tbilisi") == ["Georgia"]
    assert found("grateful to our Emirati partners") == ["United Arab Emirates"]
    assert found("وزارة الداخلية العراقية") == ["Iraq"]
    assert found("he told us the US would help") == ["United States"]  # "us" is no country
    assert country_of("Doha") == "Qatar"


def test_person_names_skip_titles_and_institutions() -> None:
    names = [
        n
        for _, n in person_names(
            "The Returning Officer declared M. Séraphin Obame Ndong of the Constitutional Court "
            "elected."
        )
    ]
    assert names == ["Séraphin Obame Ndong"]
