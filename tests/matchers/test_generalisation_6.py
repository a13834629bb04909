"""Session 3, fourth blind set: general fixes for the failure classes eval/blind4/README.md
lists (which figure of a release is the asked one; ...) — each on sentences written here,
none taken from any blind set or the devset."""

from __future__ import annotations

from matchers.numbers import read_figures
from tests.matchers import support
from tests.matchers.support import pol

question = support.MAY_JUNE_2026.question
outcomes = support.MAY_JUNE_2026.outcomes


# --- 1. which figure of a release is the asked one -------------------------------------------


def test_date_parts_and_page_numbers_are_not_figures() -> None:
    figs = read_figures("Published 04/06/2026: the index stood at 98.6 points. Page 3 of 9", "en")
    assert [f.value for f in figs if not (f.is_date or f.is_year)] == [98.6, 9.0]
    figs = read_figures("Situation as of 30 April 2026: 412,300 displaced people", "en")
    assert [f.value for f in figs if not (f.is_date or f.is_year)] == [412300.0]
    figs = read_figures("Periodo del 1 al 31 de mayo de 2026: 2.140 personas", "es")
    assert [f.value for f in figs if not (f.is_date or f.is_year)][-1] == 2140.0
    assert not read_figures("It rose to 12 in April", "en")[0].is_date


GDP_BANDS = ("Below 3.0%", "3.0% to 3.9%", "4.0% or higher")


def test_a_year_question_skips_the_quarter_figure() -> None:
    q = question(
        "What will Kenya's GDP growth rate for 2025 be, as first published by the "
        "Kenya National Bureau of Statistics?",
        "Kenya National Bureau of Statistics releases",
        GDP_BANDS,
    )
    text = (
        "Kenya's GDP grew by 4.6% in the fourth quarter of 2025 compared with the same quarter "
        "of 2024. Over the whole of 2025, Kenya's GDP expanded by 3.4%, the Bureau said."
    )
    assert outcomes(text, q) == ["3.0% to 3.9%"]


UNEMPLOYMENT_BANDS = ("Below 9.0%", "9.0% to 9.9%", "10.0% or higher")


def test_the_new_value_of_a_from_to_change_is_read() -> None:
    q = question(
        "What will Tunisia's unemployment rate for the first quarter of 2026 be, according to "
        "the Institut National de la Statistique?",
        "Institut National de la Statistique (INS) Tunisia",
        UNEMPLOYMENT_BANDS,
    )
    text = (
        "Au premier trimestre de 2026, le taux de chômage en Tunisie est passé de 10,2% à 9,6%, "
        "et de 13,1% à 12,7% chez les femmes."
    )
    assert outcomes(text, q, source="Institut National de la Statistique") == ["9.0% to 9.9%"]
    english = (
        "In Tunisia the unemployment rate fell from 10.2% to 9.6% in the first quarter of 2026."
    )
    assert outcomes(english, q, source="Institut National de la Statistique") == ["9.0% to 9.9%"]


CPI_BANDS = ("Below 3.00%", "3.00% to 3.49%", "3.50% or higher")


def test_a_twelve_month_rate_beats_the_monthly_one_in_the_same_release() -> None:
    q = question(
        "What will Colombia's 12-month consumer price inflation rate for May 2026 be, as "
        "published by DANE?",
        "DANE (Departamento Administrativo Nacional de Estadística) CPI releases",
        CPI_BANDS,
    )
    text = (
        "En mayo de 2026, la inflación en Colombia, medida por el índice de precios al "
        "consumidor, fue de 0,41%. De esta forma, la variación acumulada en 12 meses se ubicó "
        "en 3,22%."
    )
    assert outcomes(text, q, source="DANE") == ["3.00% to 3.49%"]


def test_an_index_with_a_suffix_is_another_index() -> None:
    q = question(
        "What will Colombia's 12-month consumer price inflation rate for May 2026 be, as "
        "published by DANE?",
        "DANE (Departamento Administrativo Nacional de Estadística) CPI releases",
        CPI_BANDS,
    )
    text = (
        "Según el DANE, el IPC-20 de Colombia se ubicó en 2,10% en mayo de 2026. La inflación "
        "de Colombia medida por el IPC en 12 meses se ubicó en 3,61% en mayo de 2026."
    )
    assert outcomes(text, q, source="DANE") == ["3.50% or higher"]


INDEX_BANDS = ("Below 100.0", "100.0 to 109.9", "110.0 or higher")


def test_a_sub_index_is_not_the_named_index() -> None:
    q = question(
        "What will the Global Metals Price Index average for May 2026 be?",
        "Global Metals Price Index releases (International Metals Study Group)",
        INDEX_BANDS,
    )
    text = (
        "The Global Metals Price Index averaged 104.2 points in May 2026. The Copper Price "
        "Index averaged 131.5 points. The Zinc Price Index averaged 88.0 points."
    )
    assert outcomes(text, q, source="International Metals Study Group") == ["100.0 to 109.9"]


