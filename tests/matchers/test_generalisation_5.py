"""Session 3: general fixes for the miss classes listed in eval/README.md (veto, appeal
outcomes, completed reviews, German, Arabic institution names, vote counts, one shared
word of a multi-word name) — each on sentences written here, none taken from any blind
set or the devset."""

from __future__ import annotations

from tests.matchers import support
from tests.matchers.support import pol

question = support.MAY_JUNE_2026.question
outcomes = support.MAY_JUNE_2026.outcomes


# --- veto: a permanent member's negative vote, a president's veto ---------------------------


def test_causal_preposition_ends_the_reach_of_a_negation() -> None:
    text = "The text was not adopted owing to the negative vote of a permanent member."
    assert pol(text, "veto") == "asserted"
    assert pol("Le texte n'a pas été adopté en raison du veto de la Chine.", "veto") == "asserted"
    assert pol("The President did not veto the bill.", "veto") == "negated"
    assert pol("The Council is due to adopt the text on Monday.", "adopt") == "hedged"


VOTE_OPTIONS = ("Adopted", "Vetoed by a permanent member", "Failed to obtain nine votes")


def test_veto_option_of_a_council_vote() -> None:
    q = question(
        "What will be the outcome of the Security Council vote on the draft resolution on "
        "a ceasefire in Yemen's Marib governorate?",
        "United Nations Security Council meetings coverage",
        VOTE_OPTIONS,
    )
    text = (
        "The Security Council today voted on a draft resolution calling for a ceasefire in "
        "Marib, Yemen. The draft received 12 votes in favour, 2 against and 1 abstention, "
        "and was not adopted because of the negative vote of a permanent member of the Council."
    )
    assert outcomes(text, q) == ["Vetoed by a permanent member"]


def test_vetoed_bill_answers_no_for_a_signing_question() -> None:
    q = question(
        "Will the President of Paraguay sign the water utilities privatisation bill?",
        "Presidency of Paraguay",
    )
    text = (
        "The President of Paraguay today vetoed in full the water utilities privatisation "
        "bill passed by Congress, citing its cost to the Treasury."
    )
    assert outcomes(text, q) == ["No"]
    hedged = "The President of Paraguay may veto the water utilities privatisation bill."
    assert outcomes(hedged, q) == []


# --- appeal outcomes: dismissed appeal / confirmed verdict = upheld; quashed = overturned ---

APPEAL = ("Conviction upheld", "Conviction overturned", "Retrial ordered")
APPEAL_Q = (
    "What will the Court of Appeal of Kenya decide on former governor Peter Mwangi Kamau's "
    "appeal against his fraud conviction?"
)
KENYA = "Judiciary of Kenya (Court of Appeal judgments)"


def test_dismissed_appeal_upholds_the_conviction() -> None:
    q = question(APPEAL_Q, KENYA, APPEAL)
    text = (
        "The Court of Appeal of Kenya today dismissed the appeal lodged by Peter Mwangi Kamau "
        "against his conviction for fraud, finding no error in the trial court's judgment."
    )
    assert outcomes(text, q) == ["Conviction upheld"]


def test_set_aside_conviction_is_overturned() -> None:
    q = question(APPEAL_Q, KENYA, APPEAL)
    text = (
        "The Court of Appeal of Kenya set aside the fraud conviction of Peter Mwangi Kamau "
        "and acquitted him of all charges."
    )
    assert outcomes(text, q) == ["Conviction overturned"]


def test_another_defendants_appeal_is_not_the_question_s() -> None:
    q = question(APPEAL_Q, KENYA, APPEAL)
    text = (
        "The Court of Appeal of Kenya allowed the appeal of Grace Wanjiru Otieno, a former "
        "county officer, and quashed her fraud conviction."
    )
    title = "Court of Appeal judgment in the appeal of Grace Wanjiru Otieno"
    assert outcomes(text, q, title) == []


def test_french_confirmed_judgment_upholds() -> None:
    q = question(
        "Will the Abidjan Court of Appeal uphold the conviction of former mayor Koffi Yao "
        "Konan by June 30, 2026?",
        "Official statements from the Ministry of Justice of Côte d'Ivoire",
    )
    text = (
        "Par arrêt rendu ce jour, la Cour d'appel d'Abidjan a confirmé le jugement ayant "
        "déclaré M. Koffi Yao Konan coupable de détournement de deniers publics."
    )
    found = outcomes(text, q, source="Ministère de la Justice de Côte d'Ivoire")
    assert found == ["Yes"]


# --- completing / concluding a review (IMF-style), and the review's number ------------------

REVIEW_Q = (
    "Will the IMF Executive Board complete the fourth review of Sri Lanka's Extended Fund "
    "Facility arrangement by 30 June 2026?"
)


def test_concluded_review_is_completion() -> None:
    q = question(REVIEW_Q, "International Monetary Fund press releases")
    text = (
        "The Executive Board of the IMF today concluded the fourth review of Sri Lanka's "
        "arrangement under the Extended Fund Facility, enabling a disbursement of about "
        "US$340 million."
    )
    assert outcomes(text, q, source="International Monetary Fund") == ["Yes"]


