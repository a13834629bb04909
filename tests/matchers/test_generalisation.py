"""The general fixes found by the blind split (eval/blind/): each on sentences written here,
none taken from the blind set."""

from __future__ import annotations

from matchers.lexicon import CLASS_BY_NAME
from matchers.numbers import read_figures
from matchers.spec import parse_band
from tests.matchers.support import doc, outcomes, pol, question

# --- numbers ------------------------------------------------------------------------------


def test_number_words_take_the_unit_after_the_whole_run() -> None:
    [f] = read_figures("Participation reached forty-one per cent of registered voters.", "en")
    assert (f.value, f.unit) == (41.0, "%")
    [g] = read_figures("The ceasefire lasted seventy-two hours.", "en")
    assert (g.value, g.unit) == (72.0, "")


def test_band_labels_with_scale_words() -> None:
    band = parse_band("2 million or more")
    assert band is not None and band["lo"] == 2_000_000 and band["hi"] is None
    rng = parse_band("1.5 million to 2 million")
    assert rng is not None and (rng["lo"], rng["hi"]) == (1_500_000, 2_000_000)


POP = question(
    "arrivals",
    "How many refugees will UNHCR report Niger has received from Mali by December 31, 2025?",
    "Under 500,000",
    "500,000 to 999,999",
    "1 million or more",
    source="UNHCR press releases",
)


def test_more_than_a_figure_is_a_lower_bound_that_can_settle_an_open_band() -> None:
    f = doc(
        1,
        "Niger, which has hosted refugees from Mali since 2012, has received more than "
        "1.3 million refugees, UNHCR said today.",
        "UNHCR",
        title="Niger: refugee arrivals from Mali",
    )
    assert outcomes([f], POP) == ["1 million or more"]


def test_a_lower_bound_just_below_a_band_edge_settles_nothing() -> None:
    f = doc(
        1,
        "Niger, which has hosted refugees from Mali since 2012, has received more than "
        "999,000 refugees, UNHCR said today.",
        "UNHCR",
        title="Niger: refugee arrivals from Mali",
    )
    assert outcomes([f], POP) == []


CPI = question(
    "ke-cpi",
    "What will Kenya's annual consumer price inflation for May 2025 be, according to KNBS?",
    "Below 4%",
    "4% to 5.9%",
    "6% or higher",
    source="Kenya National Bureau of Statistics (KNBS)",
)


def test_a_qualifier_after_the_figure_is_its_own() -> None:
    f = doc(
        1,
        "The consumer price index rose by 0.62% on monthly basis, 5.94% on annual basis in "
        "May 2025.",
        "Kenya National Bureau of Statistics",
        title="Consumer Price Indices and Inflation, May 2025",
    )
    # 5.94 fits "4% to 5.9%" only when not rounded to the coarser band's whole number
    assert outcomes([f], CPI) == ["4% to 5.9%"]


def test_producer_prices_are_another_index() -> None:
    ppi = doc(
        2,
        "The producer price index rose by 1.1% on monthly basis, 7.2% on annual basis in May 2025.",
        "Kenya National Bureau of Statistics",
        title="Producer Price Index, May 2025",
    )
    assert outcomes([ppi], CPI) == []


# --- hedges -------------------------------------------------------------------------------


def test_event_nouns_as_prospects_are_hedged() -> None:
    assert pol("Further cuts could follow later in the year.", "cut") == "hedged"
    assert pol("A truce might be agreed at the next round.", "ceasefire") == "hedged"
    assert pol("La Junta no descarta recortes adicionales.", "cut") != "asserted"
    assert pol("The outlook leaves room for a cut in the policy rate.", "cut") == "hedged"
    # a relative clause is another event: the cut itself is stated
    assert pol("The Committee cut the rate, which may support credit.", "cut") == "asserted"
    assert pol("The Board cut the rate that could have stayed high.", "cut") == "asserted"