COUNT_BANDS = ("Below 500,000", "500,000 to 599,999", "600,000 or more")


def test_a_count_by_origin_is_not_the_total() -> None:
    q = question(
        "How many refugees and asylum-seekers will UNHCR report in Chad as of 31 May 2026?",
        "UNHCR Chad operational updates",
        COUNT_BANDS,
    )
    text = (
        "CHAD | FACT SHEET\n1–31 May 2026\n"
        "548,900 refugees and asylum-seekers in Chad\n"
        "402,115 from Sudan | 98,020 from the Central African Republic\n"
        "31,400 new arrivals since 1 January 2026"
    )
    assert outcomes(text, q, source="UNHCR") == ["500,000 to 599,999"]


def test_disagreeing_figures_of_one_release_propose_nothing() -> None:
    q = question(
        "How many refugees and asylum-seekers will UNHCR report in Chad as of 31 May 2026?",
        "UNHCR Chad operational updates",
        COUNT_BANDS,
    )
    text = (
        "Chad hosts 548,900 refugees and asylum-seekers. A second table of the same update "
        "gives 640,000 refugees and asylum-seekers in Chad."
    )
    assert outcomes(text, q, source="UNHCR") == []


# --- 2. votes given as counts ------------------------------------------------------------------


COUNT_OPTIONS = ("15 (unanimous)", "13 or 14", "12 or fewer", "Not adopted")


def test_votes_in_favour_pick_the_count_option() -> None:
    q = question(
        "How many Security Council members will vote in favour of the resolution renewing the "
        "mandate of the UN Interim Security Force for Abyei (UNISFA) in May 2026?",
        "United Nations meetings coverage",
        COUNT_OPTIONS,
    )
    text = (
        "The Security Council today renewed the mandate of the United Nations Interim Security "
        "Force for Abyei (UNISFA) until 15 November 2026. The Council adopted resolution 2860 "
        "(2026) by a vote of 12 in favour to 1 against, with 2 abstentions."
    )
    assert outcomes(text, q, source="United Nations") == ["12 or fewer"]
    text14 = text.replace(
        "12 in favour to 1 against, with 2", "14 in favour to none against, with 1"
    )
    assert outcomes(text14, q, source="United Nations") == ["13 or 14"]


def test_a_vote_count_in_a_planned_vote_is_not_the_result() -> None:
    q = question(
        "How many Security Council members will vote in favour of the resolution renewing the "
        "mandate of the UN Interim Security Force for Abyei (UNISFA) in May 2026?",
        "United Nations meetings coverage",
        COUNT_OPTIONS,
    )
    text = (
        "Diplomats said the Council may adopt the draft on UNISFA for Abyei with 13 votes in "
        "favour next week."
    )
    assert outcomes(text, q, source="United Nations") == []


def test_rejected_by_the_vote_answers_no_for_an_approve_question() -> None:
    q = question(
        "Will Liechtenstein voters approve the 'Fair Pensions' popular initiative in the vote "
        "of 14 June 2026?",
        "Government of the Principality of Liechtenstein official results",
    )
    text = (
        "In Liechtenstein, the popular initiative 'Fair Pensions' was rejected by 61.3% of "
        "voters in the vote of 14 June 2026."
    )
    assert outcomes(text, q, source="Government of the Principality of Liechtenstein") == ["No"]
    advice = (
        "In Liechtenstein, the Government rejects the popular initiative 'Fair Pensions' and "
        "recommends a no vote on 14 June 2026."
    )
    assert outcomes(advice, q, source="Government of the Principality of Liechtenstein") == []


# --- 3. decision wording in other languages; names across an inserted clause -----------------


RATE_OPTIONS = ("Cut", "Hold", "Hike")


def test_russian_rate_decisions() -> None:
    q = question(
        "What will the National Bank of the Kyrgyz Republic decide on its policy rate at the "
        "Board meeting of 9 June 2026?",
        "National Bank of the Kyrgyz Republic press releases",
        RATE_OPTIONS,
    )
    src = "National Bank of the Kyrgyz Republic"
    hold = (
        "Правление Национального банка Кыргызской Республики 9 июня 2026 года приняло "
        "решение оставить учетную ставку без изменений на уровне 9 процентов."
    )
    cut = (
        "Правление Национального банка Кыргызской Республики 9 июня 2026 года приняло "
        "решение снизить учетную ставку на 50 базисных пунктов, до 8,5 процента."
    )
    assert outcomes(hold.replace("учетную", "основную"), q, source=src) == ["Hold"]
    assert outcomes(cut.replace("учетную", "ключевую"), q, source=src) == ["Cut"]


def test_an_amount_between_the_cut_and_the_rate() -> None:
    q = question(
        "What will the Central Bank of Paraguay decide on its monetary policy rate at its "
        "June 2026 meeting?",
        "Banco Central del Paraguay monetary policy statements",
        RATE_OPTIONS,
    )
    text = (
        "El Comité de Política Monetaria del Banco Central del Paraguay decidió por unanimidad "
        "reducir en 25 puntos básicos la tasa de política monetaria, que se ubica en 5,50%."
    )
    assert outcomes(text, q, source="Banco Central del Paraguay") == ["Cut"]