def test_completion_as_a_prospect_or_another_review_is_not() -> None:
    q = question(REVIEW_Q, "International Monetary Fund press releases")
    hedged = (
        "Completion of the fourth review of Sri Lanka's Extended Fund Facility would make "
        "about US$340 million available."
    )
    assert outcomes(hedged, q, source="International Monetary Fund") == []
    other = (
        "The IMF Executive Board today completed the third review of Sri Lanka's Extended "
        "Fund Facility arrangement."
    )
    assert outcomes(other, q, source="International Monetary Fund") == []


def test_complete_response_label_is_not_a_completion() -> None:
    from matchers.spec import classes_in

    assert "complete" not in classes_in("Complete response letter issued")
    assert classes_in("complete") == ["complete"]


# --- institutions named in Arabic; non-cognate institution words -----------------------------


def test_arabic_central_bank_source_speaks_for_its_english_name() -> None:
    from matchers.sources import is_authoritative

    assert is_authoritative("مصرف قطر المركزي", "Qatar Central Bank (QCB) statements", ())
    assert is_authoritative("بنك الكويت المركزي", "Central Bank of Kuwait press releases", ())
    assert not is_authoritative("بنك الكويت المركزي", "Central Bank of Oman statements", ())


def test_parent_body_of_a_named_committee_speaks_for_it() -> None:
    from matchers.sources import speaks_for

    assert speaks_for(
        "Central Bank of Kenya", "Central Bank of Kenya Monetary Policy Committee releases"
    )
    assert not speaks_for(
        "Central Bank of Nigeria", "Central Bank of Kenya Monetary Policy Committee releases"
    )


def test_arabic_release_of_a_rate_cut() -> None:
    q = question(
        "Will the Central Bank of Kuwait cut its discount rate in June 2026?",
        "Central Bank of Kuwait statements",
    )
    text = (
        "قرر بنك الكويت المركزي تخفيض سعر الخصم بمقدار 25 نقطة أساس ليصل إلى 3.75%. "
        "ويأتي هذا القرار في ضوء تراجع معدلات التضخم."
    )
    assert outcomes(text, q, source="بنك الكويت المركزي") == ["Yes"]


def test_short_arabic_hedge_is_a_word_not_a_substring() -> None:
    # "قد" (may) is not the letters inside "النقدية" (monetary)
    assert pol("قررت لجنة السياسة النقدية خفض سعر الفائدة", "cut") == "asserted"
    assert pol("قد تقرر اللجنة خفض سعر الفائدة", "cut") == "hedged"


def test_gloss_gives_english_words_for_other_languages() -> None:
    from matchers.gloss import gloss
    from matchers.text import normalize

    words = normalize("Le Conseil de la Banque a décidé").split()
    found = gloss(words, "fr")
    assert "council" in found and "bank" in found
    german = normalize("Zahl der Erstanträge beim Bundesamt insgesamt").split()
    de = gloss(german, "de")
    assert {"first", "application", "federal", "office"} <= set(de)
    assert "office" not in gloss(["insgesamt"], "de")


# --- German: a language the matcher reads ---------------------------------------------------


def test_german_is_guessed_and_its_numbers_read() -> None:
    from matchers.numbers import read_figures
    from matchers.text import guess_language

    text = "Im Mai wurden insgesamt 12.480 Anträge gestellt, das ist nicht mehr als im April."
    assert guess_language(text) == "de"
    assert next(f.value for f in read_figures(text, "de") if not f.is_year) == 12480


def test_german_verbs_negation_and_hedges() -> None:
    assert pol("Der Landtag hat das Gesetz am Mittwoch angenommen.", "adopt") == "asserted"
    assert pol("Der Antrag wurde nicht angenommen.", "adopt") == "negated"
    assert pol("Das Gesetz soll im Herbst verabschiedet werden.", "adopt") == "hedged"
    assert pol("Der Rat hat die Sanktionen um sechs Monate verlängert.", "extend") == "asserted"
    assert pol("Die Notenbank hat den Leitzins gesenkt.", "cut") == "asserted"


def test_german_parliament_release_answers_an_english_question() -> None:
    q = question(
        "Will the Bundestag pass the federal government's Pension Adjustment Bill by 30 June 2026?",
        "Deutscher Bundestag",
    )
    text = (
        "Der Bundestag hat am Donnerstag den Gesetzentwurf der Bundesregierung zur "
        "Rentenanpassung angenommen. Für den Entwurf stimmten 380 Abgeordnete."
    )
    assert outcomes(text, q, "Bundestag beschließt Rentenanpassung") == ["Yes"]


# --- the direct object of a multi-object title must itself be named --------------------------

DELIST_Q = "Will OFAC remove Baltic Horizon Logistics LLC from the SDN List before 30 June 2026?"
OFAC = "U.S. Treasury Office of Foreign Assets Control (OFAC) recent actions"


def test_one_shared_word_of_the_company_is_not_the_company() -> None:
    q = question(DELIST_Q, OFAC)
    text = "The following entity has been removed from OFAC's SDN List: BALTIC NORTH MARINE FZE."
    assert outcomes(text, q, source="Office of Foreign Assets Control") == []


def test_the_named_company_removed_is_yes() -> None:
    q = question(DELIST_Q, OFAC)
    text = (
        "The following entity has been removed from OFAC's SDN List: BALTIC HORIZON "
        "LOGISTICS LLC, Riga, Latvia."
    )
    assert outcomes(text, q, source="Office of Foreign Assets Control") == ["Yes"]