def test_a_future_with_an_effective_date_is_a_decision() -> None:
    decided = "The key rates will be lowered to 3.00%, with effect from 2 July 2025."
    assert pol(decided, "cut") == "asserted"
    assert pol("The key rates will be lowered at a later meeting.", "cut") == "hedged"


def test_spanish_and_portuguese_cut_verbs() -> None:
    cues = CLASS_BY_NAME["cut"].cues
    assert "disminu~" in cues and "diminu~" in cues
    q = question(
        "cl-rate",
        "Will the Central Bank of Chile lower its monetary policy rate in June 2025?",
        "Yes",
        "No",
        source="Banco Central de Chile statements",
    )
    f = doc(
        1,
        "El Consejo del Banco Central de Chile acordó disminuir la tasa de política "
        "monetaria en 25 puntos base, hasta 4,75%.",
        "Banco Central de Chile",
        title="Reunión de Política Monetaria de junio",
    )
    assert outcomes([f], q) == ["Yes"]


# --- sources, retrieval, names --------------------------------------------------------------


def test_the_reference_rate_is_the_rate_a_band_question_asks_about() -> None:
    q = question(
        "hu-ref",
        "What will the National Bank of Hungary's reference rate be after its June 2025 meeting?",
        "Below 6.00%",
        "6.00% to 6.49%",
        "6.50% or higher",
        source="National Bank of Hungary (MNB) Monetary Council statements",
    )
    rates = doc(
        1,
        "The Monetary Council decided to leave the NBH interest rates unchanged, with the "
        "reference rate at 6.50%, the overnight deposit rate at 5.50% and the collateralised "
        "loan rate at 7.50%. Inflation in May amounted to 4.4%.",
        "Magyar Nemzeti Bank",
        title="Monetary Council decisions, June 2025",
    )
    assert outcomes([rates], q) == ["6.50% or higher"]


def test_a_statistics_office_need_not_name_itself_by_its_short_name() -> None:
    q = question(
        "eg-cpi",
        "What will Egypt's annual urban headline inflation for June 2025 be, according to CAPMAS?",
        "Below 15%",
        "15% to 19.9%",
        "20% or higher",
        source="Central Agency for Public Mobilization and Statistics (CAPMAS)",
    )
    f = doc(
        1,
        "Annual urban headline inflation in Egypt reached 14.9% in June 2025.",
        "Central Agency for Public Mobilization and Statistics",
        title="Urban inflation, June 2025",
    )
    assert outcomes([f], q) == ["Below 15%"]


NAGA = question(
    "mm-naga",
    "Will the Myanmar government announce a ceasefire with the Naga Defence Army by "
    "December 31, 2025?",
    "Yes",
    "No",
    source="Official statements from the Myanmar Ministry of Information",
)


def test_a_ceasefire_with_another_group_is_not_the_question() -> None:
    other = doc(
        1,
        "The Government announced that a ceasefire with the Karenni Liberation Army took "
        "effect on 1 June 2025.",
        "Myanmar Ministry of Information",
        title="Ceasefire agreed in Kayah State",
    )
    assert outcomes([other], NAGA) == []
    own = doc(
        2,
        "The Government announced that a ceasefire with the Naga Defence Army took effect "
        "on 1 June 2025.",
        "Myanmar Ministry of Information",
        title="Ceasefire agreed in Sagaing Region",
    )
    assert outcomes([own], NAGA) == ["Yes"]


def test_a_winner_named_before_an_inserted_clause() -> None:
    q = question(
        "tg-pres",
        "Who will be proclaimed the winner of Togo's 2025 presidential election?",
        "Komi Mensah",
        "Adjoa Lawson",
        "Other",
        source="Constitutional Court of Togo",
    )
    f = doc(
        1,
        "Mme Adjoa LAWSON, ayant obtenu 51,20 % des suffrages exprimés, est proclamée élue "
        "Présidente de la République.",
        "Cour constitutionnelle du Togo",
        title="Proclamation des résultats définitifs de l'élection présidentielle au Togo",
    )
    assert outcomes([f], q) == ["Adjoa Lawson"]