WINNER_OPTIONS = ("Amadou Sy", "Mariama Kanté", "Other")


def test_declared_elected_across_a_party_and_an_inserted_clause() -> None:
    q = question(
        "Who will be declared the winner of Mauritania's presidential election held on "
        "14 June 2026?",
        "Commission Électorale Nationale Indépendante (CENI) of Mauritania",
        WINNER_OPTIONS,
    )
    text = (
        "In accordance with the electoral code of Mauritania, Mariama Kanté of the Union for "
        "Renewal, having obtained the absolute majority of votes cast, namely 512,004 (53.2%), "
        "is hereby declared elected President of the Islamic Republic of Mauritania."
    )
    assert outcomes(text, q, source="CENI") == ["Mariama Kanté"]


def test_a_tolerance_margin_is_not_a_figure() -> None:
    assert [f.value for f in read_figures("within the 3.0±1% target range", "en")] == [3.0]


# --- 4. outcomes worded as negations or refusals -------------------------------------------------


def test_not_renewing_a_listing_is_a_removal() -> None:
    q = question(
        "Will the EU remove Tomas Verhoeven Lind from its Belarus sanctions list when it "
        "renews the restrictive measures in June 2026?",
        "Council of the European Union press releases",
    )
    text = (
        "Following its review of the EU restrictive measures against Belarus, the Council "
        "decided not to renew the sanctions listing of one person, Tomas Verhoeven Lind."
    )
    assert outcomes(text, q, source="Council of the European Union") == ["Yes"]
    kept = text.replace("decided not to renew", "decided to renew")
    assert outcomes(kept, q, source="Council of the European Union") == []


def test_a_refused_proposal_is_a_no_decision() -> None:
    q = question(
        "Will Kenya's Cabinet extend the moratorium on logging in public forests beyond "
        "30 June 2026?",
        "Cabinet of Kenya dispatches",
    )
    src = "Cabinet of Kenya"
    text = (
        "The Cabinet of Kenya rejected the proposal to extend the moratorium on logging in "
        "public forests beyond 30 June 2026."
    )
    assert outcomes(text, q, source=src) == ["No"]
    maybe = text.replace("rejected", "may consider")
    assert outcomes(maybe, q, source=src) == []
    not_refused = text.replace("rejected", "has not rejected")
    assert outcomes(not_refused, q, source=src) == []


def test_a_mandate_that_shall_continue_is_renewed() -> None:
    q = question(
        "Will the UN Security Council renew the mandate of the UN Mission in Liberia (UNMIL) "
        "before it expires on 31 May 2026?",
        "United Nations Security Council meetings coverage",
    )
    text = (
        "By resolution 2866 (2026), the Security Council decided that the mandate of the "
        "United Nations Mission in Liberia (UNMIL) shall continue until 31 May 2027."
    )
    assert outcomes(text, q, source="United Nations") == ["Yes"]


def test_the_month_may_is_not_the_modal() -> None:
    assert pol("The Council extended the mission until 31 May 2027.", "extend") == "asserted"
    assert pol("In May 2026 the Board extended the programme.", "extend") == "asserted"
    assert pol("The Board may extend the programme in June.", "extend") == "hedged"


# --- 5. the title's verb; office ended by decree; Russian results --------------------------------


def test_an_adjective_is_not_the_titles_verb() -> None:
    from matchers.spec import main_classes

    title = "Will the constitutional amendments put to a referendum in Armenia be approved?"
    assert main_classes(title) == ["approve"]
    assert main_classes("Will the court repeal the regional decree?") != ["determine"]


def test_russian_referendum_result_answers_yes() -> None:
    q = question(
        "Will the constitutional amendments put to a referendum in Tajikistan on 7 June 2026 "
        "be approved?",
        "Central Commission for Elections and Referenda of Tajikistan",
    )
    text = (
        "Центральная комиссия по выборам и референдумам Республики Таджикистан признала "
        "референдум состоявшимся, а поправки в Конституцию Таджикистана — одобренными "
        "большинством: изменения приняты."
    )
    src = "Central Commission for Elections and Referenda"
    assert outcomes(text, q, "Tajikistan: referendum of 7 June 2026", src) == ["Yes"]


def test_office_ended_by_decree_is_leaving_office() -> None:
    q = question(
        "Will Senegal's Minister of Finance Ousmane Kébé leave office by 30 June 2026?",
        "Présidence de la République du Sénégal",
    )
    src = "Présidence de la République du Sénégal"
    text = (
        "Par décret du 3 juin 2026, il est mis fin aux fonctions de Ministre des Finances du "
        "Sénégal de Monsieur Ousmane Kébé."
    )
    assert outcomes(text, q, source=src) == ["Yes"]
    not_yet = "Le Président n'a pas mis fin aux fonctions de Ministre des Finances du Sénégal."
    assert outcomes(not_yet, q, source=src) == []
